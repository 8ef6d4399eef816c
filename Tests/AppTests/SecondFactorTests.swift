@testable import App
import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting

@Suite("Two-step verification (TOTP)")
struct SecondFactorTests {
    @Test("RFC 6238 test vectors (SHA-1, 8 digits)",
          arguments: [(59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
                      (1_234_567_890, "89005924"), (2_000_000_000, "69279037")])
    func vectors(time: Int, code: String) {
        let secret = Array("12345678901234567890".utf8)
        #expect(TOTP.code(secret: secret, counter: TOTP.counter(at: Date(timeIntervalSince1970: Double(time))), digits: 8) == code)
    }

    @Test("base32 as RFC 4648 spells it")
    func base32() {
        #expect(Base32.encode(Array("foobar".utf8)) == "MZXW6YTBOI")
        #expect(Base32.decode("MZXW 6YTB OI").map { String(decoding: $0, as: UTF8.self) } == "foobar")
        #expect(Base32.decode("not base32!") == nil)
    }

    @Test("a code works within a step either side, and only once")
    func verify() {
        let secret = TOTP.newSecret()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let code = TOTP.code(secret: secret, counter: TOTP.counter(at: now))
        let used = TOTP.verify(code, secret: secret, at: now.addingTimeInterval(25), after: nil)
        #expect(used != nil)
        #expect(TOTP.verify(code, secret: secret, at: now, after: used) == nil)
        #expect(TOTP.verify(code, secret: secret, at: now.addingTimeInterval(120), after: nil) == nil)
    }

    func secret(in html: String) throws -> [UInt8] {
        let start = try #require(html.range(of: "<code class=\"secret\">"))
        let text = html[start.upperBound...].prefix { $0 != "<" }
        return try #require(Base32.decode(String(text)))
    }

    func post(_ app: Application, _ path: String, _ session: BrowserSession, _ body: [String: String],
              _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
        try await app.testing().test(.POST, path, beforeRequest: { req in
            req.headers = session.headers()
            var values = body
            values["_csrf"] = session.csrf
            try req.content.encode(values, as: .urlEncodedForm)
        }, afterResponse: check)
    }

    @Test("staff must set it up first; afterwards login asks for a code, and a recovery code works once")
    func staffFlow() async throws {
        try await withApp(secondFactor: true) { app, f, clock in
            // The API refuses staff without a second factor.
            try await app.testing().test(.POST, "/api/v1/auth/token", beforeRequest: { req in
                try req.content.encode(["email": f.adminA.email, "password": Fixture.password])
            }) { res in
                #expect(res.status == .forbidden)
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.code == "second_factor_required")
            }
            // Pages send them to the setup.
            let first = try await app.login(f.adminA.email)
            try await app.testing().test(.GET, "/cohorts", headers: first.headers()) { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/account/second-factor")
            }
            var key: [UInt8] = []
            try await app.testing().test(.GET, "/account/second-factor", headers: first.headers()) { res in
                #expect(res.status == .ok)
                key = try secret(in: res.body.string)
            }
            try await post(app, "/account/second-factor", first, ["code": "000000"]) { res in
                #expect(res.status == .unprocessableEntity)
            }
            var recovery = ""
            try await post(app, "/account/second-factor", first, ["code": TOTP.code(secret: key, counter: TOTP.counter(at: clock.now))]) { res in
                #expect(res.status == .ok)
                let html = res.body.string
                let start = try #require(html.range(of: "<li><code>"))
                recovery = String(html[start.upperBound...].prefix { $0 != "<" })
            }
            #expect(recovery.count == 9)
            try await app.testing().test(.GET, "/cohorts", headers: first.headers()) { res in #expect(res.status == .ok) }

            // A new login stops at the second factor until a fresh code is given.
            clock.advance(60)
            let second = try await loginPending(app, f.adminA.email)
            try await app.testing().test(.GET, "/", headers: second.headers()) { res in
                #expect(res.headers.first(name: .location) == "/login/second-factor")
            }
            try await post(app, "/login/second-factor", second, ["code": "123456"]) { res in #expect(res.status == .unauthorized) }
            try await post(app, "/login/second-factor", second, ["code": TOTP.code(secret: key, counter: TOTP.counter(at: clock.now))]) { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/")
            }
            try await app.testing().test(.GET, "/cohorts", headers: second.headers()) { res in #expect(res.status == .ok) }

            // A recovery code opens one login, not two.
            let third = try await loginPending(app, f.adminA.email)
            try await post(app, "/login/second-factor", third, ["code": recovery]) { res in #expect(res.status == .seeOther) }
            let fourth = try await loginPending(app, f.adminA.email)
            try await post(app, "/login/second-factor", fourth, ["code": recovery]) { res in #expect(res.status == .unauthorized) }

            // The API takes the code as `otp`.
            clock.advance(60)
            try await app.testing().test(.POST, "/api/v1/auth/token", beforeRequest: { req in
                try req.content.encode(["email": f.adminA.email, "password": Fixture.password])
            }) { res in
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.code == "otp_required")
            }
            try await app.testing().test(.POST, "/api/v1/auth/token", beforeRequest: { req in
                try req.content.encode(["email": f.adminA.email, "password": Fixture.password,
                                        "otp": TOTP.code(secret: key, counter: TOTP.counter(at: clock.now))])
            }) { res in #expect(res.status == .ok) }
            let kinds = try await SecurityEvent.query(on: app.db).all().map(\.kind)
            #expect(kinds.contains("second_factor_enabled"))
            #expect(kinds.contains("recovery_code_used"))
        }
    }

    @Test("trainees are not forced to set it up")
    func traineesOptional() async throws {
        try await withApp(secondFactor: true) { app, f, _ in
            let token = try await app.token(f.traineeA.email)
            try await app.testing().test(.GET, "/api/v1/me", headers: bearer(token)) { res in #expect(res.status == .ok) }
        }
    }

    /// Logs in with the password only, for an account whose second factor is on.
    func loginPending(_ app: Application, _ email: String) async throws -> BrowserSession {
        var session = ""
        try await app.submitLoginForm(email, password: Fixture.password) { res in
            #expect(res.headers.first(name: .location) == "/login/second-factor")
            session = res.headers.setCookie?[SessionStore.cookieName]?.string ?? ""
        }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .cookie, value: "\(SessionStore.cookieName)=\(session)")
        var csrf = ""
        try await app.testing().test(.GET, "/login/second-factor", headers: headers) { res in
            csrf = Application.csrfToken(in: res.body.string)
        }
        return BrowserSession(cookie: session, csrf: csrf)
    }
}
