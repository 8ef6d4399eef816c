import IeumCore
import Vapor

/// Korean unless the reader chose English (`?lang=en` once, remembered in a cookie). Future-based: it waits for
/// nothing (see `SiteErrorMiddleware`).
struct LanguageMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let chosen = request.url.query == nil ? nil : (try? request.query.get(String.self, at: "lang")).flatMap(Lang.init(rawValue:))
        let remembered = request.cookies["lang"].flatMap { Lang(rawValue: $0.string) }
        let header = request.headers.first(name: .acceptLanguage).map { $0.hasPrefix("en") ? Lang.en : .ko }
        request.storage[LangKey.self] = chosen ?? remembered ?? (request.isAPI ? header : nil) ?? .ko
        guard let chosen else { return next.respond(to: request) }
        return next.respond(to: request).map { response in
            response.cookies["lang"] = HTTPCookies.Value(
                string: chosen.rawValue, maxAge: 365 * 24 * 3600, path: "/", isHTTPOnly: true, sameSite: .lax)
            return response
        }
    }
}

struct LangKey: StorageKey { typealias Value = Lang }

extension Request {
    var lang: Lang { storage[LangKey.self] ?? .ko }
    func t(_ ko: String, _ en: String) -> String { lang.pick(ko, en) }
}
