import Vapor

/// Pages carry no inline script and load nothing from elsewhere, so the policy can be strict.
/// Future-based: it waits for nothing (see `SiteErrorMiddleware`).
struct SecurityHeadersMiddleware: Middleware {
    static let headers: [(String, String)] = [
        ("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
    ]

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let secure = request.ieum.secureCookies
        return next.respond(to: request).map { response in
            for (name, value) in Self.headers where !response.headers.contains(name: name) {
                response.headers.replaceOrAdd(name: name, value: value)
            }
            if secure {
                response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000")
            }
            return response
        }
    }
}
