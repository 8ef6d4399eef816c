import Vapor

/// The API's description (OpenAPI 3.1). A test checks that it names exactly the routes that exist.
enum OpenAPIDocument {
    struct Operation: Sendable {
        let method: String
        let path: String
        let summary: String
        let tag: String
        var body: Bool = false
        var status: Int = 200
        var isPublic = false
        /// A named schema for the answer; when nil, the schema is derived from `output` or from the route's
        /// handler's return type.
        var response: String? = nil
        /// The answer's type when the handler builds its `Response` itself.
        var output: (any (Decodable & Sendable).Type)? = nil
        /// The schema of a 422 answer when it is not the common error (the import's report).
        var invalid = "#/components/schemas/Error"
        /// The request body's fields, declared beside the action that reads them.
        var input: Body? = nil
        var multipart = false
        /// Query parameters: name and JSON-schema type ("integer" ones have a minimum of 1).
        var query: [(String, String)] = []
        /// Further success answers (e.g. 202 when an invitation was sent instead of a record made).
        var alsoAccepted = false
    }

    static let kpiFilters = [("year", "year"), ("operator_id", "integer"), ("campus_id", "integer"), ("track", "string")]

    static func operations() -> [Operation] {
        var ops: [Operation] = [
        ]
        ops += EndpointCatalog.all.map(\.operation)
        for r in ResourceRegistry.all {
            let base = APIEndpoint.prefix + "/" + r.slug
            ops.append(Operation(method: "get", path: base, summary: "List and search \(r.slug)", tag: r.slug))
            ops.append(Operation(method: "post", path: base, summary: r.customCreate
                ? "Create one of \(r.slug); someone your academy does not see yet is invited instead (202, the same answer whoever holds the address)"
                : "Create one of \(r.slug)", tag: r.slug, body: true, status: 201, output: r.output, input: r.createBody, alsoAccepted: r.customCreate))
            ops.append(Operation(method: "get", path: base + "/{id}", summary: "One of \(r.slug)", tag: r.slug))
            if r.editable {
                ops.append(Operation(method: "patch", path: base + "/{id}", summary: "Change one of \(r.slug)", tag: r.slug, body: true, input: r.updateBody))
            }
        }
        return ops
    }

    /// "post /api/v1/cohorts/{id}/import": how the document names a route's operation.
    static func key(_ route: Route) -> String {
        route.method.rawValue.lowercased() + " /" + route.path.map { component -> String in
            if case let .parameter(name) = component { return "{\(name)}" }
            return component.description
        }.joined(separator: "/")
    }

    /// Each API route's answer type, as its handler declares it (`Response` and `HTTPStatus` say nothing).
    static func answerTypes(_ routes: [Route]) -> [String: any Decodable.Type] {
        var out: [String: any Decodable.Type] = [:]
        for route in routes {
            guard let type = route.responseType as? any Decodable.Type, type != HTTPStatus.self else { continue }
            out[key(route)] = type
        }
        return out
    }

    /// Each operation's declared body, by `key`, for the door's check.
    static let inputs: [String: JSONSchema] = Dictionary(
        operations().compactMap { op in op.input.map { (op.method + " " + op.path, $0.schema) } }, uniquingKeysWith: { a, _ in a })

    static func build(routes: [Route]) -> JSON { described(routes: routes).document }

    struct Described {
        let document: JSON
        /// The answer types the schema probe could not follow (a test keeps this empty).
        let unprobed: [String]
        /// The operations (but 204s) whose answer has no known type: their handler builds its own `Response`
        /// and the operation names no `output` (a test keeps this empty).
        let unanswered: [String]
        /// Each operation's success schema, by "get /api/v1/path/{param}", and the named schemas they use.
        let answers: [String: JSONSchema]
        let components: [String: JSONSchema]
    }

    static func described(routes: [Route]) -> Described {
        let answers = answerTypes(routes)
        let recorder = SchemaRecorder()
        var paths: [(String, [(String, JSON)])] = []
        var schemas: [String: JSONSchema] = [:]
        var unanswered: [String] = []
        for op in operations() {
            let answer = op.response.map { JSONSchema.ref(String($0.split(separator: "/").last!)) }
                ?? (op.output ?? answers[op.method + " " + op.path]).map(recorder.schema(of:))
            if let answer { schemas[op.method + " " + op.path] = answer }
            let invited = op.alsoAccepted ? recorder.schema(of: InvitationSent.self) : nil
            if answer == nil && op.status != 204 { unanswered.append(op.method + " " + op.path) }
            let entry = (op.method, operation(op, answer: answer ?? .object([], additional: .anyValue), invited: invited))
            if let i = paths.firstIndex(where: { $0.0 == op.path }) { paths[i].1.append(entry) } else { paths.append((op.path, [entry])) }
        }
        let document: JSON = .object([
            ("openapi", .string("3.1.0")),
            ("info", .object([
                ("title", .string("Ieum API")),
                ("version", .string("1.0.0")),
                ("description", .string("The national digital-talent program's platform. Authenticate with POST /api/v1/auth/token and send the token as `Authorization: Bearer …`. Errors are {\"error\": {\"code\", \"message\"}}.")),
            ])),
            ("servers", .array([.object([("url", .string("/"))])])),
            ("paths", .object(paths.map { ($0.0, .object($0.1)) })),
            ("components", components(derived: recorder.components)),
        ])
        return Described(document: document, unprobed: recorder.unprobed, unanswered: unanswered, answers: schemas,
                         components: Dictionary(recorder.components, uniquingKeysWith: { a, _ in a }))
    }

