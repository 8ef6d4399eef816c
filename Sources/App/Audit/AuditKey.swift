import Crypto
import Foundation

/// The secret behind the access log's MACs and its checkpoints' signatures, kept outside the database
/// (`IEUM_AUDIT_KEY`, or `ieum.audit.key` in the data folder, made on first start).
///
/// It is its own secret rather than one derived from the field keys: those are rotated (`ieum keys rotate`, then
/// the old key is dropped), which would leave every earlier MAC unverifiable and change the public key third
/// parties hold; and a copy of the database together with `ieum.keys` should still not be enough to rewrite the log.
struct AuditKey: Sendable {
    enum Failure: Error, CustomStringConvertible {
        case badSpec

        var description: String {
            "IEUM_AUDIT_KEY (or ieum.audit.key in the data folder): expected the base64 of 32 random bytes, e.g. from `openssl rand -base64 32`"
        }
    }

    let mac: SymmetricKey
    let signing: Curve25519.Signing.PrivateKey

    init(spec: String) throws {
        guard let secret = Data(base64Encoded: spec.trimmingCharacters(in: .whitespacesAndNewlines)), secret.count == 32 else {
            throw Failure.badSpec
        }
        // One secret to keep; HKDF under two labels gives a MAC key and a signing key that reveal nothing of each other.
        let material = SymmetricKey(data: secret)
        mac = HKDF<SHA256>.deriveKey(inputKeyMaterial: material, info: Data("ieum access-log mac v1".utf8), outputByteCount: 32)
        let seed = HKDF<SHA256>.deriveKey(inputKeyMaterial: material, info: Data("ieum audit checkpoint ed25519 v1".utf8), outputByteCount: 32)
        signing = try seed.withUnsafeBytes { try Curve25519.Signing.PrivateKey(rawRepresentation: Data($0)) }
    }

    static func newSpec() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    var publicKey: Curve25519.Signing.PublicKey { signing.publicKey }

    /// As SubjectPublicKeyInfo (RFC 8410), so that anyone can check checkpoints with `openssl pkeyutl -verify`.
    var publicKeyPEM: String {
        let prefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]
        let der = Data(prefix) + publicKey.rawRepresentation
        return "-----BEGIN PUBLIC KEY-----\n\(der.base64EncodedString())\n-----END PUBLIC KEY-----\n"
    }
}
