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
}