    struct Parameter {
        let name: String
        /// "path" or "query".
        let location: String
        let schema: JSONSchema
    }

    /// The operation's path and query parameters: every `{name}` of a path is an id (a whole number from 1)
    /// but for a credential's public id (a UUID) and a KPI table's name.
    static func parameters(_ op: Operation) -> [Parameter] {
        var out = pathParameters(op.path).map { Parameter(name: $0, location: "path", schema: pathSchema($0)) }
        if op.method == "get" && op.path.split(separator: "/").count == 3 && ResourceRegistry.all.contains(where: { op.path.hasSuffix("/" + $0.slug) }) {
            out.append(Parameter(name: "q", location: "query", schema: .text(maxLength: 200, pattern: JSONSchema.plainText)))
            out.append(Parameter(name: "page", location: "query", schema: .integer(minimum: 1, maximum: 100_000)))
        }
        for (name, type) in op.query {
            let schema: JSONSchema = switch type {
            case "integer": .integer(minimum: 1, maximum: Int(Int32.max))
            case "year": .integer(minimum: 2000, maximum: 2100)
            default: .text(maxLength: 200, pattern: JSONSchema.plainText)
            }
            out.append(Parameter(name: name, location: "query", schema: schema))
        }
        return out
    }

    static func pathSchema(_ name: String) -> JSONSchema {
        switch name {
        case "credentialID": .text(format: "uuid")
        case "table": .text(values: KPIGrouping.allCases.map(\.rawValue))
        default: .id
        }
    }

    /// Each operation's query parameters, by `key`, for the door's check.
    static let queries: [String: [Parameter]] = Dictionary(
        operations().map { op in (op.method + " " + op.path, parameters(op).filter { $0.location == "query" }) }, uniquingKeysWith: { a, _ in a })

    /// `getCohortsId` for GET /api/v1/cohorts/{id}.
    static func operationID(_ method: String, _ path: String) -> String {
        method + path.replacingOccurrences(of: APIEndpoint.prefix, with: "")
            .split(whereSeparator: { "/{}.".contains($0) }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func pathParameters(_ path: String) -> [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) }
    }

