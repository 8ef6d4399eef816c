import Fluent
import IeumCore
import Vapor

enum SessionKind: String { case web, api }

/// Sessions and API tokens, both rows in `sessions`, so any server process can check them.
enum SessionStore {
    static let cookieName = "ieum_session"

    static func start(for personID: Int, kind: SessionKind, on req: Request) async throws -> (token: String, session: AuthSession) {
        let token = Tokens.random()
        let now = req.now
        let session = AuthSession()
        session.tokenHash = Tokens.hash(token)
        session.$person.id = personID
        session.kind = kind.rawValue
        session.csrfToken = Tokens.random()
        session.createdAt = now
        session.lastSeenAt = now
        session.expiresAt = now.addingTimeInterval(req.ieum.sessionLifetime)
        session.ip = req.clientAddress
        try await session.create(on: req.db)
        return (token, session)
    }

    static func end(sessionID: Int, on db: any Database) async throws {
        try await AuthSession.query(on: db).filter(\.$id == sessionID).delete()
    }

    /// Finds the live session for a token; an idle or expired one is deleted and treated as absent.
    static func resolve(token: String, kind: SessionKind, on req: Request) async throws -> Principal? {
        guard let session = try await AuthSession.query(on: req.db)
            .filter(\.$tokenHash == Tokens.hash(token))
            .filter(\.$kind == kind.rawValue)
            .first(), let sessionID = session.id else { return nil }
        let now = req.now
        if session.expiresAt <= now || now.timeIntervalSince(session.lastSeenAt) > req.ieum.sessionIdleTimeout {
            try await end(sessionID: sessionID, on: req.db)
            return nil
        }
        guard let person = try await Person.find(session.$person.id, on: req.db) else { return nil }
        let grants = try await activeGrants(of: session.$person.id, on: req.db)
        // Writing on every request would make reads write; a minute's precision is enough for the idle timeout.
        if now.timeIntervalSince(session.lastSeenAt) > 60 {
            session.lastSeenAt = now
            try await session.update(on: req.db)
        }
        return Principal(
            personID: try person.requireID(), name: person.name, email: person.email, grants: grants,
            sessionID: sessionID, csrfToken: session.csrfToken, viaBearerToken: kind == .api)
    }

    static func activeGrants(of personID: Int, on db: any Database) async throws -> [Grant] {
        try await RoleGrant.query(on: db)
            .filter(\.$person.$id == personID)
            .filter(\.$revokedAt == nil)
            .all()
            .compactMap { row in
                Role(rawValue: row.role).map {
                    Grant(role: $0, operatorID: row.operatorID, campusID: row.campusID, employerID: row.employerID)
                }
            }
    }
}

extension Request {
    var clientAddress: String {
        headers.first(name: "X-Forwarded-For")?.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
            ?? remoteAddress?.ipAddress ?? "unknown"
    }
}
