@testable import App
import Testing
import Vapor
import VaporTesting

@Suite("Metrics")
struct MetricsTests {
    @Test("requests are counted by route pattern, failed logins too, and only authorised scrapers read them")
    func scrape() async throws {
        try await withApp { app, f, _ in
            app.ieum.metricsToken = "scraper-token-0123456789"
            let token = try await app.token(f.pm.email)
            try await app.testing().test(.GET, "/api/v1/cohorts/\(f.cohortA.id!)", headers: bearer(token)) { _ in }
            try await app.testing().test(.POST, "/api/v1/auth/token", beforeRequest: { req in
                try req.content.encode(["email": f.pm.email, "password": "wrong password!!"])
            }) { _ in }
            try await app.testing().test(.GET, "/metrics") { res in #expect(res.status == .unauthorized) }
            try await app.testing().test(.GET, "/metrics", headers: bearer("wrong-token-0123456789")) { res in
                #expect(res.status == .unauthorized)
            }
            try await app.testing().test(.GET, "/metrics", headers: bearer("scraper-token-0123456789")) { res in
                #expect(res.status == .ok)
                let text = res.body.string
                #expect(text.contains("ieum_http_requests_total{method=\"GET\",route=\"/api/v1/cohorts/:id\",status=\"200\"} 1"))
                #expect(text.contains("ieum_http_request_duration_seconds_bucket{"))
                #expect(text.contains("ieum_failed_logins_total 1"))
                #expect(text.contains("ieum_sessions_active 1"))
                #expect(text.contains("ieum_grading_submissions{state=\"queued\"} 0"), "the grading queue's depth")
                #expect(!text.contains("/api/v1/cohorts/\(f.cohortA.id!)\""))
            }
        }
    }
}