    static func operation(_ op: Operation, answer: JSONSchema, invited: JSONSchema? = nil) -> JSON {
        var fields: [(String, JSON)] = [
            ("summary", .string(op.summary)),
            ("tags", .array([.string(op.tag)])),
            ("operationId", .string(operationID(op.method, op.path))),
        ]
        let params: [JSON] = parameters(op).map { p in
            .object([("name", .string(p.name)), ("in", .string(p.location))] + (p.location == "path" ? [("required", .bool(true))] : [])
                    + [("schema", p.schema.json)])
        }
        if !params.isEmpty { fields.append(("parameters", .array(params))) }
        if op.body {
            let media: [(String, JSON)] = op.path == EnrollmentRoutes.importJSON.template.text
                ? [("text/csv", .object([("schema", .object([("type", .string("string")), ("minLength", .int(1))]))]))]
                : op.multipart
                ? [("multipart/form-data", .object([("schema", .object([("$ref", .string("#/components/schemas/CorrectionInput"))]))]))]
                : op.path == AttendanceRoutes.recordCheckIn.template.text
                ? [("application/json", .object([("schema", (op.input?.schema ?? .anyValue).json)])),
                   ("application/x-www-form-urlencoded", .object([("schema", (op.input?.schema ?? .anyValue).json)]))]
                : [("application/json", .object([("schema", (op.input?.schema ?? .anyValue).json)]))]
            fields.append(("requestBody", .object([("required", .bool(true)), ("content", .object(media))])))
        }
        var responses: [(String, JSON)] = []
        if op.status == 204 {
            responses.append(("204", .object([("description", .string("Done"))])))
        } else if op.response == "#/components/schemas/binary" {
            responses.append(("200", .object([("description", .string("The file")),
                ("content", .object([("application/octet-stream", .object([("schema", .object([("type", .string("string")), ("format", .string("binary"))]))]))]))])))
        } else {
            if op.path == AttendanceRoutes.recordCheckIn.template.text {
                responses.append(("200", .object([("description", .string("A retry: the first answer, nothing recorded again")),
                    ("content", .object([("application/json", .object([("schema", answer.json)]))]))])))
            }
            var success: [(String, JSON)] = [
                ("description", .string("Success")),
                ("content", .object([("application/json", .object([("schema", answer.json)]))])),
            ]
            let links = OpenAPILinks.from(op)
            if !links.isEmpty {
                success.append(("links", .object(links.map { link in
                    (link.name, .object([("operationId", .string(operationID(link.method, link.path)))]
                        + (link.parameter.map { [("parameters", .object([($0.name, .string($0.value))]))] } ?? [])
                        + (link.bodyField.map { [("requestBody", .object([($0.name, .string($0.value))]))] } ?? [])))
                })))
            }
            responses.append((String(op.status), .object(success)))
            if op.alsoAccepted {
                responses.append(("202", .object([
                    ("description", .string("An invitation was sent (or would be, if the address can be invited)")),
                    ("content", .object([("application/json", .object([("schema", (invited ?? .anyValue).json)]))])),
                ])))
            }
        }
        for (code, text) in [("400", "Malformed request"), ("401", "Not logged in"), ("403", "Role not allowed"),
                             ("404", "No such record, or not yours to see"), ("409", "Conflicts with the current state"),
                             ("413", "The body is larger than this operation takes"), ("415", "The body is not JSON (or a form where one is taken)"),
                             ("422", "Invalid input; `fields` says which"), ("429", "Too many attempts; `Retry-After` says when to try again")] {
            // A public operation names a record (a course, a certificate, a sign-up's or a reset's token) that may not exist.
            let namesRecord = op.path.contains("{") || [SignUpRoutes.confirmJSON, PasswordResetRoutes.chooseJSON].contains { op.path == $0.template.text }
            if op.isPublic && !["400", "413", "415", "422", "429"].contains(code) && !(code == "404" && namesRecord) { continue }
            if !op.body && (code == "413" || code == "415") { continue }
            // Logins, sign-ups and password confirmations are throttled.
            if !op.isPublic && code == "429" && op.path != AccountRoutes.reauthJSON.template.text { continue }
            let schema = code == "422" ? op.invalid : "#/components/schemas/Error"
            responses.append((code, .object([("description", .string(text)),
                ("content", .object([("application/json", .object([("schema", .object([("$ref", .string(schema))]))]))]))])))
        }
        fields.append(("responses", .object(responses)))
        if !op.isPublic { fields.append(("security", .array([.object([("bearer", .array([]))])]))) }
        return .object(fields)
    }

    static func components(derived: [(String, JSONSchema)]) -> JSON { .object([
        ("securitySchemes", .object([("bearer", .object([("type", .string("http")), ("scheme", .string("bearer"))]))])),
        ("schemas", .object(derived.map { ($0.0, $0.1.json) } + [
            ("CorrectionInput", .object([("type", .string("object")), ("required", .array([.string("day"), .string("kind"), .string("reason")])),
                ("properties", .object([("person_id", .object([("type", .string("string"))])), ("day", .object([("type", .string("string"))])),
                                        ("kind", .object([("type", .string("string")), ("enum", .array(["missing_scan", "wrong_scan", "excuse"].map { .string($0) }))])),
                                        ("scan_kind", .object([("type", .string("string"))])), ("time", .object([("type", .string("string"))])),
                                        ("scan_id", .object([("type", .string("string"))])), ("excuse", .object([("type", .string("string"))])),
                                        ("reason", .object([("type", .string("string"))])),
                                        ("evidence", .object([("type", .string("string")), ("contentMediaType", .string("application/octet-stream"))]))]))])),
            // This document, as far as a client reading it relies on: an OpenAPI 3.1 object with its paths.
            ("OpenAPIDocument", JSONSchema.object([
                .field("openapi", .text(values: ["3.1.0"])),
                .field("info", .object([.field("title", .text()), .field("version", .text()), .field("description", .text(), required: false)], additional: nil)),
                .field("servers", .array(.object([.field("url", .text())], additional: nil)), required: false),
                .field("paths", .object([], additional: .object([], additional: .anyValue))),
                .field("components", .object([], additional: .anyValue), required: false),
            ], additional: nil).json),
            ("Error", .object([("type", .string("object")), ("required", .array([.string("error")])),
                               ("properties", .object([("error", .object([("type", .string("object")), ("required", .array([.string("code"), .string("message")])),
                                   ("properties", .object([("code", .object([("type", .string("string"))])), ("message", .object([("type", .string("string"))])),
                                                           ("fields", .object([("type", .string("object")), ("additionalProperties", .object([("type", .string("string"))]))]))]))]))]))])),
        ])),
    ])
    }
}
