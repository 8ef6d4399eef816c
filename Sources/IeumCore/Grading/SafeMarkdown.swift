import Foundation

/// Markdown for assignment statements, rendered so that nothing a writer types becomes markup of its own:
/// every character of text is escaped, only the constructs below produce tags, and links keep http(s) only.
/// Headings (#, ##, ###), paragraphs, fenced code blocks (```), `inline code`, **bold**, *italic*, - lists,
/// 1. lists and [text](https://…) links.
public enum SafeMarkdown {
    public static func html(_ source: String) -> String {
        var out = ""
        var paragraph: [String] = []
        var list: (ordered: Bool, items: [String])? = nil
        var code: [String]? = nil

        func flushParagraph() {
            if !paragraph.isEmpty { out += "<p>" + inline(paragraph.joined(separator: " ")) + "</p>\n" }
            paragraph = []
        }
        func flushList() {
            if let current = list {
                let tag = current.ordered ? "ol" : "ul"
                out += "<\(tag)>" + current.items.map { "<li>" + inline($0) + "</li>" }.joined() + "</\(tag)>\n"
            }
            list = nil
        }

        for line in TextLines.split(source) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if var block = code {
                if trimmed.hasPrefix("```") {
                    out += "<pre><code>" + escape(block.joined(separator: "\n")) + "</code></pre>\n"
                    code = nil
                } else {
                    block.append(line)
                    code = block
                }
                continue
            }
            if trimmed.hasPrefix("```") {
                flushParagraph(); flushList()
                code = []
            } else if trimmed.isEmpty {
                flushParagraph(); flushList()
            } else if let (level, text) = heading(trimmed) {
                flushParagraph(); flushList()
                out += "<h\(level + 2)>" + inline(text) + "</h\(level + 2)>\n"
            } else if let (ordered, text) = listItem(trimmed) {
                flushParagraph()
                if let current = list, current.ordered != ordered { flushList() }
                list = (ordered, (list?.items ?? []) + [text])
            } else {
                flushList()
                paragraph.append(trimmed)
            }
        }
        if let block = code { out += "<pre><code>" + escape(block.joined(separator: "\n")) + "</code></pre>\n" }
        flushParagraph(); flushList()
        return out
    }

    /// Statement headings start at <h3>: the page's own title is the <h1>, its sections <h2>.
    static func heading(_ line: String) -> (Int, String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...3).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return (hashes, String(line.dropFirst(hashes + 1)))
    }

    static func listItem(_ line: String) -> (Bool, String)? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") { return (false, String(line.dropFirst(2))) }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") { return (true, String(line.dropFirst(digits.count + 2))) }
        return nil
    }

    static func inline(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let c = rest.first {
            if c == "`", let end = rest.dropFirst().firstIndex(of: "`") {
                out += "<code>" + escape(String(rest[rest.index(after: rest.startIndex)..<end])) + "</code>"
                rest = rest[rest.index(after: end)...]
            } else if rest.hasPrefix("**"), let end = rest.dropFirst(2).range(of: "**") {
                out += "<strong>" + inline(String(rest[rest.index(rest.startIndex, offsetBy: 2)..<end.lowerBound])) + "</strong>"
                rest = rest[end.upperBound...]
            } else if c == "*", let end = rest.dropFirst().firstIndex(of: "*"), end > rest.index(after: rest.startIndex) {
                out += "<em>" + inline(String(rest[rest.index(after: rest.startIndex)..<end])) + "</em>"
                rest = rest[rest.index(after: end)...]
            } else if c == "[", let close = rest.firstIndex(of: "]"), rest[rest.index(after: close)...].hasPrefix("("),
                      let paren = rest[close...].firstIndex(of: ")") {
                let label = String(rest[rest.index(after: rest.startIndex)..<close])
                let url = String(rest[rest.index(close, offsetBy: 2)..<paren])
                if url.hasPrefix("https://") || url.hasPrefix("http://") {
                    out += "<a href=\"" + escape(url) + "\" rel=\"nofollow noopener\">" + escape(label) + "</a>"
                } else {
                    out += escape(label)
                }
                rest = rest[rest.index(after: paren)...]
            } else {
                out += escape(String(c))
                rest = rest.dropFirst()
            }
        }
        return out
    }

    public static func escape(_ text: String) -> String { Markup.escape(text) }
}
