import IeumCore
import Vapor

/// The door for what an API URL carries, as the document describes it. A path parameter not of its type names
/// no record: 404, or 405 with `Allow` when the path is another route's (`PATCH /employment/follow-ups` is
/// not the employment record `follow-ups`). A documented query parameter given twice or not fitting its
/// schema is a 422 naming it.
struct ParameterContract: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let route = request.route else { return try await next.respond(to: request) }
        if Self.pathProblem(route.path, request.parameters) != nil {
            let allowed = request.application.storage[RouteMethodIndexKey.self]?.allowed(path: request.url.path) ?? []
            guard allowed.isEmpty || allowed.contains(request.method) else {
                let list = allowed.map(\.rawValue).joined(separator: ", ")
                throw AppError(status: .methodNotAllowed, code: "method_not_allowed",
                               message: Localized("이 주소는 \(request.method.rawValue) 요청을 받지 않습니다. 허용: \(list)",
                                                  "This address does not take \(request.method.rawValue). Allowed: \(list)"),
                               headers: ["Allow": list])
            }
            throw AppError.notFound()
        }
        if let documented = OpenAPIDocument.queries[OpenAPIDocument.key(route)], !documented.isEmpty {
            let problems = Self.queryProblems(documented, URLComponents(string: request.url.string)?.queryItems ?? [])
            if !problems.isEmpty { throw AppError.invalid(ValidationFailure(problems)) }
        }
        return try await next.respond(to: request)
    }

    /// The first path parameter whose value is not of its documented type.
    static func pathProblem(_ path: [PathComponent], _ parameters: Parameters) -> String? {
        for case let .parameter(name) in path {
            let value = parameters.get(name) ?? ""
            let schema = OpenAPIDocument.pathSchema(name)
            if schema == .id {
                // Only the digits of a whole number an id can be: not "+1", "01", "1.0" or thirteen digits.
                guard let n = Int(value), FieldReader.ids.contains(n), String(n) == value else { return name }
            } else if !SchemaCheck(components: [:]).problems(.string(value), schema).isEmpty {
                return name
            }
        }
        return nil
    }

    static func queryProblems(_ documented: [OpenAPIDocument.Parameter], _ items: [URLQueryItem]) -> [FieldError] {
        documented.flatMap { parameter -> [FieldError] in
            let given = items.filter { $0.name == parameter.name }
            guard let first = given.first else { return [] }
            if given.count > 1 {
                return [FieldError(field: parameter.name, message: Localized("한 번만 보내세요.", "Send this parameter once."))]
            }
            let text = first.value ?? ""
            return SchemaCheck(components: [:]).problems(.string(text), parameter.schema, at: parameter.name, source: .form)
        }
    }
}

/// The index of every route by method, set once the routes are complete.
struct RouteMethodIndexKey: StorageKey { typealias Value = RouteMethodIndex }
