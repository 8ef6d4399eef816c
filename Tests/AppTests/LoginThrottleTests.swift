@testable import App
import Fluent
import Testing
import Vapor
import VaporTesting

@Suite("Failed logins and lockout")
struct LoginLockoutTests {
    func attempt(_ app: Application, _ email: String, _ password: String) async throws -> HTTPStatus {
        var status = HTTPStatus.ok
        try await app.testing().test(.POST, "/api/v1/auth/token", beforeRequest: { req in
            try req.content.encode(["email": .string("\(email)"), "password": .string("\(password)")] as JSONObject)
        }) { res in status = res.status }
        return status
    }

    @Test("ten failures lock the account for 15 minutes, even against the right password, and both are logged")
    func lockout() async throws {
        try await withApp { app, f, clock in
            for _ in 1...10 {
                #expect(try await attempt(app, f.adminA.email, "wrong password 1").code == HTTPStatus.unauthorized.code)
                clock.advance(30)
            }
            #expect(try await attempt(app, f.adminA.email, Fixture.password).code == HTTPStatus.tooManyRequests.code)
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "account_locked").count() == 1)
            clock.advance(14 * 60)
            #expect(try await attempt(app, f.adminA.email, Fixture.password).code == HTTPStatus.tooManyRequests.code)
            clock.advance(2 * 60)
            #expect(try await attempt(app, f.adminA.email, Fixture.password).code == HTTPStatus.ok.code)
            let kinds = try await SecurityEvent.query(on: app.db).sort(\.$id).all().map(\.kind)
            #expect(kinds == ["account_locked", "account_unlocked"])
        }
    }

    @Test("an unknown e-mail is locked the same way, so the answer never tells whether an account exists")
    func unknownAccount() async throws {
        try await withApp { (app: Application, _: Fixture, clock: TestClock) async throws in
            for _ in 1...10 {
                #expect(try await attempt(app, "nobody@test.kr", "wrong password 1").code == HTTPStatus.unauthorized.code)
                clock.advance(10)
            }
            #expect(try await attempt(app, "nobody@test.kr", "wrong password 1").code == HTTPStatus.tooManyRequests.code)
        }
    }

    @Test("the login page says to wait, with Retry-After, and other accounts are not affected")
    func page() async throws {
        try await withApp { app, f, clock in
            for _ in 1...10 {
                _ = try await attempt(app, f.staffA.email, "wrong password 1")
                clock.advance(5)
            }
            try await app.submitLoginForm(f.staffA.email, password: Fixture.password) { res in
                #expect(res.status == .tooManyRequests)
                #expect(res.headers.first(name: "Retry-After").flatMap(Int.init).map { $0 > 800 } == true)
                #expect(res.body.string.contains("로그인 시도가 너무 많습니다."))
            }
            #expect(try await attempt(app, f.adminA.email, Fixture.password).code == HTTPStatus.ok.code)
        }
    }

    @Test("a new person's password must follow the policy, with the reason beside the field")
    func passwordPolicy() async throws {
        try await withApp { app, f, _ in
            let token = try await app.token(f.pm.email)
            try await app.testing().test(.POST, "/api/v1/people", headers: bearer(token), beforeRequest: { req in
                try req.content.encode(["name": "김신입", "email": "new@test.kr", "role": "mentor",
                                        "operator_id": .int(f.operatorA.id!), "password": "password1234"] as JSONObject)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.fields?["password"] == "널리 쓰이거나 유출된 비밀번호입니다. 다른 것을 고르세요.")
            }
            try await app.testing().test(.POST, "/api/v1/people", headers: bearer(token), beforeRequest: { req in
                try req.content.encode(["name": "김신입", "email": "new@test.kr", "role": "mentor",
                                        "operator_id": .int(f.operatorA.id!), "password": "파란 하늘 아래 코딩 2026"] as JSONObject)
            }) { res in
                #expect(res.status == .created)
            }
            _ = try await app.token("new@test.kr", password: "파란 하늘 아래 코딩 2026")
        }
    }
}
