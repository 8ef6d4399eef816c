import Fluent
import Foundation

/// Who looked at or changed whose personal data, when, from where (PROGRAM.md: kept at least 2 years).
/// Entries form a hash chain with MACs (`AuditChain`) that signed checkpoints pin down (`AuditSeal`), so a
/// changed, deleted or rewritten entry is found by `ieum audit verify`.
final class AccessLogEntry: Model, @unchecked Sendable {
    static let schema = "access_log"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "seq") var seq: Int
    @Field(key: "prev_hash") var prevHash: String
    @Field(key: "hash") var hash: String
    /// HMAC-SHA256 under the audit key; nil only for entries written before entries carried one.
    @OptionalField(key: "mac") var mac: String?
    @Field(key: "actor_id") var actorID: Int
    @Field(key: "at") var at: Date
    @Field(key: "ip") var ip: String
    @OptionalField(key: "subject_id") var subjectID: Int?
    @Field(key: "action") var action: String
    @Field(key: "target") var target: String

    init() {}

    init(actorID: Int, at: Date, ip: String, subjectID: Int?, action: String, target: String) {
        self.actorID = actorID
        self.at = at
        self.ip = ip
        self.subjectID = subjectID
        self.action = action
        self.target = target
    }
}
