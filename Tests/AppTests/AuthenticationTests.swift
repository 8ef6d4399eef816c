@testable import App
import Fluent
import Testing
import Vapor
import VaporTesting

@Suite("Logging in and out")
struct AuthenticationTests {
    @Test("a person logs in with the form and sees their home page")
    func login() async throws {
        try await withApp { app, f, _ in
            let session = try await app.login("admin.a@test.kr")
            try await app.testing().test(.GET, "/", headers: session.headers()) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("김운영님, 안녕하세요"))
                #expect(res.body.string.contains(f.operatorA.name))
            }
        }
    }

    @Test("a wrong password and an unknown e-mail get the same answer, which gives nothing away")
    func wrongPassword() async throws {
        try await withApp { app, _, _ in
            var bodies: [String] = []
            for email in ["admin.a@test.kr", "nobody@test.kr"] {
                try await app.submitLoginForm(email, password: "wrong password!!") { res in
                    #expect(res.status == .unauthorized)
                    #expect(res.headers.setCookie?[SessionStore.cookieName] == nil)
                    bodies.append(res.body.string.contains("이메일 또는 비밀번호가 맞지 않습니다.") ? "same" : res.body.string)
                }
            }
            #expect(bodies == ["same", "same"])
        }
    }

    @Test("logging out ends the session: the old cookie no longer opens anything")
    func logout() async throws {
        try await withApp { app, _, _ in
            let session = try await app.login("pm@test.kr")
            try await app.testing().test(.POST, "/logout", beforeRequest: { req in
                req.headers = session.headers()
                try req.content.encode(["_csrf": session.csrf], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .seeOther)
            }
            try await app.testing().test(.GET, "/operators", headers: session.headers()) { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location)?.hasPrefix("/login") == true)
            }
            #expect(try await AuthSession.query(on: app.db).count() == 0)
        }
    }

    @Test("a form sent without the session's CSRF token is refused and changes nothing")
    func csrf() async throws {
        try await withApp { app, f, _ in
            let session = try await app.login("pm@test.kr")
            for token in ["", "forged-token"] {
                try await app.testing().test(.POST, "/operators", beforeRequest: { req in
                    req.headers = session.headers()
                    try req.content.encode(["name": "침입 아카데미", "contact_email": "x@x.kr", "_csrf": token], as: .urlEncodedForm)
                }) { res in
                    #expect(res.status == .forbidden)
                    #expect(res.body.string.contains("페이지가 만료되었습니다"))
                }
            }
            #expect(try await Operator.query(on: app.db).count() == 2)
            _ = f
        }
    }

    @Test("the login form itself is protected against cross-site posting")
    func loginCSRF() async throws {
        try await withApp { app, _, _ in
            try await app.testing().test(.POST, "/login", beforeRequest: { req in
                try req.content.encode(["email": "pm@test.kr", "password": Fixture.password], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .forbidden)
            }
        }
    }

    @Test("an idle session expires after 30 minutes")
    func idleTimeout() async throws {
        try await withApp { app, _, clock in
            let session = try await app.login("pm@test.kr")
            clock.advance(31 * 60)
            try await app.testing().test(.GET, "/", headers: session.headers()) { res in
                #expect(res.status == .seeOther)
            }
        }
    }

    @Test("the API hands out a bearer token, answers /me with it, and forgets it on logout")
    func bearerTokens() async throws {
        try await withApp { app, f, _ in
            let token = try await app.token("mentor.a@test.kr")
            try await app.testing().test(.GET, "/api/v1/me", headers: bearer(token)) { res in
                #expect(res.status == .ok)
                let me = try res.content.decode(HomeController.Me.self)
                #expect(me.email == "mentor.a@test.kr")
                #expect(me.roles.map(\.role) == ["mentor"])
                #expect(me.roles.first?.operatorID == f.operatorA.id)
            }
            try await app.testing().test(.DELETE, "/api/v1/auth/token", headers: bearer(token)) { res in
                #expect(res.status == .noContent)
            }
            try await app.testing().test(.GET, "/api/v1/me", headers: bearer(token)) { res in
                #expect(res.status == .unauthorized)
            }
        }
    }

    @Test("the API refuses wrong credentials with a JSON error")
    func badToken() async throws {
        try await withApp { app, _, _ in
            try await app.testing().test(.POST, "/api/v1/auth/token", beforeRequest: { req in
                try req.content.encode(["email": "pm@test.kr", "password": "not the password"])
            }) { res in
                #expect(res.status == .unauthorized)
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.code == "invalid_credentials")
            }
            try await app.testing().test(.GET, "/api/v1/operators", headers: bearer("made-up")) { res in
                #expect(res.status == .unauthorized)
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.code == "unauthenticated")
            }
        }
    }
}

struct ErrorBody: Decodable {
    struct Inner: Decodable {
        let code: String
        let message: String
        let fields: [String: String]?
    }
    let error: Inner
}
