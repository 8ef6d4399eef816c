import IeumCore
import Vapor

/// Who looked at whose personal data (program managers).
enum AuditRoutes {
    static let accessLog = Path0("/access-log")
    static let review = Path0("/access-log/review")

    static let accessLogJSON = APIEndpoint(.GET, "/api/v1/access-log", roles: [.programManager],
                                           summary: "Personal-data access log (program managers)", tag: "audit")

    static let api: [APIEndpoint] = [accessLogJSON]
}
