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

@Suite("Headers and passwords on every path")
struct ErrorPathSafetyTests {
    @Test("a 404 and a 403 carry the security headers too")
    func errorsCarryHeaders() async throws {
        try await withApp { app, f, _ in
            try await app.testing().test(.GET, "/no/such/page") { res in
                #expect(res.status == .notFound)
                #expect(res.headers.first(name: "Content-Security-Policy") != nil)
                #expect(res.headers.first(name: "X-Frame-Options") == "DENY")
            }
            let trainee = try await app.token(f.traineeA.email)
            try await app.testing().test(.GET, "/api/v1/access-log", headers: bearer(trainee)) { res in
                #expect(res.status == .forbidden)
                #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
            }
        }
    }

    @Test("every character of a long Hangul password counts, and an old hash is upgraded at login")
    func longPasswords() async throws {
        try await withApp { app, f, _ in
            let hasher = PrehashedBcrypt(cost: 4)
            let long = String(repeating: "가나다라마바사아자차카타파하", count: 3)   // 42 syllables, 126 bytes
            let stored: String = try hasher.hash(long)
            #expect(try hasher.verify(long, created: stored))
            #expect(try !hasher.verify(String(long.dropLast()) + "허", created: stored))
            // The fixture's hashes are plain bcrypt, as before this change: a login replaces them.
            #expect(PrehashedBcrypt.isLegacy(try #require(try await Person.find(f.traineeA.id!, on: app.db)?.passwordHash)))
            _ = try await app.token(f.traineeA.email)
            let upgraded = try #require(try await Person.find(f.traineeA.id!, on: app.db)?.passwordHash)
            #expect(!PrehashedBcrypt.isLegacy(upgraded))
            _ = try await app.token(f.traineeA.email)
        }
    }

    @Test("after login only same-site paths are followed")
    func nextStaysOnSite() async throws {
        try await withApp { app, f, _ in
            for next in ["/\\evil.example/", "//evil.example", "https://evil.example"] {
                try await app.submitLoginForm(f.traineeA.email, next: next) { res in
                    #expect(res.headers.first(name: .location) == "/")
                }
            }
        }
    }
}
