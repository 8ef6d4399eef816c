@testable import App
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting

/// One name sent tens of thousands of times held a core for half a minute in the form parsers (found by an
/// attacker against CSRF checking, which reads every form before login). Such bodies are refused up front.
@Suite("Forms with too many fields")
struct FieldCountTests {
    static func repeated(_ name: String, _ times: Int) -> String {
        Array(repeating: "\(name)=", count: times).joined(separator: "&")
    }

    @Test("a page form repeating one name past the budget is a 400 that names the field; within it, the form is read")
    func urlEncoded() async throws {
        try await withApp { app, f, _ in
            let browser = try await app.login(f.traineeA.email)
            var headers = browser.headers()
            headers.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
            headers.replaceOrAdd(name: "X-CSRF-Token", value: browser.csrf)
            let flood = Self.repeated("reason", FieldCountScreen.maximumRepeats + 1) + "&" + Self.repeated("a%5B%5D", 50_000)
            try await app.testing().test(.POST, "/check-in", headers: headers, body: ByteBuffer(string: flood)) { res in
                #expect(res.status == .badRequest)
                #expect(res.body.string.contains("reason") && res.body.string.contains("칸이 200번 넘게 반복됩니다."), "\(res.body.string.suffix(3000))")
            }
            // Before login too: the CSRF check refuses without reading fifty thousand fields, and says why (not "expired").
            var anonymous = HTTPHeaders()
            anonymous.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
            try await app.testing().test(.POST, "/login", headers: anonymous, body: ByteBuffer(string: Self.repeated("a[]", 50_000))) { res in
                #expect(res.status == .badRequest)
                #expect(res.body.string.contains("반복됩니다"))
            }
            // A form carrying its token in the body, with more fields than any page has: the same 400, not a 403.
            var formHeaders = browser.headers()
            formHeaders.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
            let many = "_csrf=\(browser.csrf)&" + (0...FieldCountScreen.maximumFields).map { "f\($0)=x" }.joined(separator: "&")
            try await app.testing().test(.POST, "/check-in", headers: formHeaders, body: ByteBuffer(string: many)) { res in
                #expect(res.status == .badRequest)
                #expect(res.body.string.contains("\(FieldCountScreen.maximumFields)개를 넘습니다"), "\(res.body.string.suffix(2000))")
            }
            try await app.testing().test(.POST, "/check-in", headers: headers,
                                         body: ByteBuffer(string: "code=x&kind=check_in&idempotency_key=within-budget-1")) { res in
                #expect(res.status != .badRequest, "an ordinary form is read: \(res.status)")
                #expect(!res.body.string.contains("반복됩니다"))
            }
            try await app.testing().test(.GET, "/healthz") { res in #expect(res.status == .ok) }
        }
    }

    @Test("a multipart body of hundreds of parts, under one name or many, is refused on a page and on the API")
    func multipartParts() async throws {
        try await withApp { app, f, _ in
            let boundary = "ieumBoundary42"
            func part(_ name: String) -> String { "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\nx\r\n" }
            let bodies = [
                String(repeating: part("evidence[]"), count: FieldCountScreen.maximumRepeats + 1) + "--\(boundary)--\r\n",
                (0...FieldCountScreen.maximumParts).map { part("f\($0)") }.joined() + "--\(boundary)--\r\n",
            ]
            let trainee = try await app.token(f.traineeA.email)
            let browser = try await app.login(f.traineeA.email)
            for body in bodies {
                var api = bearer(trainee)
                api.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
                try await app.testing().test(.POST, "/api/v1/attendance/corrections", headers: api, body: ByteBuffer(string: body)) { res in
                    #expect(res.status == .badRequest)
                }
                var page = browser.headers()
                page.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
                page.replaceOrAdd(name: "X-CSRF-Token", value: browser.csrf)
                try await app.testing().test(.POST, "/attendance/corrections", headers: page, body: ByteBuffer(string: body)) { res in
                    #expect(res.status == .badRequest)
                    #expect(res.body.string.contains("넘습니다") || res.body.string.contains("반복됩니다"), "the page says why")
                }
            }
        }
    }

    @Test("a name no page sends (capacity[], a[b]) is only an unknown field: the form's other values are read and kept")
    func bracketedNames() async throws {
        try await withApp { app, f, _ in
            let browser = try await app.login(f.adminA.email)
            func edit(_ body: String, _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                var headers = browser.headers()
                headers.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
                try await app.testing().test(.POST, "/cohorts/\(f.cohortA.id!)/edit", headers: headers,
                                             body: ByteBuffer(string: "_csrf=\(browser.csrf)&" + body), afterResponse: check)
            }
            try await edit("name=%EC%B0%BD%EC%9B%90+2%EA%B8%B0&starts_on=2026-07-01&ends_on=2026-12-31&capacity=3&extra%5B%5D=1&a[b]=2") { res in
                #expect(res.status == .seeOther, "\(res.body.string.suffix(1500))")
            }
            #expect(try await Cohort.find(f.cohortA.id!, on: app.db)?.name == "창원 2기")
            try await edit("name=%EC%B0%BD%EC%9B%90+3%EA%B8%B0&starts_on=2026-07-01&ends_on=2026-12-31&capacity[]=38") { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("value=\"창원 3기\""), "the typed name is kept")
                #expect(res.body.string.contains("value=\"2026-12-31\""))
            }
        }
    }
}
