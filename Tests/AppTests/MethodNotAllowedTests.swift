@testable import App
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Methods an address does not take")
struct MethodNotAllowedTests {
    @Test("a known path asked with another method is 405 with Allow; unknown paths and missing records stay 404")
    func methodNotAllowed() async throws {
        try await withApp { app, f, _ in
            try await app.testing().test(.DELETE, "/api/v1/openapi.json") { res in
                #expect(res.status == .methodNotAllowed)
                #expect(res.headers.first(name: .allow) == "GET, HEAD")
                #expect(res.body.string.contains("method_not_allowed"))
                #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff", "error answers carry the security headers")
            }
            let token = try await app.token(f.staffA.email)
            try await app.testing().test(.PUT, "/api/v1/cohorts/\(f.cohortA.id!)/assignments", headers: bearer(token)) { res in
                #expect(res.status == .methodNotAllowed)
                #expect(res.headers.first(name: .allow) == "GET, HEAD, POST")
            }
            try await app.testing().test(.PATCH, "/login?lang=en") { res in
                #expect(res.status == .methodNotAllowed)
                #expect(res.body.string.contains("This address does not take PATCH"), "a page says it in the reader's language")
            }
            try await app.testing().test(.GET, "/api/v1/no-such-thing") { res in #expect(res.status == .notFound) }
            try await app.testing().test(.GET, "/api/v1/cohorts/999999", headers: bearer(token)) { res in
                #expect(res.status == .notFound, "a handler's 404 for a missing record stays 404")
            }
            try await app.testing().test(.GET, "/api/v1/openapi.json") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("\"415\""), "the document lists 415 for operations with a body")
            }
        }
    }

    @Test("a page no route answers (404 or 405) still knows who is logged in: their name and 'log out', not 'log in'")
    func unmatchedPagesKnowTheUser() async throws {
        try await withApp { app, f, _ in
            let browser = try await app.login(f.staffA.email)
            for (method, path) in [(HTTPMethod.GET, "/no-such-page"), (.DELETE, "/login")] {
                try await app.testing().test(method, path, headers: browser.headers()) { res in
                    #expect(res.status == (method == .GET ? .notFound : .methodNotAllowed), "\(path)")
                    #expect(res.body.string.contains(f.staffA.name), "\(path)")
                    #expect(res.body.string.contains("로그아웃") && !res.body.string.contains("href=\"/login\">로그인"), "\(path)")
                }
            }
            try await app.testing().test(.GET, "/no-such-page") { res in
                #expect(res.body.string.contains("href=\"/login\">로그인"), "someone not logged in is offered the login")
            }
        }
    }
}
