@testable import App
import Testing
import Vapor
import VaporTesting

@Suite("Security headers")
struct SecurityHeadersTests {
    @Test("pages forbid inline script, framing and sniffing; HSTS only behind TLS")
    func headers() async throws {
        try await withApp { app, _, _ in
            try await app.testing().test(.GET, "/login") { res in
                let csp = res.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(csp.contains("script-src 'self'"))
                #expect(!csp.contains("unsafe-inline"))
                #expect(csp.contains("frame-ancestors 'none'"))
                #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(res.headers.first(name: "X-Frame-Options") == "DENY")
                #expect(res.headers.first(name: "Referrer-Policy") == "same-origin")
                #expect(res.headers.first(name: "Strict-Transport-Security") == nil)
                #expect(!res.body.string.contains("<script"))
                // Outside the demo the login page names no accounts.
                #expect(!res.body.string.contains("데모 계정"))
            }
            app.ieum.secureCookies = true
            try await app.testing().test(.GET, "/login") { res in
                #expect(res.headers.first(name: "Strict-Transport-Security") == "max-age=31536000")
                #expect(res.headers.setCookie?["__Host-ieum_csrf"]?.isSecure == true)
            }
        }
    }
}
