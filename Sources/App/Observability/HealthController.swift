import Fluent
import SQLKit
import Vapor

enum HealthController {
    struct Health: Content {
        let status: String
        let database: String
    }

    @Sendable static func health(_ req: Request) async throws -> Response {
        let ok: Bool
        do {
            _ = try await (req.db as! any SQLDatabase).raw("SELECT 1").all()
            ok = true
        } catch {
            req.logger.error("health check: database unreachable: \(String(reflecting: error))")
            ok = false
        }
        let response = Response(status: ok ? .ok : .serviceUnavailable)
        try response.content.encode(Health(status: ok ? "ok" : "unavailable", database: ok ? "reachable" : "unreachable"))
        return response
    }
}

enum AssetsController {
    @Sendable static func stylesheet(_ req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return Response(status: .ok, headers: headers, body: .init(string: Stylesheet.css))
    }

    @Sendable static func script(_ req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return Response(status: .ok, headers: headers, body: .init(string: FollowScript.js))
    }

    /// Two linked rings (이음: a joining) in the site's colour; browsers asking for `/favicon.ico` get it too.
    static let icon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#1450a3"/>\
        <circle cx="25" cy="32" r="12" fill="none" stroke="#fff" stroke-width="6"/><circle cx="39" cy="32" r="12" fill="none" stroke="#93c5fd" stroke-width="6"/></svg>
        """

    @Sendable static func favicon(_ req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "image", subType: "svg+xml")
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=86400")
        return Response(status: .ok, headers: headers, body: .init(string: icon))
    }
}
