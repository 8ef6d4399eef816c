import Crypto
import Foundation
import Vapor

/// bcrypt over an HMAC-SHA256 of the password, so that every character counts: bcrypt alone reads only the
/// first 72 bytes, which is 24 Hangul syllables, while the policy allows 128 characters (ASVS 2.4.1; the
/// construction of passlib's `bcrypt_sha256`). The HMAC key is a fixed label, not a secret: it only keeps a
/// plain SHA-256 list leaked from another site from being tried against these hashes ("password shucking").
/// Hashes made before this carry no prefix; they still verify, and `LoginController` replaces them at the next
/// successful login.
struct PrehashedBcrypt: PasswordHasher {
    static let prefix = "$ieum-hs256$"
    static let label = SymmetricKey(data: Data("ieum.password.v2".utf8))
    let cost: Int

    static func prehash<Password: DataProtocol>(_ password: Password) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Array(password), using: label)).base64EncodedString()
    }

    static func isLegacy(_ digest: String) -> Bool { !digest.hasPrefix(prefix) }

    static func hash(_ password: String, cost: Int) throws -> String {
        prefix + (try Bcrypt.hash(prehash(Array(password.utf8)), cost: cost))
    }

    func hash<Password: DataProtocol>(_ password: Password) throws -> [UInt8] {
        Array((Self.prefix + (try Bcrypt.hash(Self.prehash(password), cost: cost))).utf8)
    }

    func verify<Password: DataProtocol, Digest: DataProtocol>(_ password: Password, created digest: Digest) throws -> Bool {
        let stored = String(decoding: Array(digest), as: UTF8.self)
        if stored.hasPrefix(Self.prefix) {
            return try Bcrypt.verify(Self.prehash(password), created: String(stored.dropFirst(Self.prefix.count)))
        }
        return try Bcrypt.verify(String(decoding: Array(password), as: UTF8.self), created: stored)
    }
}
