@testable import App
import Fluent
import Testing
import Vapor
import VaporTesting

@Suite("Sessions")
struct SessionsTests {
    @Test("a person sees their sessions and ends one: its token stops working at once")
    func endOne() async throws {
        try await withApp { app, f, _ in
            let first = try await app.token(f.adminA.email)
            let second = try await app.token(f.adminA.email)
            var sessions: [SessionOutput] = []
            try await app.testing().test(.GET, "/api/v1/sessions", headers: bearer(second)) { res in
                sessions = try res.content.decode([SessionOutput].self)
            }
            #expect(sessions.count == 2)
            #expect(sessions.filter(\.current).count == 1)
            let other = try #require(sessions.first { !$0.current })
            try await app.testing().test(.DELETE, "/api/v1/sessions/\(other.id)", headers: bearer(second)) { res in
                #expect(res.status == .noContent)
            }
            try await app.testing().test(.GET, "/api/v1/me", headers: bearer(first)) { res in #expect(res.status == .unauthorized) }
            try await app.testing().test(.GET, "/api/v1/me", headers: bearer(second)) { res in #expect(res.status == .ok) }
        }
    }

    @Test("someone else's session cannot be ended: it is not found")
    func notYours() async throws {
        try await withApp { app, f, _ in
            let victim = try await app.token(f.adminB.email)
            let attacker = try await app.token(f.adminA.email)
            let victimSession = try #require(try await AuthSession.query(on: app.db).filter(\.$person.$id == f.adminB.id!).first())
            try await app.testing().test(.DELETE, "/api/v1/sessions/\(victimSession.id!)", headers: bearer(attacker)) { res in
                #expect(res.status == .notFound)
            }
            try await app.testing().test(.GET, "/api/v1/me", headers: bearer(victim)) { res in #expect(res.status == .ok) }
        }
    }

    @Test("staff sessions end after 30 idle minutes, a trainee's after 2 hours; staff at most 12 hours in all")
    func timeouts() async throws {
        try await withApp { app, f, clock in
            let staff = try await app.token(f.staffA.email)
            let trainee = try await app.token(f.traineeA.email)
            clock.advance(45 * 60)
            try await app.testing().test(.GET, "/api/v1/me", headers: bearer(staff)) { res in #expect(res.status == .unauthorized) }
            try await app.testing().test(.GET, "/api/v1/me", headers: bearer(trainee)) { res in #expect(res.status == .ok) }
            let busy = try await app.token(f.pm.email)
            for _ in 0..<25 {
                clock.advance(29 * 60)
                try await app.testing().test(.GET, "/api/v1/me", headers: bearer(busy)) { _ in }
            }
            // 25 × 29 minutes is past 12 hours: even an active staff session has ended.
            try await app.testing().test(.GET, "/api/v1/me", headers: bearer(busy)) { res in #expect(res.status == .unauthorized) }
        }
    }

    @Test("using a session keeps it alive at once in this process and in the database soon after (or at shutdown)")
    func lastSeenWritten() async throws {
        try await withApp { app, f, clock in
            let token = try await app.token(f.staffA.email)
            func stored() async throws -> Date {
                try #require(try await AuthSession.query(on: app.db).filter(\.$tokenHash == Tokens.hash(token)).first()).lastSeenAt
            }
            let created = try await stored()
            for _ in 0..<3 {   // 3 × 20 idle minutes: alive only if each use counted
                clock.advance(20 * 60)
                app.principalCache.removeAll()
                try await app.testing().test(.GET, "/api/v1/me", headers: bearer(token)) { res in #expect(res.status == .ok) }
            }
            await app.sessionLookups.writeTouches()
            #expect(abs(try await stored().timeIntervalSince(created) - 60 * 60) < 1)
            clock.advance(20 * 60)
            app.principalCache.removeAll()
            try await app.testing().test(.GET, "/api/v1/me", headers: bearer(token)) { res in #expect(res.status == .ok) }
            await app.sessionLookups.stop()
            #expect(abs(try await stored().timeIntervalSince(created) - 80 * 60) < 1)
        }
    }

    @Test("many first requests at once, each with its own token, are each answered as their own person")
    func concurrentLookups() async throws {
        try await withApp { app, f, _ in
            let people = [f.pm, f.adminA, f.adminB, f.staffA, f.mentorA, f.traineeA, f.traineeB, f.employerUser]
            var tokens: [(email: String, token: String)] = []
            for person in people {
                for _ in 0..<3 { tokens.append((person.email, try await app.token(person.email))) }
            }
            let browser = try await app.login(f.traineeA.email)
            app.principalCache.removeAll()
            let answers = try await withThrowingTaskGroup(of: (String, HTTPStatus, String?).self) { group in
                for (email, token) in tokens + [("cookie as bearer", browser.cookie), ("unknown", "no-such-token")] {
                    group.addTask {
                        var answer: (HTTPStatus, String?) = (.internalServerError, nil)
                        try await app.testing().test(.GET, "/api/v1/me", headers: bearer(token)) { res in
                            answer = (res.status, res.status == .ok ? try res.content.decode(HomeController.Me.self).email : nil)
                        }
                        return (email, answer.0, answer.1)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.count == tokens.count + 2)
            for (expected, status, email) in answers {
                if expected == "cookie as bearer" || expected == "unknown" {
                    #expect(status == .unauthorized, "\(expected)")
                } else {
                    #expect(status == .ok && email == expected, "\(expected) got \(status) \(email ?? "-")")
                }
            }
        }
    }

    @Test("the sessions page lists this session and ends all the others")
    func page() async throws {
        try await withApp { app, f, _ in
            let token = try await app.token(f.pm.email)
            let session = try await app.login(f.pm.email)
            try await app.testing().test(.GET, "/sessions", headers: session.headers()) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("지금 이 세션"))
                #expect(res.body.string.contains("API 토큰"))
            }
            try await app.testing().test(.POST, "/sessions/end-others", beforeRequest: { req in
                req.headers = session.headers()
                try req.content.encode(["_csrf": session.csrf], as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther) }
            try await app.testing().test(.GET, "/api/v1/me", headers: bearer(token)) { res in #expect(res.status == .unauthorized) }
            try await app.testing().test(.GET, "/", headers: session.headers()) { res in #expect(res.status == .ok) }
        }
    }

    @Test("the hourly job removes sessions past their end, with the address they kept, and leaves live ones working")
    func expiredSessionsAreRemoved() async throws {
        try await withApp { app, f, clock in
            let trainee = try await app.token(f.traineeA.email)
            let admin = try await app.token(f.adminA.email)
            let traineeSessions = AuthSession.query(on: app.db).filter(\.$person.$id == f.traineeA.id!)
            try await traineeSessions.set(\.$expiresAt, to: clock.now.addingTimeInterval(-1)).update()
            app.principalCache.removeAll()

            #expect(try await RetentionJob.runDue(on: app.db, now: clock.now, audit: app.audit).expiredSessions == 1)
            #expect(try await AuthSession.query(on: app.db).filter(\.$person.$id == f.traineeA.id!).count() == 0)
            #expect(try await AuthSession.query(on: app.db).filter(\.$person.$id == f.adminA.id!).count() == 1)
            try await app.testing().test(.GET, "/api/v1/me", headers: bearer(trainee)) { res in #expect(res.status == .unauthorized) }
            try await app.testing().test(.GET, "/api/v1/me", headers: bearer(admin)) { res in #expect(res.status == .ok) }
            #expect(try await RetentionJob.runDue(on: app.db, now: clock.now, audit: app.audit).expiredSessions == 0)
        }
    }
}
