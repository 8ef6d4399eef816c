import Crypto
import Foundation

/// A signed statement of how far the access log went at a moment: its length, its last hash and how many of
/// its first entries are hash-only (written before entries carried MACs). Whoever later deletes the log's tail,
/// or rewrites it, contradicts a statement they cannot re-sign without the audit key.
struct AuditCheckpoint: Codable, Equatable, Sendable {
    /// The number of entries, which is the last entry's `seq`.
    var seq: Int
    /// The last entry's hash (`AuditChain.genesis` for an empty log).
    var head: String
    var legacy: Int
    /// UTC, to the millisecond, as written into the signed message.
    var at: String
    /// Base64 of the Ed25519 signature of `message`.
    var sig: String

    /// Plain text, so that a third party holding only the public key can rebuild it and check the signature.
    var message: String { "ieum-audit-checkpoint/v1 seq=\(seq) head=\(head) legacy=\(legacy) at=\(at)" }

    static func signed(seq: Int, head: String, legacy: Int, at date: Date, key: AuditKey) throws -> AuditCheckpoint {
        var checkpoint = AuditCheckpoint(seq: seq, head: head, legacy: legacy, at: Self.format(date), sig: "")
        checkpoint.sig = try key.signing.signature(for: Data(checkpoint.message.utf8)).base64EncodedString()
        return checkpoint
    }

    func isSigned(by key: Curve25519.Signing.PublicKey) -> Bool {
        guard let signature = Data(base64Encoded: sig) else { return false }
        return key.isValidSignature(signature, for: Data(message.utf8))
    }

    var date: Date? { Self.formatter().date(from: at) }

    /// One line of the checkpoint file.
    var line: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    init?(line: String) {
        guard let decoded = try? JSONDecoder().decode(AuditCheckpoint.self, from: Data(line.utf8)) else { return nil }
        self = decoded
    }

    private init(seq: Int, head: String, legacy: Int, at: String, sig: String) {
        self.seq = seq
        self.head = head
        self.legacy = legacy
        self.at = at
        self.sig = sig
    }

    private static func formatter() -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }

    static func format(_ date: Date) -> String { formatter().string(from: AuditChain.truncated(date)) }
}
