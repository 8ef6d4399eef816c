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

    init() {}

    init(seq: Int, lastHash: String) {
        self.seq = seq
        self.lastHash = lastHash
    }
}

/// Append-only from the application's side (ASVS V7.3.3; 안전성 확보조치 기준 제8조: access records kept
/// and protected against forgery and loss): each entry's hash covers its fields and the previous hash.
enum AuditChain {
    static let genesis = String(repeating: "0", count: 64)

    /// Times are kept to the millisecond so that both databases give back exactly what was hashed.
    static func truncated(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }

    static func hash(previous: String, entry: AccessLogEntry) -> String {
        let millis = Int64((entry.at.timeIntervalSince1970 * 1000).rounded())
        let fields = [String(entry.seq), previous, String(entry.actorID), String(millis), entry.ip,
                      entry.subjectID.map(String.init) ?? "-", entry.action, entry.target]
        // Length-prefixed, so no choice of field contents can make two different entries hash alike.
        let canonical = fields.map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
        return SHA256.hash(data: Data(canonical.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func append(_ entry: AccessLogEntry, on db: any Database) async throws {
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
            try await entry.create(on: tx)
            head.lastHash = entry.hash
            try await head.update(on: tx)
        }
    }

    enum AuditChainError: Error { case missingHead }

    struct Report: Sendable, Equatable {
        let checked: Int
        let firstBroken: Int?
        let reason: String?
    }

    /// Walks the chain in order and reports the first entry whose hash, link or sequence is wrong.
    static func verify(on db: any Database) async throws -> Report {
        var previous = genesis
        var expectedSeq = 1
        var checked = 0
        let batch = 1000
        while true {
            let entries = try await AccessLogEntry.query(on: db).filter(\.$seq >= expectedSeq).sort(\.$seq).limit(batch).all()
            for entry in entries {
                if entry.seq != expectedSeq {
                    return Report(checked: checked, firstBroken: expectedSeq, reason: "entry \(expectedSeq) is missing")
                }
                if entry.prevHash != previous {
                    return Report(checked: checked, firstBroken: entry.seq, reason: "entry \(entry.seq) does not follow the one before it")
                }
                if hash(previous: previous, entry: entry) != entry.hash {
                    return Report(checked: checked, firstBroken: entry.seq, reason: "entry \(entry.seq) was changed")
                }
                previous = entry.hash
                expectedSeq += 1
                checked += 1
            }
            if entries.count < batch { break }
        }
        if let head = try await AuditChainHead.query(on: db).first(), head.seq != checked || head.lastHash != previous {
            return Report(checked: checked, firstBroken: checked + 1, reason: "the chain ends at entry \(checked) but its head records \(head.seq): entries were removed or rewritten")
        }
        return Report(checked: checked, firstBroken: nil, reason: nil)
    }
}
