import Fluent
import Vapor

/// Writes who looked at or changed whose personal data (PROGRAM.md, personal-data safeguards:
/// who, when, from where, whose data and what action).
enum AccessLog {
    /// `detail` (e.g. the reason stated for an export) is kept with the target.
    static func record(_ req: Request, actor: Int, subject: Int?, action: String, detail: String? = nil,
                       on db: (any Database)? = nil) async throws {
        let entry = AccessLogEntry(
            actorID: actor, at: req.now, ip: req.clientAddress, subjectID: subject, action: action,
            target: req.method.rawValue + " " + req.url.path + (detail.map { " — " + String($0.prefix(300)) } ?? ""))
        try await AuditChain.append(entry, key: req.audit.key, on: db ?? req.db)
        req.storage[AccessLoggedKey.self] = true
    }
}
