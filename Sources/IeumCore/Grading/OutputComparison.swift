/// How a program's output is compared with the expected output of a stdin→stdout test.
public enum OutputComparison: Sendable, Equatable, Codable {
    /// Byte for byte, except that a missing or extra newline at the very end is forgiven.
    case exact
    /// Tokens separated by any whitespace must be equal; line breaks and spacing do not matter.
    case whitespace
    /// As `whitespace`, but tokens that are both numbers may differ by the absolute or relative tolerance.
    case float(tolerance: Double)

    public func matches(expected: String, actual: String) -> Bool {
        switch self {
        case .exact:
            return trimmingFinalNewlines(expected) == trimmingFinalNewlines(actual)
        case .whitespace:
            return tokens(expected) == tokens(actual)
        case .float(let tolerance):
            let want = tokens(expected), got = tokens(actual)
            guard want.count == got.count else { return false }
            return zip(want, got).allSatisfy { numbersClose($0, $1, tolerance: tolerance) || $0 == $1 }
        }
    }

    private func trimmingFinalNewlines(_ text: String) -> Substring {
        var end = text.endIndex
        while end > text.startIndex {
            let before = text.index(before: end)
            guard text[before] == "\n" || text[before] == "\r\n" || text[before] == "\r" else { break }
            end = before
        }
        return text[..<end]
    }

    private func tokens(_ text: String) -> [Substring] {
        text.split(whereSeparator: { $0.isWhitespace })
    }

    private func numbersClose(_ a: Substring, _ b: Substring, tolerance: Double) -> Bool {
        guard let x = Double(a), let y = Double(b), x.isFinite, y.isFinite else { return false }
        let difference = abs(x - y)
        return difference <= tolerance || difference <= tolerance * abs(x)
    }
}
