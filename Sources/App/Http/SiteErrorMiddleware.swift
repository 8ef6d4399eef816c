import IeumCore
import Vapor

/// Renders every error once: JSON `{"error": {"code", "message"}}` under /api, a page elsewhere.
///
/// This and the other middlewares that never wait for anything are future-based rather than `AsyncMiddleware`:
/// Vapor starts a new task for every async middleware a request passes, which on the check-in path cost more
/// than the middlewares' own work.
struct SiteErrorMiddleware: Middleware {
    let environment: Environment

    struct Body: Content {
        struct Inner: Content {
            let code: String
            let message: String
            let fields: [String: String]?
        }
        let error: Inner
    }

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).flatMapError { error in
            // A path no route matched (404, 405) never met `Authenticate`: learn who is asking, so the page's
            // header shows their name and not "log in". Only on this error path, and only for a session cookie.
            guard !request.isAPI, request.principalIfAny == nil, let cookie = request.cookies[request.sessionCookieName]?.string else {
                return request.eventLoop.makeCompletedFuture(withResultOf: { try render(error, for: request) })
            }
            return request.eventLoop.makeFutureWithTask {
                if let principal = try? await SessionStore.resolve(token: cookie, kind: .web, on: request), !principal.secondFactorPending {
                    request.storage[PrincipalKey.self] = principal
                }
                return try render(error, for: request)
            }
        }
    }

    private func render(_ error: any Error, for request: Request) throws -> Response {
        let appError = Self.describe(error, request: request)
        if appError.status == .internalServerError {
            request.logger.report(error: error)
        }
        if request.isAPI {
            let lang = request.lang
            let fields = appError.fields.isEmpty ? nil : Dictionary(
                appError.fields.map { ($0.field, $0.message.in(lang)) }, uniquingKeysWith: { a, _ in a })
            let body = Body(error: .init(code: appError.code, message: appError.message.in(lang), fields: fields))
            let response = Response(status: appError.status)
            try response.content.encode(body)
            for (name, value) in appError.extraHeaders { response.headers.replaceOrAdd(name: name, value: value) }
            return response
        }
        if appError.status == .unauthorized {
            // A page asked for (a scanned check-in code, a filtered list) opens as asked after the login; a form's
            // POST address is no page, so after a POST the login leads back to where the form was.
            return request.redirect(to: SiteRoutes.login.url(["next": Self.returnPath(request)]))
        }
        let page = ErrorPage.render(appError, request: request).response(status: appError.status)
        for (name, value) in appError.extraHeaders { page.headers.replaceOrAdd(name: name, value: value) }
        return page
    }

    static func returnPath(_ request: Request) -> String {
        guard request.method == .GET || request.method == .HEAD else {
            let referer = request.headers.first(name: .referer).flatMap(URI.init(string:))
            let sameSite = referer.map { $0.host == nil || $0.host == request.headers.first(name: .host)?.split(separator: ":").first.map(String.init) } ?? false
            guard sameSite, let path = referer?.path, !path.isEmpty else { return SiteRoutes.home.url }
            return path + (referer?.query.map { "?" + $0 } ?? "")
        }
        return request.url.path + (request.url.query.map { "?" + $0 } ?? "")
    }

    static func describe(_ error: any Error, request: Request) -> AppError {
        switch error {
        case let e as AppError: return e
        case let e as ValidationFailure: return .invalid(e)
        case let e as EnrollmentTransitionError:
            return AppError(status: .conflict, code: "illegal_transition", message: e.message)
        case let e as AbortError:
            return AppError(status: e.status, code: Self.code(for: e.status), message: Self.message(for: e.status, e.reason))
        case is DecodingError:
            return .badRequest(Localized("요청 형식이 올바르지 않습니다.", "The request body could not be read."))
        default:
            return AppError(status: .internalServerError, code: "internal", message: Localized(
                "서버에서 문제가 생겼습니다. 잠시 후 다시 시도하세요.", "Something went wrong on the server. Please try again shortly."))
        }
    }

    static func code(for status: HTTPResponseStatus) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthenticated"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 413: "payload_too_large"
        case 415: "unsupported_media_type"
        case 422: "validation_failed"
        default: status.code >= 500 ? "internal" : "error"
        }
    }

    static func message(for status: HTTPResponseStatus, _ reason: String) -> Localized {
        switch status.code {
        case 404: Localized("찾는 페이지가 없습니다.", "There is no such page.")
        case 405: Localized("이 주소에서 지원하지 않는 요청입니다.", "This address does not accept that kind of request.")
        case 413: Localized("보낸 내용이 너무 큽니다.", "What you sent is too large.")
        case 415: Localized("지원하지 않는 형식입니다.", "That content type is not supported.")
        case 400: Localized("요청을 처리할 수 없습니다: \(reason)", "The request could not be processed: \(reason)")
        default: status.code >= 500
            ? Localized("서버에서 문제가 생겼습니다.", "Something went wrong on the server.")
            : Localized(reason, reason)
        }
    }
}

extension Request {
    /// Asked by several middlewares of every request; Vapor rebuilds `url.path` on each call, so it is worked out once.
    var isAPI: Bool {
        if let known = storage[IsAPIKey.self] { return known }
        let isAPI = url.path.hasPrefix(APIEndpoint.area)
        storage[IsAPIKey.self] = isAPI
        return isAPI
    }
}

private struct IsAPIKey: StorageKey { typealias Value = Bool }
