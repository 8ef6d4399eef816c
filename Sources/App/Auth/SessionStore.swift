import Fluent
import IeumCore
import Vapor

enum SessionKind: String { case web, api }

/// Sessions and API tokens, both rows in `sessions`, so any server process can check them.
enum SessionStore {
    /// Behind TLS the cookie takes the `__Host-` prefix: the browser then insists on Secure, Path=/ and no Domain.
    static let cookieName = "ieum_session"
    static func cookieName(secure: Bool) -> String { secure ? "__Host-" + cookieName : cookieName }

    static func limits(for grants: [Grant], _ config: AppConfig) -> (idle: TimeInterval, lifetime: TimeInterval) {
        grants.contains { $0.role.isStaff }
            ? (config.sessionIdleTimeout, config.sessionLifetime)
            : (config.otherSessionIdleTimeout, config.otherSessionLifetime)
    }

    static func start(for personID: Int, kind: SessionKind, secondFactorPending: Bool = false,
                      on req: Request) async throws -> (token: String, session: AuthSession) {
        let token = Tokens.random()
        let now = req.now
        let grants = try await activeGrants(of: personID, on: req.db)
        let session = AuthSession()
        session.tokenHash = Tokens.hash(token)
        session.$person.id = personID
        session.kind = kind.rawValue
        session.csrfToken = Tokens.random()
        session.createdAt = now
        session.lastSeenAt = now
        session.authenticatedAt = now
        session.secondFactorPending = secondFactorPending
        session.expiresAt = now.addingTimeInterval(limits(for: grants, req.ieum).lifetime)
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
        let grants = try await activeGrants(of: session.$person.id, on: req.db)
        if session.expiresAt <= now || now.timeIntervalSince(session.lastSeenAt) > limits(for: grants, req.ieum).idle {
            try await end(sessionID: sessionID, on: req.db)
            return nil
        }
        guard let person = try await Person.find(session.$person.id, on: req.db) else { return nil }
        // Writing on every request would make reads write; a minute's precision is enough for the idle timeout.
        if now.timeIntervalSince(session.lastSeenAt) > 60 {
            session.lastSeenAt = now
            try await session.update(on: req.db)
        }
        return Principal(
            personID: try person.requireID(), name: person.name, email: person.email, grants: grants,
            sessionID: sessionID, csrfToken: session.csrfToken,
            authenticatedAt: session.authenticatedAt, secondFactorPending: session.secondFactorPending,
            secondFactorEnabled: person.totpEnabledAt != nil)
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
    var sessionCookieName: String { SessionStore.cookieName(secure: ieum.secureCookies) }
    var csrfCookieName: String { ieum.secureCookies ? "__Host-" + CSRFProtection.cookieName : CSRFProtection.cookieName }

    /// A redirect that also tells the browser to forget its session cookie.
    func redirectClearingSession(to path: String) -> Response {
        let response = redirect(to: path, redirectType: .normal)
        response.cookies[sessionCookieName] = HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", isSecure: ieum.secureCookies,
            isHTTPOnly: true, sameSite: .lax)
        return response
    }

    var clientAddress: String {
        headers.first(name: "X-Forwarded-For")?.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
            ?? remoteAddress?.ipAddress ?? "unknown"
    }
}
