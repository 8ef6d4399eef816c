import Crypto
import Foundation
import IeumCore

/// The rotating code a campus screen shows for phones to scan: signed by the server (HMAC-SHA256), bound to
/// one campus and one 30-second window, so it cannot be forged, moved to another campus or kept for later.
/// The key is derived from the field-encryption key, which every server process shares through configuration.
struct CheckInCode: Sendable {
    static let window: TimeInterval = 30
    /// A code stays good for its own window and the next one: a phone may take a few seconds to scan and send.
    static let graceWindows: Int64 = 1

    let key: SymmetricKey
    /// At the morning rush every phone at a campus sends the code on its screen: its signature is checked once.
    /// Only genuine codes that can still be accepted are kept; their age is checked on every read all the same.
    private let genuine = ExpiringCache<String, Signed>(lifetime: window * Double(graceWindows + 1), capacity: 10_000)
    private typealias Signed = (campusID: Int, window: Int64)

    init(cipher: FieldCipher) {
        key = HKDF<SHA256>.deriveKey(inputKeyMaterial: cipher.current.key, info: Data("ieum-check-in-code-v1".utf8), outputByteCount: 32)
    }

    static func windowIndex(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / window).rounded(.down)) }

    func make(campusID: Int, at date: Date) -> String {
        make(campusID: campusID, window: Self.windowIndex(date))
    }

    enum Refusal: Error, Equatable {
        case malformed, forged, otherCampus, expired

        var message: Localized {
            switch self {
            case .malformed, .forged: Localized("이 QR 코드는 이음에서 만든 것이 아닙니다.", "This QR code was not made by Ieum.")
            case .otherCampus: Localized("다른 캠퍼스의 QR 코드입니다.", "This QR code belongs to another campus.")
            case .expired: Localized("QR 코드가 만료되었습니다. 화면의 새 코드를 찍으세요.", "This QR code has expired. Scan the new one on the screen.")
            }
        }
    }

    /// Checks a scanned code for `campusID` at `date`; returns its window (for replay checks) or why it is refused.
    func verify(_ code: String, campusID: Int, at date: Date) -> Result<Int64, Refusal> {
        switch read(code, at: date) {
        case let .failure(refusal): .failure(refusal)
        case let .success(found): found.campusID == campusID ? .success(found.window) : .failure(.otherCampus)
        }
    }

    /// Checks a scanned code's signature and age; returns the campus it was made for and its window.
    func read(_ code: String, at date: Date) -> Result<(campusID: Int, window: Int64), Refusal> {
        let now = Self.windowIndex(date)
        let found: Signed
        if let known = genuine.value(code, now: date) {
            found = known
        } else {
            let parts = code.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard code.utf8.count < 200, parts.count == 4, parts[0] == "v1", let campus = Int(parts[1]), let window = Int64(parts[2])
            else { return .failure(.malformed) }
            let payload = parts[0..<3].joined(separator: ".")
            guard Tokens.equal(signature(payload), parts[3]) else { return .failure(.forged) }
            found = (campus, window)
            if Self.isLive(window, now: now) { genuine.store(found, for: code, now: date) }
        }
        guard Self.isLive(found.window, now: now) else { return .failure(.expired) }
        return .success(found)
    }

    // MARK: The code a person can type

    /// When the camera fails, the screen's six digits stand for its code. They are guessable where the signed code is
    /// not, so typing is throttled per trainee (`CheckInController.typing`) and only the trainee's own campuses are tried.
    static func isTyped(_ text: String) -> Bool { typedDigits(text) != nil }

    static func typedDigits(_ text: String) -> String? {
        let digits = text.filter { $0 != " " && $0 != "-" }
        return digits.count == 6 && digits.utf8.allSatisfy({ (48...57).contains($0) }) ? digits : nil
    }

    func typed(campusID: Int, window: Int64) -> String {
        let mac = Array(HMAC<SHA256>.authenticationCode(for: Data("typed.v1.\(campusID).\(window)".utf8), using: key))
        let number = (UInt32(mac[0]) << 24 | UInt32(mac[1]) << 16 | UInt32(mac[2]) << 8 | UInt32(mac[3])) % 1_000_000
        return String(format: "%06u", number)
    }

    /// The signed code that typed digits stand for at one of `campusIDs`, while they are live.
    func expand(_ text: String, campusIDs: [Int], at date: Date) -> String? {
        guard let digits = Self.typedDigits(text) else { return nil }
        let now = Self.windowIndex(date)
        for campusID in campusIDs {
            for window in (now - Self.graceWindows)...now where Tokens.equal(typed(campusID: campusID, window: window), digits) {
                return make(campusID: campusID, window: window)
            }
        }
        return nil
    }

    private func make(campusID: Int, window: Int64) -> String {
        let payload = "v1.\(campusID).\(window)"
        return payload + "." + signature(payload)
    }

    // MARK: Asking before an early check-out

    /// Binds a question ("check out early?") to the person and the code they scanned, so the answer may come after
    /// the code's window: the code was live when asked. Good for `confirmationLifetime` seconds.
    static let confirmationLifetime: TimeInterval = 120

    /// Only the early check-out is asked about, so only a check-out may be answered with it.
    func confirmation(personID: Int, code: String, askedAt: Int64) -> String {
        signature("confirm.v2.check_out.\(personID).\(askedAt).\(code)")
    }

    /// The moment the question was asked, if the answer is genuine and in time.
    func askedAt(_ token: String, personID: Int, code: String, asked: String, now: Date) -> Date? {
        guard let seconds = Int64(asked), Tokens.equal(confirmation(personID: personID, code: code, askedAt: seconds), token) else { return nil }
        let at = Date(timeIntervalSince1970: Double(seconds))
        let age = now.timeIntervalSince(at)
        return age >= 0 && age <= Self.confirmationLifetime ? at : nil
    }

    /// A code is good in its own window and the next `graceWindows`, never before its window.
    private static func isLive(_ window: Int64, now: Int64) -> Bool { window <= now && now - window <= graceWindows }

    private func signature(_ payload: String) -> String {
        Self.base64URL(Array(HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: key)))
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Base64url without padding (RFC 4648 §5), by hand: it runs on every scan.
    static func base64URL(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var i = 0
        while i + 2 < bytes.count {
            let n = Int(bytes[i]) << 16 | Int(bytes[i + 1]) << 8 | Int(bytes[i + 2])
            out += [alphabet[n >> 18 & 63], alphabet[n >> 12 & 63], alphabet[n >> 6 & 63], alphabet[n & 63]]
            i += 3
        }
        if bytes.count - i == 2 {
            let n = Int(bytes[i]) << 16 | Int(bytes[i + 1]) << 8
            out += [alphabet[n >> 18 & 63], alphabet[n >> 12 & 63], alphabet[n >> 6 & 63]]
        } else if bytes.count - i == 1 {
            let n = Int(bytes[i]) << 16
            out += [alphabet[n >> 18 & 63], alphabet[n >> 12 & 63]]
        }
        return String(decoding: out, as: UTF8.self)
    }
}

