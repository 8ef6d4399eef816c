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
    static let icon = Path0("/assets/icon.svg")
    /// Where browsers look for an icon when a page names none (a PDF, a JSON answer opened in a tab).
    static let faviconICO = Path0("/favicon.ico")
    static let document = APIEndpoint(.GET, "/api/v1/openapi.json", access: .open, summary: "This document", tag: "meta") {
        $0.response = "#/components/schemas/OpenAPIDocument"
    }
}
