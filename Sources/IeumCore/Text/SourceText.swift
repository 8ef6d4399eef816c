/// Source code as it is accepted at the door: LF line ends, valid UTF-8, no control characters but tab.
///
/// A NUL cut the code short for the compiler while the mentor saw all of it; a form's CRLF made a program one
/// line. Both are settled here, once, before anything is stored.
public enum SourceText {
    public enum Problem: Error, Equatable, Sendable {
        /// A control character (its code) on a line (from 1).
        case controlCharacter(line: Int, code: UInt32)
        /// Bytes that are not UTF-8 (the decoder's replacement character), on a line.
        case notUTF8(line: Int)
        case tooLong(bytes: Int, limit: Int)

        public var message: Localized {
            switch self {
            case let .controlCharacter(line, code):
                let hex = String(code, radix: 16, uppercase: true)
                let name = code == 0 ? "NUL" : "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                return Localized("\(line)번째 줄에 쓸 수 없는 제어 문자(\(name))가 있습니다. 탭과 줄바꿈 외의 제어 문자는 지워 주세요.",
                                 "Line \(line) contains a control character (\(name)) that code cannot contain; only tabs and line breaks are allowed.")
            case let .notUTF8(line):
                return Localized("\(line)번째 줄에 UTF-8이 아닌 바이트(또는 대체 문자 �)가 있습니다. 파일을 UTF-8로 저장해 다시 붙여 넣으세요.",
                                 "Line \(line) has bytes that are not UTF-8 (or the replacement character �). Save the file as UTF-8 and paste it again.")
            case let .tooLong(bytes, limit):
                return Localized("코드가 \(bytes)바이트입니다. \(limit)바이트 이하여야 합니다.", "The code is \(bytes) bytes; at most \(limit) bytes are allowed.")
            }
        }
    }

    /// The text with LF line ends, or the first problem found.
    public static func accepted(_ raw: String, maxBytes: Int) -> Result<String, Problem> {
        let text = TextLines.normalized(raw)
        if text.utf8.count > maxBytes { return .failure(.tooLong(bytes: text.utf8.count, limit: maxBytes)) }
        var line = 1
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: line += 1
            case 0x09: continue
            case 0xFFFD: return .failure(.notUTF8(line: line))
            case 0x00...0x1F, 0x7F, 0x80...0x9F: return .failure(.controlCharacter(line: line, code: scalar.value))
            default: continue
            }
        }
        return .success(text)
    }
}
