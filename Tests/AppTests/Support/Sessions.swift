@testable import App
import Foundation
import Testing
import Fluent
import Vapor
import VaporTesting

/// A logged-in browser: its session cookie and CSRF token.
struct BrowserSession {
    let cookie: String
    let csrf: String

    func headers() -> HTTPHeaders {
        var h = HTTPHeaders()
        h.replaceOrAdd(name: .cookie, value: "\(SessionStore.cookieName)=\(cookie)")
        return h
    }
}

extension Application {
    /// Opens the login form as a browser would and sends it; `check` sees the answer.
    func submitLoginForm(_ email: String, password: String = Fixture.password, next: String? = nil,
                         _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
        var anonymousCookie = ""
        var formToken = ""
        try await testing().test(.GET, "/login") { res in
            anonymousCookie = res.headers.setCookie?[CSRFProtection.cookieName]?.string ?? ""
            formToken = Self.csrfToken(in: res.body.string)
        }
        try await testing().test(.POST, "/login", beforeRequest: { req in
            req.headers.replaceOrAdd(name: .cookie, value: "\(CSRFProtection.cookieName)=\(anonymousCookie)")
            var form = ["email": email, "password": password, "_csrf": formToken]
            if let next { form["next"] = next }
            try req.content.encode(form, as: .urlEncodedForm)
        }, afterResponse: check)
    }

    /// Logs in through the real form and returns the session a browser would keep.
    func login(_ email: String, password: String = Fixture.password) async throws -> BrowserSession {
        var session = ""
        try await submitLoginForm(email, password: password) { res in
            #expect(res.status == .seeOther, "login of \(email) should succeed")
            session = res.headers.setCookie?[SessionStore.cookieName]?.string ?? ""
        }
        var csrf = ""
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .cookie, value: "\(SessionStore.cookieName)=\(session)")
        var page = "/"
        try await testing().test(.GET, page, headers: headers) { res in
            csrf = Self.csrfToken(in: res.body.string)
            // Staff still to set up a second factor are sent to that page first.
            if res.status == .seeOther { page = res.headers.first(name: .location) ?? "/" }
        }
        if csrf.isEmpty {
            try await testing().test(.GET, page, headers: headers) { res in csrf = Self.csrfToken(in: res.body.string) }
        }
        return BrowserSession(cookie: session, csrf: csrf)
    }

    /// Finishes a sign-up as its owner would: the link from the message sent to the address, and the password again.
    func confirmSignUp(_ email: String, password: String) async throws {
        let message = try await OutboxMessage.query(on: self.db).filter(\OutboxMessage.$toAddress == email).sort(\OutboxMessage.$id, .descending).all()
            .first { $0.link?.contains("/signup/confirm?token=") == true }
        let token = String(message?.link?.split(separator: "=").last ?? "")
        try await testing().test(.POST, "/api/v1/signup/confirm", beforeRequest: { req in
            try req.content.encode(["token": token, "password": password])
        }) { res in #expect(res.status == .created, "\(res.body.string)") }
    }

    /// A bearer token from the API.
    func token(_ email: String, password: String = Fixture.password) async throws -> String {
        var token = ""
        try await testing().test(.POST, "/api/v1/auth/token", beforeRequest: { req in
            try req.content.encode(["email": email, "password": password])
        }) { res in
            #expect(res.status == .ok)
            struct T: Decodable { let token: String }
            let decoded = try res.content.decode(T.self)
            token = decoded.token
        }
        return token
    }

    static func csrfToken(in html: String) -> String {
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return "" }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }
}

func bearer(_ token: String) -> HTTPHeaders {
    var h = HTTPHeaders()
    h.bearerAuthorization = BearerAuthorization(token: token)
    return h
}
