import Fluent
import Vapor

/// Writes who looked at or changed whose personal data (PROGRAM.md, personal-data safeguards:
/// who, when, from where, whose data and what action).
enum AccessLog {
    /// `detail` (e.g. the reason stated for an export) is kept with the target.
    static func record(_ req: Request, actor: Int, subject: Int?, action: String, detail: String? = nil,
                       on db: (any Database)? = nil) async throws {
        let entry = AccessLogEntry(
            actorID: actor, at: req.now, ip: req.clientAddress, subjectID: subject, action: action, target: target(req, detail: detail))
        try await AuditChain.append(entry, key: req.audit.key, on: db ?? req.db)
        req.storage[AccessLoggedKey.self] = true
    }

    static let detailKept = 300

    static func target(_ req: Request, detail: String?) -> String {
        req.method.rawValue + " " + req.url.path + (detail.map { " — " + String($0.prefix(detailKept)) } ?? "")
    }

    /// A page left open that refreshes itself (the live roster) shows the same people again and again: one entry
    /// stands for its looks within `window` while what it shows stays the same.
    static let refreshWindow: TimeInterval = 15 * 60

    /// Only a look whose whole detail the entry keeps can be matched: a longer list, cut at `detailKept`, might differ
    /// after the cut, so it is always written again.
    static func alreadyHolds(_ req: Request, actor: Int, action: String, detail: String?) async throws -> Bool {
        guard (detail?.count ?? 0) <= detailKept else { return false }
        return try await AccessLogEntry.query(on: req.db).filter(\.$actorID == actor).filter(\.$action == action)
            .filter(\.$target == target(req, detail: detail)).filter(\.$at >= req.now.addingTimeInterval(-refreshWindow)).first() != nil
    }
}
