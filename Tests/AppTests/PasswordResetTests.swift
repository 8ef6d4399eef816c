@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Password reset: a link by mail, once, for 30 minutes, telling nobody which addresses have accounts")
struct PasswordResetTests {
    static let newPassword = "a fresh and long passphrase 7"

    static func ask(_ app: Application, _ email: String, _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
        try await app.testing().test(.POST, "/api/v1/password-reset", beforeRequest: { req in
            try req.content.encode(["email": email])
        }, afterResponse: check)
    }

    /// The token of the newest reset link sent to the address, as its owner would open it.
    static func linkToken(_ app: Application, _ email: String) async throws -> String? {
        await app.backgroundWork.drain()   // the link is mailed after the answer
        let messages = try await OutboxMessage.query(on: app.db).filter(\.$toAddress == email).sort(\.$id, .descending).all()
        guard let link = messages.compactMap(\.link).first(where: { $0.contains("/password-reset/new?token=") }) else { return nil }
        return URLComponents(string: link)?.queryItems?.first { $0.name == "token" }?.value
    }

    static func choose(_ app: Application, token: String, password: String = newPassword,
                       _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
        try await app.testing().test(.POST, "/api/v1/password-reset/confirm", beforeRequest: { req in
            try req.content.encode(["token": token, "password": password])
        }, afterResponse: check)
    }

    /// Opens a page as a browser with no session and posts its form (the anonymous CSRF cookie and field).
    static func postForm(_ app: Application, page: String, to action: String, _ fields: [String: String],
                         _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
        var cookie = "", csrf = ""
        try await app.testing().test(.GET, page) { res in
            cookie = res.headers.setCookie?[CSRFProtection.cookieName]?.string ?? ""
            csrf = Application.csrfToken(in: res.body.string)
        }
        try await app.testing().test(.POST, action, beforeRequest: { req in
            req.headers.replaceOrAdd(name: .cookie, value: "\(CSRFProtection.cookieName)=\(cookie)")
            try req.content.encode(fields.merging(["_csrf": csrf]) { a, _ in a }, as: .urlEncodedForm)
        }, afterResponse: check)
    }

