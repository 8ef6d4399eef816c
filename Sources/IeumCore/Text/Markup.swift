/// The one escaper for HTML, SVG and XML text and attribute values. With `forXML`, characters XML 1.0 cannot
/// hold (control characters other than tab and line ends, U+FFFE, U+FFFF) are dropped, as spreadsheet XML needs.
public enum Markup {
    public static func escape(_ text: String, forXML: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(c)
            default:
                if forXML && (c.value < 0x20 || c.value == 0xFFFE || c.value == 0xFFFF) { continue }
                out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
