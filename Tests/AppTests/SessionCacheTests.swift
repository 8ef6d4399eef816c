@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Resolved sessions stay in a process's memory for minutes; these tests show that they never outlive a change
/// made by this process or by another one sharing the database.
@Suite("Session cache")
struct SessionCacheTests {
    /// A second server process on the same database (a second Application with the same configuration).
    func withOtherProcess(of app: Application, _ body: (Application) async throws -> Void) async throws {
        BlockingPool.size()
        let other = try await Application.make(.testing)
        do {
            try await configure(other, app.ieum)
            try await body(other)
        } catch {
            try? await other.asyncShutdown()
            throw error
        }
        try await other.asyncShutdown()
    }

    func roles(_ app: Application, _ token: String) async throws -> [String]? {
        var roles: [String]?
        try await app.testing().test(.GET, "/api/v1/me", headers: bearer(token)) { res in
            if res.status == .ok { roles = try res.content.decode(HomeController.Me.self).roles.map(\.role) }
        }
        return roles
    }

    /// Asks until the answer changes, for at most five seconds (the watcher looks once a second).
    func eventually(_ check: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<50 {
            if try await check() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    @Test("a role revoked through another process stops working here within seconds, without waiting for the cache")
    func revokedElsewhere() async throws {
        try await withApp { app, f, _ in
            let staff = try await app.token(f.staffA.email)
            let admin = try await app.token(f.adminA.email)
            #expect(try await roles(app, staff) == ["campus_staff"])
            let grant = try #require(try await RoleGrant.query(on: app.db).filter(\.$person.$id == f.staffA.id!).first())
            try await withOtherProcess(of: app) { other in
                try await other.testing().test(.DELETE, "/api/v1/people/\(f.staffA.id!)/roles/\(grant.id!)", headers: bearer(admin)) { res in
                    #expect(res.status == .noContent)
                }
            }
            #expect(try await eventually { try await roles(app, staff) == [] })
        }
    }

    @Test("a token revoked through another process is refused here within seconds")
    func loggedOutElsewhere() async throws {
        try await withApp { app, f, _ in
            let token = try await app.token(f.traineeA.email)
            #expect(try await roles(app, token) == ["trainee"])
            try await withOtherProcess(of: app) { other in
                try await other.testing().test(.DELETE, "/api/v1/auth/token", headers: bearer(token)) { res in #expect(res.status == .noContent) }
                #expect(try await roles(other, token) == nil)
            }
            #expect(try await eventually { try await roles(app, token) == nil })
        }
    }

    @Test("the watcher empties the cache exactly when auth_state moved; a session read before a change is not kept after it")
    func watcher() async throws {
        try await withApp { app, f, _ in
            let token = try await app.token(f.staffA.email)   // boots the app, which starts its own watcher
            app.storage[AuthStateTaskKey.self]?.cancel()   // this test looks itself, at chosen moments
            var last = await AuthStateWatcher.look(app, after: nil)   // a first look knows no earlier version: it empties the cache
            _ = try await roles(app, token)
            let key = PrincipalCache.Key(tokenHash: Tokens.hash(token), kind: SessionKind.api.rawValue)
            #expect(app.principalCache.value(key, now: app.ieum.now()) != nil)
            last = await AuthStateWatcher.look(app, after: last)   // nothing changed: kept
            #expect(app.principalCache.value(key, now: app.ieum.now()) != nil)
            // A change written without this process's help (as another process would): gone at the next look.
            try await RoleGrant.query(on: app.db).filter(\.$person.$id == f.staffA.id!).set(\.$revokedAt, to: app.ieum.now()).update()
            try await AuthState.bump(on: app.db)
            _ = await AuthStateWatcher.look(app, after: last)
            #expect(app.principalCache.value(key, now: app.ieum.now()) == nil)
            #expect(try await roles(app, token) == [])

            // A lookup that began before a removal does not store what it read.
            let generation = app.principalCache.generation
            let stale = try #require(app.principalCache.value(key, now: app.ieum.now()))
            PrincipalCache.forget(person: f.staffA.id!, in: app)
            app.principalCache.store(stale, for: key, now: app.ieum.now(), ifGeneration: generation)
            #expect(app.principalCache.value(key, now: app.ieum.now()) == nil)
        }
    }

    @Test("a person's new name reaches their cached session at once")
    func renamed() async throws {
        try await withApp { app, f, _ in
            let trainee = try await app.token(f.traineeA.email)
            var name = ""
            try await app.testing().test(.GET, "/api/v1/me", headers: bearer(trainee)) { res in
                name = try res.content.decode(HomeController.Me.self).name
            }
            #expect(name == f.traineeA.name)
            let admin = try await app.token(f.pm.email)   // an account's name is changed by program support only
            try await app.testing().test(.PATCH, "/api/v1/people/\(f.traineeA.id!)", headers: bearer(admin), beforeRequest: { req in
                try req.content.encode(["name": "김새이름"])
            }) { res in #expect(res.status == .ok, "\(res.body.string.prefix(400))") }
            try await app.testing().test(.GET, "/api/v1/me", headers: bearer(trainee)) { res in
                let me = try res.content.decode(HomeController.Me.self)
                #expect(me.name == "김새이름")
            }
        }
    }

    @Test("a cached session still ends when it expires or sits idle, and each use keeps it alive in the database")
    func expiryAndIdleWhileCached() async throws {
        try await withApp { app, f, clock in
            let token = try await app.token(f.staffA.email)
            let stored = AuthSession.query(on: app.db).filter(\.$tokenHash == Tokens.hash(token))
            let created = try #require(try await stored.first()).lastSeenAt
            let idle = app.ieum.sessionIdleTimeout   // 30 minutes for staff
            for _ in 0..<7 {   // 7 × 5 minutes: alive only if uses served from memory counted too
                clock.advance(5 * 60)
                #expect(try await roles(app, token) == ["campus_staff"])
            }
            await app.sessionLookups.writeTouches()
            #expect(abs(try #require(try await stored.first()).lastSeenAt.timeIntervalSince(created) - 35 * 60) < 1)
            clock.advance(idle + 1)
            #expect(try await roles(app, token) == nil)
            #expect(try await stored.count() == 0)

            let other = try await app.token(f.traineeB.email)
            #expect(try await roles(app, other) == ["trainee"])
            try await AuthSession.query(on: app.db).filter(\.$tokenHash == Tokens.hash(other)).set(\.$expiresAt, to: clock.now.addingTimeInterval(5)).update()
            // The cached copy still holds the old end; the session is re-read from the database when the copy is renewed.
            app.principalCache.removeAll()
            #expect(try await roles(app, other) == ["trainee"])
            clock.advance(6)
            #expect(try await roles(app, other) == nil)
        }
    }
}
