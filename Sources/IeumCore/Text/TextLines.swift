/// The one line splitter: every place that numbers, comments on or compares lines of text uses it.
///
/// Browsers send form text with CRLF line ends, and Swift treats "\r\n" as a single Character, so splitting a
/// String on the Character "\n" leaves CRLF text as one line. This works on Unicode scalars instead and takes
/// "\r\n", "\r" and "\n" each as one line end.
public enum TextLines {
    /// "\r\n" and lone "\r" become "\n"; nothing else changes.
    public static func normalized(_ text: String) -> String {
        guard text.unicodeScalars.contains("\r") else { return text }
        var out = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                out.append("\n")
                previousWasCR = true
                continue
            }
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            out.append(scalar)
        }
        return String(out)
    }

    /// The lines as an editor numbers them: a final line end does not start another line; empty text has none.
    public static func split(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = scalar == "\r"
            if scalar == "\n" || scalar == "\r" {
                lines.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { lines.append(String(current)) }
        return lines
    }
}
