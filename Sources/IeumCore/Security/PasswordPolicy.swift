import Foundation

/// Password rules of OWASP ASVS 4.0.3 §2.1 (V2.1.1–V2.1.9): at least 12 characters, up to at least 64
/// (we refuse over 128), no composition rules, and a check against common and breached passwords (V2.1.7).
public struct PasswordPolicy: Sendable {
    public static let minimumLength = 12
    public static let maximumLength = 128

    /// Lower-cased common passwords (any length: a long password built from one is refused too).
    let common: Set<String>

    public init(commonPasswords: Set<String>) {
        common = commonPasswords
    }

    public enum Problem: Error, Equatable, Sendable {
        case tooShort, tooLong, common, personal, repetitive

        public var message: Localized {
            switch self {
            case .tooShort: Localized("비밀번호는 \(PasswordPolicy.minimumLength)자 이상이어야 합니다.", "Use at least \(PasswordPolicy.minimumLength) characters.")
            case .tooLong: Localized("비밀번호는 \(PasswordPolicy.maximumLength)자 이하여야 합니다.", "Use at most \(PasswordPolicy.maximumLength) characters.")
            case .common: Localized("널리 쓰이거나 유출된 비밀번호입니다. 다른 것을 고르세요.", "This password is common or has been leaked. Choose another.")
            case .personal: Localized("이름이나 이메일이 들어간 비밀번호는 쓸 수 없습니다.", "Do not use your name or e-mail in the password.")
            case .repetitive: Localized("같은 글자나 연속된 글자만 되풀이한 비밀번호입니다.", "This password only repeats a character or a sequence.")
            }
        }
    }

    /// Checks a new password. `personal` holds the person's name and e-mail, which must not be its core.
    public func check(_ password: String, personal: [String] = []) -> Problem? {
        // ASVS V2.1.4: any printable Unicode is allowed; length counts characters, not bytes.
        if password.count < Self.minimumLength { return .tooShort }
        if password.count > Self.maximumLength { return .tooLong }
        let lower = password.lowercased()
        if Set(lower).count <= 2 || Self.isSequence(lower) { return .repetitive }
        if common.contains(lower) { return .common }
        let core = lower.filter { $0.isLetter }
        let digits = lower.filter { $0.isNumber }
        if !core.isEmpty, common.contains(core), core.count * 2 >= lower.count { return .common }
        if core.isEmpty, common.contains(digits) { return .common }
        if Self.isRepeatedUnit(lower), let unit = Self.repeatedUnit(lower), common.contains(unit) { return .common }
        for text in personal {
            let pieces = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
            // NIST SP 800-63B §5.1.1.2: refuse context-specific words such as the user's own name.
            let distinctive = pieces.filter { $0.count >= 4 || ($0.count >= 3 && !$0.allSatisfy(\.isASCII)) }
            if distinctive.contains(where: { lower.contains($0) }) { return .personal }
        }
        return nil
    }

    /// abcdef…, 98765…; digit runs may wrap around (…7890123).
    static func isSequence(_ text: String) -> Bool {
        let scalars = text.unicodeScalars.map { Int($0.value) }
        guard scalars.count >= 3 else { return false }
        let digits = text.allSatisfy(\.isNumber)
        let steps = Set(zip(scalars, scalars.dropFirst()).map { digits ? (($1 - $0) % 10 + 10) % 10 : $1 - $0 })
        let allowed = digits ? [1, 9, 0] : [1, -1, 0]
        return steps.count == 1 && allowed.contains(steps.first!)
    }

    static func repeatedUnit(_ text: String) -> String? {
        let chars = Array(text)
        for size in 1...max(1, chars.count / 2) where chars.count % size == 0 {
            let unit = Array(chars[0..<size])
            if stride(from: 0, to: chars.count, by: size).allSatisfy({ Array(chars[$0..<($0 + size)]) == unit }) {
                return String(unit)
            }
        }
        return nil
    }

    static func isRepeatedUnit(_ text: String) -> Bool {
        guard let unit = repeatedUnit(text) else { return false }
        return unit.count < text.count
    }
}
