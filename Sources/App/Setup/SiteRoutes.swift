import Vapor

/// The site's own paths, outside any feature: the home page, logging in and out, assets and machine endpoints.
enum SiteRoutes {
    static let home = Path0("/")
    static let login = Path0("/login")
    static let logout = Path0("/logout")
    static let health = Path0("/healthz")
    static let metrics = Path0("/metrics")
    static let stylesheet = Path0("/assets/site.css")
    static let script = Path0("/assets/follow.js")
    static let document = APIEndpoint(.GET, "/api/v1/openapi.json", access: .open, summary: "This document", tag: "meta") {
        $0.response = "#/components/schemas/OpenAPIDocument"
    }
}
