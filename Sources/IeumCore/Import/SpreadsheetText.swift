import Foundation

/// Spreadsheets saved by Excel in Korea come as UTF-8 (often with a byte-order mark) or as CP949,
/// the Windows superset of EUC-KR. We try UTF-8 first: valid UTF-8 is almost never valid-looking CP949 by accident.
public enum SpreadsheetText {
    public enum Encoding: String, Sendable { case utf8, utf8WithBOM = "utf8-bom", cp949 }

    /// Core Foundation's kCFStringEncodingDOSKorean (code page 949), mapped to an NSStringEncoding.
    static let cp949 = String.Encoding(rawValue: 0x8000_0422)

    public static func decode(_ data: Data) -> (text: String, encoding: Encoding)? {
        if data.starts(with: [0xEF, 0xBB, 0xBF]), let text = String(data: data.dropFirst(3), encoding: .utf8) {
            return (text, .utf8WithBOM)
        }
        if let text = String(data: data, encoding: .utf8) { return (text, .utf8) }
        if let text = String(data: data, encoding: cp949) { return (text, .cp949) }
        return nil
    }

    /// UTF-8 with a byte-order mark, which is what makes Korean Excel open a CSV file correctly.
    public static func excelCSV(_ text: String) -> Data {
        Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
    }
}
