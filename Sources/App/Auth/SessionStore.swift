import Fluent
import SQLKit
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
    /// One query (session, person and live grants joined) on every request: it is on the check-in hot path, so
    /// it is written out (with binds) rather than built, which costs more than the query itself.
    static func resolve(token: String, kind: SessionKind, on req: Request) async throws -> Principal? {
        let key = PrincipalCache.Key(tokenHash: Tokens.hash(token), kind: kind.rawValue)
        if let cached = req.application.principalCache.value(key, now: req.now) { return cached }
        guard let principal = try await load(key, on: req) else { return nil }
        req.application.principalCache.store(principal, for: key, now: req.now)
        return principal
    }

    private static func load(_ key: PrincipalCache.Key, on req: Request) async throws -> Principal? {
        let sql = req.db as! any SQLDatabase
        let rows = try await sql.raw("""
            SELECT s.id AS session_id, s.person_id, s.csrf_token, s.last_seen_at, s.expires_at, s.authenticated_at,
                   s.second_factor_pending, p.name, p.email, p.totp_enabled_at, g.role, g.operator_id, g.campus_id, g.employer_id
            FROM sessions s
            JOIN people p ON p.id = s.person_id
            LEFT JOIN role_grants g ON g.person_id = s.person_id AND g.revoked_at IS NULL
            WHERE s.token_hash = \(bind: key.tokenHash) AND s.kind = \(bind: key.kind)
            """).all()
        guard let first = rows.first else { return nil }
        let sessionID = try first.decode(column: "session_id", as: Int.self)
        let grants = try rows.compactMap { row -> Grant? in
            guard let role = try row.decode(column: "role", as: String?.self).flatMap(Role.init(rawValue:)) else { return nil }
            return Grant(role: role, operatorID: try row.decode(column: "operator_id", as: Int?.self),
                         campusID: try row.decode(column: "campus_id", as: Int?.self),
                         employerID: try row.decode(column: "employer_id", as: Int?.self))
        }
        let now = req.now
        let lastSeen = try first.decode(column: "last_seen_at", as: Date.self)
        if try first.decode(column: "expires_at", as: Date.self) <= now || now.timeIntervalSince(lastSeen) > limits(for: grants, req.ieum).idle {
            try await end(sessionID: sessionID, on: req.db)
            return nil
        }
        // Writing on every request would make reads write; a minute's precision is enough for the idle timeout.
        if now.timeIntervalSince(lastSeen) > 60 {
            try await sql.update(AuthSession.schema).set("last_seen_at", to: SQLBind(now)).where("id", .equal, SQLBind(sessionID)).run()
        }
        return Principal(
            personID: try first.decode(column: "person_id", as: Int.self), name: try first.decode(column: "name", as: String.self),
            email: try first.decode(column: "email", as: String.self), grants: grants,
            sessionID: sessionID, csrfToken: try first.decode(column: "csrf_token", as: String.self),
            authenticatedAt: try first.decode(column: "authenticated_at", as: Date.self),
            secondFactorPending: try first.decode(column: "second_factor_pending", as: Bool.self),
            secondFactorEnabled: try first.decode(column: "totp_enabled_at", as: Date?.self) != nil)
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