    @Test("asking answers the same for an account and for an unknown address; only the account gets a link")
    func noOracle() async throws {
        try await withApp { app, f, _ in
            var answers: [String] = []
            for email in [f.traineeA.email, "nobody@test.kr"] {
                try await Self.ask(app, email) { res in
                    #expect(res.status == .accepted)
                    answers.append(res.body.string)
                }
            }
            #expect(answers.count == 2 && answers[0] == answers[1])
            #expect(try await Self.linkToken(app, f.traineeA.email) != nil)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$toAddress == "nobody@test.kr").count() == 0)
            // A closed account gets no link, and a link sent before it closed stops working.
            try await Self.ask(app, f.traineeB.email) { res in #expect(res.status == .accepted) }
            let before = try #require(try await Self.linkToken(app, f.traineeB.email))
            try await DeletionRequest(personID: f.traineeB.id!, at: fixtureStart).create(on: app.db)
            try await Self.choose(app, token: before) { res in #expect(res.status == .notFound) }
            try await OutboxMessage.query(on: app.db).filter(\.$toAddress == f.traineeB.email).delete()
            try await Self.ask(app, f.traineeB.email) { res in #expect(res.status == .accepted) }
            #expect(try await Self.linkToken(app, f.traineeB.email) == nil)
            // The page says the same for both, and the login page leads to it.
            for email in [f.traineeA.email, "nobody@test.kr"] {
                try await Self.postForm(app, page: "/password-reset", to: "/password-reset", ["email": email]) { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string.contains("30분 안에"))
                }
            }
            try await app.testing().test(.GET, "/login") { res in #expect(res.body.string.contains("href=\"/password-reset\"")) }
        }
    }

    @Test("the link sets a new password once: the old one stops working, every session ends, and the owner is told")
    func resetOnce() async throws {
        try await withApp { app, f, _ in
            let oldToken = try await app.token(f.traineeA.email)
            try await Self.ask(app, f.traineeA.email) { res in #expect(res.status == .accepted) }
            let token = try #require(try await Self.linkToken(app, f.traineeA.email))
            try await Self.choose(app, token: token) { res in #expect(res.status == .noContent, "\(res.body.string)") }
            try await app.testing().test(.GET, "/api/v1/me", headers: bearer(oldToken)) { res in #expect(res.status == .unauthorized) }
            try await app.submitLoginForm(f.traineeA.email, password: Fixture.password) { res in #expect(res.status != .seeOther) }
            _ = try await app.token(f.traineeA.email, password: Self.newPassword)
            // The same link a second time, on the page and by the API: used up.
            try await Self.choose(app, token: token, password: "another long passphrase 8") { res in #expect(res.status == .notFound) }
            try await app.testing().test(.GET, "/password-reset/new?token=\(token)") { res in
                #expect(res.status == .notFound)
                #expect(res.body.string.contains("이 링크는 쓸 수 없습니다"))
            }
            let told = try await OutboxMessage.query(on: app.db).filter(\.$toAddress == f.traineeA.email).all()
            #expect(told.contains { $0.subject.contains("비밀번호가 바뀌었습니다") })
        }
    }

    @Test("a weak or mistyped new password is shown beside its field, and the link still works after")
    func weakPassword() async throws {
        try await withApp { app, f, _ in
            try await Self.ask(app, f.traineeA.email) { _ in }
            let token = try #require(try await Self.linkToken(app, f.traineeA.email))
            let page = "/password-reset/new?token=\(token)"
            try await Self.postForm(app, page: page, to: "/password-reset/new", ["token": token, "password": "short", "password_again": "short"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("name=\"password\""), "the form is shown again")
                #expect(res.body.string.contains("value=\"\(token)\""), "with the link's token kept")
            }
            try await Self.postForm(app, page: page, to: "/password-reset/new",
                                    ["token": token, "password": Self.newPassword, "password_again": Self.newPassword + "x"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("두 번 넣은 비밀번호가 다릅니다"))
            }
            try await Self.choose(app, token: token, password: f.traineeA.email + "123") { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("\"password\""))
            }
            try await Self.postForm(app, page: page, to: "/password-reset/new",
                                    ["token": token, "password": Self.newPassword, "password_again": Self.newPassword]) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("새 비밀번호로 로그인하세요"))
            }
            _ = try await app.token(f.traineeA.email, password: Self.newPassword)
        }
    }

    @Test("an older link dies when a newer one is sent, and every link dies after 30 minutes")
    func supersededAndExpired() async throws {
        try await withApp { app, f, clock in
            try await Self.ask(app, f.traineeA.email) { _ in }
            let first = try #require(try await Self.linkToken(app, f.traineeA.email))
            try await Self.ask(app, f.traineeA.email) { _ in }
            let second = try #require(try await Self.linkToken(app, f.traineeA.email))
            #expect(first != second)
            try await Self.choose(app, token: first) { res in #expect(res.status == .notFound) }
            clock.advance(31 * 60)
            try await Self.choose(app, token: second) { res in #expect(res.status == .notFound) }
            _ = try await app.token(f.traineeA.email)
        }
    }

    @Test("asking is throttled per address alike, whether or not it has an account")
    func throttled() async throws {
        try await withApp { app, f, clock in
            for email in [f.traineeA.email, "nobody@test.kr"] {
                for _ in 0..<PasswordReset.throttle.perAddress {
                    try await Self.ask(app, email) { res in #expect(res.status == .accepted) }
                    clock.advance(60)
                }
                // The wait counts down from the oldest attempt: 15 minutes after it, less the 3 minutes gone since.
                try await Self.ask(app, email) { res in
                    #expect(res.status == .tooManyRequests)
                    #expect(res.headers.first(name: "Retry-After") == "720")
                }
                clock.advance(12 * 60 + 1)
                try await Self.ask(app, email) { res in #expect(res.status == .accepted) }
            }
        }
    }
}
