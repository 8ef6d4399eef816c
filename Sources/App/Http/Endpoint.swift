import IeumCore
import Vapor

/// A path whose `{name}` placeholders are filled from typed values. Every endpoint's path is declared once, in
/// its feature's `…Routes` enum: the router registers the endpoint from the declaration, pages build their links
/// with it, and the API's declarations are what the OpenAPI document lists — so a removed endpoint breaks the
/// build of every link to it, and the document cannot describe a path the router does not serve.
struct PathTemplate: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    let text: String

    init(_ text: String) {
        precondition(text.hasPrefix("/"), "a path template starts with /")
        self.text = text
    }

    init(stringLiteral text: String) { self.init(text) }

    var description: String { text }

    var components: [PathComponent] {
        text.split(separator: "/").map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? .parameter(String(part.dropFirst().dropLast())) : .constant(String(part))
        }
    }

    /// The path below a prefix the routes builder already holds ("/api/v1").
    func components(below prefix: String) -> [PathComponent] {
        precondition(text.hasPrefix(prefix + "/"), "\(text) is not below \(prefix)")
        return PathTemplate(String(text.dropFirst(prefix.count))).components
    }

    /// The path with its placeholders replaced in order by `values`, each percent-encoded as one segment.
    func filled(_ values: [String]) -> String {
        var remaining = values[...]
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { part -> String in
            guard part.hasPrefix("{") && part.hasSuffix("}"), let value = remaining.popFirst() else { return String(part) }
            return value.addingPercentEncoding(withAllowedCharacters: Self.segment) ?? value
        }
        precondition(remaining.isEmpty, "\(text) takes fewer values")
        return parts.joined(separator: "/")
    }

    private static let segment = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))
}

/// A link with no parameter: `LoginRoutes.form.url`.
struct Path0: Sendable, Hashable {
    let template: PathTemplate
    init(_ text: String) { template = PathTemplate(text) }
    var url: String { template.text }
    /// With a query string: `url(["month": "2026-11"])`; empty values are left out.
    func url(_ query: KeyValuePairs<String, String>) -> String { template.text + Self.query(query) }

    static func query(_ pairs: KeyValuePairs<String, String>) -> String {
        let kept = pairs.filter { !$0.value.isEmpty }
        guard !kept.isEmpty else { return "" }
        return "?" + kept.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .urlQueryValue) ?? $0.value)" }
            .joined(separator: "&")
    }
}

/// A link with one parameter: `ScheduleRoutes.page(cohortID)`.
struct Path1<A: LosslessStringConvertible & Sendable>: Sendable, Hashable {
    let template: PathTemplate
    init(_ text: String) { template = PathTemplate(text) }
    func callAsFunction(_ a: A) -> String { template.filled([a.description]) }
    func callAsFunction(_ a: A, query: KeyValuePairs<String, String>) -> String { self(a) + Path0.query(query) }
}

/// A link with two parameters: `CorrectionRoutes.evidence(correctionID)`.
struct Path2<A: LosslessStringConvertible & Sendable, B: LosslessStringConvertible & Sendable>: Sendable, Hashable {
    let template: PathTemplate
    init(_ text: String) { template = PathTemplate(text) }
    func callAsFunction(_ a: A, _ b: B) -> String { template.filled([a.description, b.description]) }
}

private extension CharacterSet {
    static let urlQueryValue = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+?#"))
}

/// An API endpoint as the document states it, declared once beside its feature's paths; `register` puts it on
/// the router with the roles it admits.
struct APIEndpoint: Sendable {
    let method: HTTPMethod
    let template: PathTemplate
    /// Who may call it: anyone (logging in, the document itself), anyone logged in (a record guard decides
    /// the rest), or the roles named.
    enum Access: Sendable { case open, member, roles([Role]) }
    let access: Access
    let operation: OpenAPIDocument.Operation

    static let prefix = "/api/v1"
    /// Every path under it is answered as the API (JSON errors), other versions included.
    static let area = "/api/"

    var roles: [Role]? { if case .roles(let roles) = access { roles } else { nil } }

    init(_ method: HTTPMethod, _ template: PathTemplate, roles: [Role], summary: String, tag: String,
         status: Int = 200, input: Body? = nil, output: (any (Decodable & Sendable).Type)? = nil,
         query: [(String, String)] = [], describe: (inout OpenAPIDocument.Operation) -> Void = { _ in }) {
        self.init(method, template, access: .roles(roles), summary: summary, tag: tag, status: status, input: input, output: output,
                  query: query, describe: describe)
    }

    init(_ method: HTTPMethod, _ template: PathTemplate, access: Access, summary: String, tag: String,
         status: Int = 200, input: Body? = nil, output: (any (Decodable & Sendable).Type)? = nil,
         query: [(String, String)] = [], describe: (inout OpenAPIDocument.Operation) -> Void = { _ in }) {
        self.method = method
        self.template = template
        self.access = access
        var isOpen = false
        if case .open = access { isOpen = true }
        var operation = OpenAPIDocument.Operation(method: method.rawValue.lowercased(), path: template.text, summary: summary, tag: tag,
                                                  body: input != nil, status: status, isPublic: isOpen)
        operation.input = input
        operation.output = output
        operation.query = query
        describe(&operation)
        self.operation = operation
    }
}

extension RoutesBuilder {
    /// Registers an API endpoint on the `/api/v1` builder; `guards` run after the role check (record guards).
    @discardableResult
    func register<T: AsyncResponseEncodable & Sendable>(
        _ endpoint: APIEndpoint, guards: [any Middleware] = [], body: HTTPBodyStreamStrategy = .collect,
        use handler: @escaping @Sendable (Request) async throws -> T
    ) -> Route {
        let access: [any Middleware] = (endpoint.roles.map { [RequireRole($0)] } ?? []) + guards
        return grouped(access).on(endpoint.method, endpoint.template.components(below: APIEndpoint.prefix), body: body, use: handler)
    }

    /// Registers a page on the site's builder under its declared path, for the roles named.
    @discardableResult
    func register<T: AsyncResponseEncodable & Sendable>(
        _ method: HTTPMethod, _ template: PathTemplate, roles: [Role]? = nil, guards: [any Middleware] = [],
        body: HTTPBodyStreamStrategy = .collect, use handler: @escaping @Sendable (Request) async throws -> T
    ) -> Route {
        let access: [any Middleware] = (roles.map { [RequireRole($0)] } ?? []) + guards
        return grouped(access).on(method, template.components, body: body, use: handler)
    }
}

/// The API endpoints declared in features' `…Routes` enums, for the document.
enum EndpointCatalog {
    static var all: [APIEndpoint] {
        [SiteRoutes.document] + AccountRoutes.api + SignUpRoutes.api + PasswordResetRoutes.api + InvitationRoutes.api + AuditRoutes.api + AttendanceRoutes.api
            + AssignmentRoutes.api + RecruitmentRoutes.api + OutcomeRoutes.api + CompletionRoutes.api + CredentialRoutes.api + KPIRoutes.api
            + EnrollmentRoutes.api + PeopleRoutes.api
    }
}
