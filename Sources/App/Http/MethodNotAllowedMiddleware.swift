import IeumCore
import Vapor

/// A path that exists, asked with a method it does not answer, is 405 with `Allow` (RFC 9110 §15.5.6), not
/// 404. Only requests the router found no route for are considered; a handler's own 404 stays a 404.
struct MethodNotAllowedMiddleware: AsyncMiddleware {
    let index: RouteMethodIndex

    init(index: RouteMethodIndex) { self.index = index }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let error as any AbortError where error.status == .notFound && request.route == nil {
            let allowed = index.allowed(path: request.url.path)
            guard !allowed.isEmpty, !allowed.contains(request.method) else { throw error }
            let list = allowed.map(\.rawValue).joined(separator: ", ")
            throw AppError(status: .methodNotAllowed, code: "method_not_allowed",
                           message: Localized("이 주소는 \(request.method.rawValue) 요청을 받지 않습니다. 허용: \(list)",
                                              "This address does not take \(request.method.rawValue). Allowed: \(list)"),
                           headers: ["Allow": list])
        }
    }
}

/// One trie per method over the registered routes, built once when the routes are complete and only read after
/// (which is why sharing it across event loops is safe).
final class RouteMethodIndex: @unchecked Sendable {
    private let tries: [(method: HTTPMethod, trie: TrieRouter<[PathComponent]>)]

    init(routes: [Route]) {
        var byMethod: [String: TrieRouter<[PathComponent]>] = [:]
        var methods: [String: HTTPMethod] = [:]
        for route in routes {
            let key = route.method.rawValue
            methods[key] = route.method
            let trie = byMethod[key] ?? TrieRouter([PathComponent].self)
            // A root marker first, as Vapor's own router does: "/" has no components of its own.
            trie.register(route.path, at: [.constant("/")] + route.path)
            byMethod[key] = trie
        }
        // Vapor answers HEAD for every GET route.
        if let get = byMethod["GET"], byMethod["HEAD"] == nil { byMethod["HEAD"] = get; methods["HEAD"] = .HEAD }
        tries = byMethod.keys.sorted().map { (methods[$0]!, byMethod[$0]!) }
    }

    /// The methods some route answers at the path. An API path's parameters must be of their documented type
    /// (`/api/v1/credentials/verify` is not the credential `verify`), as `ParameterContract` holds them.
    func allowed(path: String) -> [HTTPMethod] {
        let components = ["/"] + path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        let typed = path.hasPrefix(APIEndpoint.area)
        return tries.filter { entry in
            var parameters = Parameters()
            guard let route = entry.trie.route(path: components, parameters: &parameters) else { return false }
            return !typed || ParameterContract.pathProblem(route, parameters) == nil
        }.map(\.method)
    }
}
