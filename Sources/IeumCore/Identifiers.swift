import Foundation

/// Korean unique identifiers: the resident registration number (주민등록번호) and the alien registration
/// number (외국인등록번호) share the form YYMMDD-GNNNNNN. PROGRAM.md requires them encrypted at rest
/// (개인정보 보호법 제24조의2, 안전성 확보조치 기준 제7조) and shown masked.
public enum ResidentNumber {
    /// Returns the number as YYMMDD-GNNNNNN if it has that form, a real birth date and a known 7th digit.
    /// The API's form of the number (or nothing): the checks of dates and the century digit stay with `normalize`.
    public static let pattern = "^$|^[0-9]{6}-?[0-9]{7}$"

    public static func normalize(_ raw: String) -> String? {
        let digits = raw.filter { !$0.isWhitespace && $0 != "-" }
        guard digits.count == 13, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        let chars = Array(digits)
        let yy = Int(String(chars[0..<2]))!, mm = Int(String(chars[2..<4]))!, dd = Int(String(chars[4..<6]))!
        let century: Int
        switch chars[6] {
        case "1", "2", "5", "6": century = 1900
        case "3", "4", "7", "8": century = 2000
        case "9", "0": century = 1800
        default: return nil
        }
        guard Day(year: century + yy, month: mm, day: dd) != nil else { return nil }
        return String(chars[0..<6]) + "-" + String(chars[6...])
    }

    /// 900101-1******: the birth date and the first digit after it, which the law lets be shown.
    public static func masked(_ normalized: String) -> String {
        String(normalized.prefix(8)) + String(repeating: "*", count: max(0, normalized.count - 8))
    }
}

public enum BankAccount {
    /// `normalize`'s rule as a pattern, for the API (or nothing).
    public static let pattern = "^$|^-*([0-9]-*){10,16}$"

    /// Digits and dashes, 10 to 16 digits, as Korean banks print account numbers.
    public static func normalize(_ raw: String) -> String? {
        guard let trimmed = ASCIIDigits.folded(raw.trimmingCharacters(in: .whitespaces)) else { return nil }
        let digits = trimmed.filter(\.isNumber)
        guard (10...16).contains(digits.count), trimmed.allSatisfy({ $0.isNumber || $0 == "-" }) else { return nil }
        return trimmed
    }

    /// Only the last four digits stay visible.
    public static func masked(_ account: String) -> String {
        var remaining = 4
        return String(account.reversed().map { c -> Character in
            guard c.isNumber else { return c }
            if remaining > 0 { remaining -= 1; return c }
            return "*"
        }.reversed())
    }
}
