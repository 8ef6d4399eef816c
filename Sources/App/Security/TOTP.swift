import Crypto
import Foundation
import IeumCore

/// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA1, 30-second steps, 6 digits,
/// as every authenticator app computes them.
enum TOTP {
    static let step: TimeInterval = 30
    static let digits = 6

    static func newSecret() -> [UInt8] {
        var rng = SystemRandomNumberGenerator()
        return (0..<20).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    static func counter(at date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / step).rounded(.down)) }

    static func code(secret: [UInt8], counter: Int64, digits: Int = TOTP.digits) -> String {
        var big = counter.bigEndian
        let message = withUnsafeBytes(of: &big) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        // RFC 4226 §5.3 dynamic truncation.
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = binary % modulus
        return String(repeating: "0", count: digits - String(value).count) + String(value)
    }

    /// The counter of a matching code within one step either side of `date`, newer than `after`
    /// (a code is good once: RFC 6238 §5.2), or nil.
    static func verify(_ code: String, secret: [UInt8], at date: Date, after lastUsed: Int64?) -> Int64? {
        let typed = String((ASCIIDigits.folded(code) ?? "").filter(\.isASCII).filter(\.isNumber))
        guard typed.count == digits else { return nil }
        let now = counter(at: date)
        for candidate in [now, now - 1, now + 1] where candidate > (lastUsed ?? Int64.min) {
            if Tokens.equal(TOTP.code(secret: secret, counter: candidate), typed) { return candidate }
        }
        return nil
    }

    static func uri(secret: [UInt8], account: String) -> String {
        let label = "Ieum:" + account
        let encoded = label.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? label
        return "otpauth://totp/\(encoded)?secret=\(Base32.encode(secret))&issuer=Ieum&algorithm=SHA1&digits=6&period=30"
    }
}
