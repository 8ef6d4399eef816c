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
    /// A cache miss waits for the next batched lookup (`SessionLookups`): it is on the check-in hot path.
    static func resolve(token: String, kind: SessionKind, on req: Request) async throws -> Principal? {
        let key = PrincipalCache.Key(tokenHash: Tokens.hash(token), kind: kind.rawValue)
        let cache = req.application.principalCache
        let now = req.now
        if let cached = cache.value(key, now: now) {
            let idle = now.timeIntervalSince(cached.seenAt)
            if cached.expiresAt > now, idle <= cached.idleLimit {
                if idle > SessionLookups.touchAfter {
                    cache.modify(key) { $0.seenAt = now }
                    await req.application.sessionLookups.seen(sessionID: cached.principal.sessionID, at: now)
                }
                return cached.principal
            }
            // Past its end, or idle as far as this process knows: the database decides (another process may have
            // kept it alive).
            cache.remove(key)
        }
        let generation = cache.generation
        guard let loaded = try await load(key, on: req) else { return nil }
        cache.store(loaded, for: key, now: now, ifGeneration: generation)
        return loaded.principal
    }

    private static func load(_ key: PrincipalCache.Key, on req: Request) async throws -> CachedSession? {
        let now = req.now
        guard let stored = try await req.application.sessionLookups.find(key, now: now) else { return nil }
        let idleLimit = limits(for: stored.grants, req.ieum).idle
        if stored.expiresAt <= now || now.timeIntervalSince(stored.lastSeenAt) > idleLimit {
            try await end(sessionID: stored.sessionID, on: req.db)
            try await req.authChanged(of: stored.personID)   // another process may still hold it
            return nil
        }
        var principal = Principal(
            personID: stored.personID, name: stored.name, email: stored.email, grants: stored.grants,
            sessionID: stored.sessionID, csrfToken: stored.csrfToken, authenticatedAt: stored.authenticatedAt,
            secondFactorPending: stored.secondFactorPending, secondFactorEnabled: stored.secondFactorEnabled)
        if stored.grants.contains(where: { $0.role == .mentor }) {
            principal.mentoredCohorts = Set(try await CohortMentor.query(on: req.db).filter(\.$personID == stored.personID).all().map(\.cohortID))
        }
        // `find` has counted this use when the stored time was more than `touchAfter` old.
        let seenAt = now.timeIntervalSince(stored.lastSeenAt) > SessionLookups.touchAfter ? now : stored.lastSeenAt
        return CachedSession(principal: principal, expiresAt: stored.expiresAt, idleLimit: idleLimit, seenAt: seenAt)
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

    /// The socket's peer, or what a trusted proxy says the client was (`AppConfig.trustedProxies`).
    var clientAddress: String {
        let proxies = ieum.trustedProxies
        let peer = remoteAddress?.ipAddress
        if proxies.isEmpty { return peer ?? "unknown" }
        return proxies.clientAddress(peer: peer, forwardedFor: headers[.xForwardedFor]) ?? "unknown"
    }
}
