import Fluent
import Foundation
import Prometheus
import Vapor

/// The platform's Prometheus metrics. One registry per application (not the process-wide MetricsSystem),
/// so that each test's application counts only its own requests.
final class AppMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()

    static let buckets: [Duration] = [.milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                                      .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5)]

    func request(method: String, route: String, status: UInt, duration: Duration) {
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "ieum", metricName: "http_requests", unitName: "total",
                                                              helpText: "HTTP requests by route and status"),
                             labels: [("method", method), ("route", route), ("status", String(status))]).increment()
        registry.makeDurationHistogram(descriptor: MetricNameDescriptor(namespace: "ieum", metricName: "http_request_duration",
                                                                        unitName: "seconds", helpText: "Time to answer, by route"),
                                       labels: [("method", method), ("route", route)], buckets: Self.buckets).record(duration)
    }

    func loginFailed() {
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "ieum", metricName: "failed_logins", unitName: "total",
                                                              helpText: "Failed password or second-factor checks")).increment()
    }

    /// How many grading workers this process runs, beside the machine's cores (so a dashboard shows both).
    func gradingWorkers(_ workers: Int, cores: Int) {
        registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "ieum", metricName: "grading_workers",
                                                            helpText: "Grading workers in this process (default: cores minus one, IEUM_GRADING_WORKERS)")).set(Int64(workers))
        registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "ieum", metricName: "cpu_cores",
                                                            helpText: "Cores this process sees")).set(Int64(cores))
    }

    func accountLocked() {
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "ieum", metricName: "account_locks", unitName: "total",
                                                              helpText: "Accounts locked after repeated failures")).increment()
    }

    /// Values read from the database when scraped.
    func refreshGauges(on db: any Database, now: Date, maxConnections: Int) async throws {
        let sessions = try await AuthSession.query(on: db).filter(\.$expiresAt > now).count()
        registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "ieum", metricName: "sessions_active",
                                                            helpText: "Live browser sessions and API tokens")).set(Int64(sessions))
        for state in [SubmissionState.queued, .grading, .failed] {
            let count = try await Submission.query(on: db).filter(\.$state == state).count()
            registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "ieum", metricName: "grading_submissions",
                                                                helpText: "Submissions waiting (queued), being graded, or that the grader could not judge (failed)"),
                               labels: [("state", state.rawValue)]).set(Int64(count))
        }
        registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "ieum", metricName: "db_pool_connections_max",
                                                            helpText: "Database connections the pool may open")).set(Int64(maxConnections))
    }
}

struct AppMetricsKey: StorageKey { typealias Value = AppMetrics }

extension Application {
    var metrics: AppMetrics {
        if let m = storage[AppMetricsKey.self] { return m }
        let m = AppMetrics()
        storage[AppMetricsKey.self] = m
        return m
    }
}

extension Request {
    var metrics: AppMetrics { application.metrics }
}

/// Counts and times every request under its route pattern (never the raw path, which would let anyone
/// create new series). Future-based: it waits for nothing (see `SiteErrorMiddleware`).
struct MetricsMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let start = ContinuousClock.now
        return next.respond(to: request).always { result in
            let status = switch result {
            case let .success(response): response.status.code
            case let .failure(error): SiteErrorMiddleware.describe(error, request: request).status.code
            }
            let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
            request.metrics.request(method: request.method.rawValue, route: route, status: status, duration: ContinuousClock.now - start)
        }
    }
}

/// `GET /metrics` in the Prometheus text format, for a scraper holding `IEUM_METRICS_TOKEN` or a program manager.
enum MetricsController {
    @Sendable static func scrape(_ req: Request) async throws -> Response {
        let allowed: Bool
        if let expected = req.ieum.metricsToken, let bearer = req.headers.bearerAuthorization {
            allowed = Tokens.equal(bearer.token, expected)
        } else if let cookie = req.cookies[req.sessionCookieName]?.string,
                  let principal = try await SessionStore.resolve(token: cookie, kind: .web, on: req) {
            allowed = principal.isProgramManager && !principal.secondFactorPending
        } else {
            allowed = false
        }
        guard allowed else {
            return Response(status: .unauthorized, headers: ["WWW-Authenticate": "Bearer"], body: .init(string: "unauthorized\n"))
        }
        try await req.metrics.refreshGauges(on: req.db, now: req.now, maxConnections: req.ieum.databaseConnections)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        return Response(status: .ok, headers: headers, body: .init(string: req.metrics.registry.emitToString()))
    }
}
