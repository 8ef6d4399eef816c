import IeumCore
import Vapor

/// Resolves who is asking, from a bearer token (API) or the session cookie (pages). Never refuses.
struct Authenticate: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = request.headers.bearerAuthorization {
            request.storage[PrincipalKey.self] = try await SessionStore.resolve(token: bearer.token, kind: .api, on: request)
        } else if let cookie = request.cookies[request.sessionCookieName]?.string, !request.isAPI {
            request.storage[PrincipalKey.self] = try await SessionStore.resolve(token: cookie, kind: .web, on: request)
        }
        if let principal = request.principalIfAny {
            request.logger[metadataKey: "person"] = "\(principal.personID)"
        }
        return try await next.respond(to: request)
    }
}

/// Refuses anyone not fully logged in: a page sends them to the login form (or to the second factor),
/// the API answers 401. Staff without a second factor, where one is required, may only set it up.
/// Future-based, like `RequireRole`: checks that wait for nothing (see `SiteErrorMiddleware`).
struct RequireLogin: Middleware {
    static let setupPath = AccountRoutes.secondFactorSetup.url

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard let principal = request.principalIfAny else { return request.eventLoop.makeFailedFuture(AppError.unauthenticated()) }
        if principal.secondFactorPending {
            if request.isAPI { return request.eventLoop.makeFailedFuture(AppError.unauthenticated()) }
            return request.eventLoop.makeSucceededFuture(request.redirect(to: AccountRoutes.secondFactorLogin.url, redirectType: .normal))
        }
        if request.ieum.requireStaffSecondFactor && principal.isStaff && !principal.secondFactorEnabled
            && !request.url.path.hasPrefix(Self.setupPath) {
            if request.isAPI { return request.eventLoop.makeFailedFuture(SecondFactor.requiredError) }
            return request.eventLoop.makeSucceededFuture(request.redirect(to: Self.setupPath, redirectType: .normal))
        }
        return next.respond(to: request)
    }
}

/// Lets through only people holding one of the roles.
struct RequireRole: Middleware {
    let roles: [Role]

    init(_ roles: Role...) { self.roles = roles }
    init(_ roles: [Role]) { self.roles = roles }

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard let principal = request.principalIfAny else { return request.eventLoop.makeFailedFuture(AppError.unauthenticated()) }
        guard principal.hasAny(roles) else { return request.eventLoop.makeFailedFuture(AppError.forbidden()) }
        return next.respond(to: request)
    }
}

/// Forms sent with a session cookie must carry the session's CSRF token; forms sent before login carry
/// the token of the `ieum_csrf` cookie (double submit). API calls use bearer tokens and need neither.
struct CSRFProtection: AsyncMiddleware {
    static let cookieName = "ieum_csrf"
    static let field = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.method != .GET && request.method != .HEAD {
            // Route bodies are collected after middleware runs; the token is in the body, so read it now.
            _ = try await request.body.collect(max: 6 * 1024 * 1024).get()
            let sent = try Self.sentToken(request) ?? request.headers.first(name: "X-CSRF-Token") ?? ""
            let expected = request.principalIfAny?.csrfToken ?? request.cookies[request.csrfCookieName]?.string ?? ""
            guard !expected.isEmpty, Tokens.equal(sent, expected) else {
                throw AppError(status: .forbidden, code: "csrf", message: Localized(
                    "페이지가 만료되었습니다. 새로 고친 뒤 다시 시도하세요.",
                    "This page has expired. Reload it and try again."))
            }
        }
        let response = try await next.respond(to: request)
        if request.principalIfAny == nil && request.cookies[request.csrfCookieName] == nil,
           let token = request.storage[AnonymousCSRFKey.self] {
            response.cookies[request.csrfCookieName] = HTTPCookies.Value(
                string: token, path: "/", isSecure: request.ieum.secureCookies, isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}

extension CSRFProtection {
    /// The token a form sent. A body the screens refuse (too many fields or parts) is answered as such (400), not
    /// as an expired page; a form is read by literal names, as `submittedValues` reads it.
    static func sentToken(_ request: Request) throws -> String? {
        if request.content.contentType == .urlEncodedForm { return try FlatForm.values(of: request)[field] }
        do { return try request.content.get(String?.self, at: field) } catch let refusal as AppError { throw refusal } catch { return nil }
    }
}

struct AnonymousCSRFKey: StorageKey { typealias Value = String }

extension Request {
    /// The token to put in a form: the session's, or before login the double-submit cookie's (made on demand).
    var csrfToken: String {
        if let p = principalIfAny { return p.csrfToken }
        if let c = cookies[csrfCookieName]?.string { return c }
        if let made = storage[AnonymousCSRFKey.self] { return made }
        let made = Tokens.random()
        storage[AnonymousCSRFKey.self] = made
        return made
    }
}
