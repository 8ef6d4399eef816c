import Crypto
import Fluent
import Foundation
import SQLKit

/// The head of the access log's hash chain: one row, updated with every entry. Updating it first inside
/// the writing transaction makes concurrent writers take turns (a row lock on PostgreSQL; SQLite has one
/// writer at a time), so the chain never forks.
final class AuditChainHead: Model, @unchecked Sendable {
    static let schema = "audit_chain"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "seq") var seq: Int
    @Field(key: "last_hash") var lastHash: String
    /// Nil while the log holds only entries from before MACs.
    @OptionalField(key: "last_mac") var lastMAC: String?

    init() {}
}

/// Append-only from the application's side (ASVS V7.3.3; 안전성 확보조치 기준 제8조: access records kept
/// and protected against forgery and loss). Each entry's hash covers its fields and the previous hash, so an
/// edit shows; its MAC covers the same and the previous MAC under a key the database never holds, so a rewrite
/// that recomputes every hash shows too. Signed checkpoints (`AuditSeal`) catch what neither can: a removed tail.
enum AuditChain {
    static let genesis = String(repeating: "0", count: 64)

    /// Times are kept to the millisecond so that both databases give back exactly what was hashed.
    static func truncated(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }

    private static func fields(previous: String, entry: AccessLogEntry) -> [String] {
        let millis = Int64((entry.at.timeIntervalSince1970 * 1000).rounded())
        return [String(entry.seq), previous, String(entry.actorID), String(millis), entry.ip,
                entry.subjectID.map(String.init) ?? "-", entry.action, entry.target]
    }

    /// Length-prefixed, so no choice of field contents can make two different entries alike.
    private static func canonical(_ fields: [String]) -> Data {
        Data(fields.map { "\($0.utf8.count):\($0)" }.joined(separator: "|").utf8)
    }

    static func hash(previous: String, entry: AccessLogEntry) -> String {
        Tokens.hex(SHA256.hash(data: canonical(fields(previous: previous, entry: entry))))
    }

    /// `previousMAC` is nil after an entry from before MACs (and for the first entry).
    static func mac(previous: String, previousMAC: String?, entry: AccessLogEntry, key: SymmetricKey) -> String {
        let message = canonical(["ieum-access-log-mac/v1"] + fields(previous: previous, entry: entry) + [previousMAC ?? "-"])
        return Tokens.hex(HMAC<SHA256>.authenticationCode(for: message, using: key))
    }

    static func append(_ entry: AccessLogEntry, key: AuditKey, on db: any Database) async throws {
        try await db.writeTransaction { tx in
            let sql = tx as! any SQLDatabase
            try await sql.update(AuditChainHead.schema).set("seq", to: SQLRaw("seq + 1")).run()
            guard let head = try await AuditChainHead.query(on: tx).first() else {
                throw AuditChainError.missingHead
            }
            entry.at = truncated(entry.at)
            entry.seq = head.seq
            entry.prevHash = head.lastHash
            entry.hash = hash(previous: head.lastHash, entry: entry)
            entry.mac = mac(previous: head.lastHash, previousMAC: head.lastMAC, entry: entry, key: key.mac)
            try await entry.create(on: tx)
            head.lastHash = entry.hash
            head.lastMAC = entry.mac
            try await head.update(on: tx)
        }
    }

    enum AuditChainError: Error { case missingHead }
}
