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
            Operation(method: "post", path: "/api/v1/auth/token", summary: "Exchange e-mail and password for a bearer token", tag: "auth", body: true, isPublic: true, input: LoginController.tokenBody),
            Operation(method: "delete", path: "/api/v1/auth/token", summary: "End the bearer token used for this request", tag: "auth", status: 204),
            Operation(method: "post", path: "/api/v1/auth/reauth", summary: "Confirm your password before a sensitive action (valid 5 minutes)", tag: "auth", body: true, status: 204, input: ReauthController.body),
            Operation(method: "get", path: "/api/v1/sessions", summary: "Your browser sessions and API tokens", tag: "auth"),
            Operation(method: "delete", path: "/api/v1/sessions/{sessionID}", summary: "End one of your sessions or tokens", tag: "auth", status: 204),
            Operation(method: "get", path: "/api/v1/me/data", summary: "Everything Ieum holds about you (needs a recent password)", tag: "privacy"),
            Operation(method: "post", path: "/api/v1/me/deletion-request", summary: "Close your account and have your data deleted by the retention schedule", tag: "privacy", status: 202, output: AccountDataController.DeletionOutput.self),
            Operation(method: "get", path: "/api/v1/me", summary: "The person behind the token and their roles", tag: "auth"),
            Operation(method: "get", path: "/api/v1/access-log", summary: "Personal-data access log (program managers)", tag: "audit"),
            Operation(method: "get", path: "/api/v1/enrollments/{id}/transitions", summary: "The enrollment's state history", tag: "enrollments"),
            Operation(method: "post", path: "/api/v1/enrollments/{id}/transitions", summary: "Move the enrollment to a new state (409 when not allowed)", tag: "enrollments", body: true, input: EnrollmentActions.transitionBody),
            Operation(method: "post", path: "/api/v1/cohorts/{id}/import", summary: "Import people from CSV (text/csv body; all or nothing)", tag: "cohorts", body: true, status: 201,
                      output: ImportReport.self, invalid: "#/components/schemas/ImportReport"),
            Operation(method: "get", path: "/api/v1/cohorts/{id}/completion", summary: "Each trainee's completion proposal from the rules (attendance, graded work) and, once closed, the decisions", tag: "completion"),
            Operation(method: "post", path: "/api/v1/cohorts/{id}/completion", summary: "Close the cohort: decisions [{enrollment_id, outcome, reason}] (left out = the proposal; against it needs a reason); completers get certificates", tag: "completion", body: true, input: CompletionInput.body),
            Operation(method: "get", path: "/api/v1/me/credentials", summary: "Your certificates (signed Open Badges 3.0 JWT-VCs)", tag: "completion"),
            Operation(method: "get", path: "/api/v1/credentials/{credentialID}", summary: "A certificate with its JWT (holder, program managers, the campus's staff)", tag: "completion"),
            Operation(method: "post", path: "/api/v1/credentials/{credentialID}/revoke", summary: "Revoke a certificate with a reason (shown to verifiers)", tag: "completion", body: true, input: CredentialController.revokeBody),
            Operation(method: "post", path: "/api/v1/credentials/verify", summary: "Verify a credential (JWT): format, signature, issuer, dates, revocation", tag: "completion", body: true, isPublic: true, input: VerifyInput.body),
            Operation(method: "get", path: "/api/v1/credentials/{credentialID}/verification", summary: "Verify a certificate issued by this Ieum, by its id", tag: "completion", isPublic: true),
            Operation(method: "get", path: "/api/v1/me/profile", summary: "Your graduate profile and whether employers may see it", tag: "outcomes"),
            Operation(method: "put", path: "/api/v1/me/profile", summary: "Change your profile (skills \"a, b\"; desired_regions, job_types, featured_submissions as comma lists)", tag: "outcomes", body: true, input: ProfileController.profileBody),
            Operation(method: "post", path: "/api/v1/me/profile/consent", summary: "Give (consent=true) or withdraw (false) consent to share your profile with verified employers", tag: "outcomes", body: true, input: ProfileController.consentBody),
            Operation(method: "get", path: "/api/v1/graduates/{personID}", summary: "A graduate's profile (the graduate, their campus's staff, or a verified employer while consent stands; logged)", tag: "outcomes"),
            Operation(method: "get", path: "/api/v1/jobs", summary: "Job postings: an employer's own, open ones for a graduate best first with the fit explained, all for staff", tag: "outcomes"),
            Operation(method: "post", path: "/api/v1/jobs", summary: "Post a job (verified employers)", tag: "outcomes", body: true, status: 201, output: JobOutput.self, input: JobsController.createBody),
            Operation(method: "get", path: "/api/v1/jobs/{jobID}", summary: "A job posting", tag: "outcomes"),
            Operation(method: "get", path: "/api/v1/jobs/{jobID}/recommendations", summary: "Consenting graduates for the job, best first, with reasons (its employer; each one logged)", tag: "outcomes"),
            Operation(method: "get", path: "/api/v1/jobs/{jobID}/applications", summary: "The job's applicants and their stages (its employer)", tag: "outcomes"),
            Operation(method: "post", path: "/api/v1/jobs/{jobID}/applications", summary: "Apply (graduates who share their profile)", tag: "outcomes", body: true, status: 201, output: ApplicationOutput.self, input: JobsController.applyBody),
            Operation(method: "post", path: "/api/v1/applications/{applicationID}/stage", summary: "Move an applicant: interview, offer, hired (with starts_on; records the employment) or rejected", tag: "outcomes", body: true, input: JobsController.stageBody),
            Operation(method: "get", path: "/api/v1/me/applications", summary: "Your applications and their stages", tag: "outcomes"),
            Operation(method: "post", path: "/api/v1/matching-rounds", summary: "Run a hiring-fair matching round over open postings and consenting graduates (program managers)", tag: "outcomes", status: 201, output: MatchingRoundOutput.self),
            Operation(method: "get", path: "/api/v1/matching-rounds/{roundID}", summary: "A matching round's numbers and matches per posting", tag: "outcomes"),
            Operation(method: "get", path: "/api/v1/employment/follow-ups", summary: "Completers in your scope with no job on record whose 1-, 3- or 6-month follow-up is due", tag: "outcomes"),
            Operation(method: "get", path: "/api/v1/catalogue", summary: "Courses open or about to open for applications (no account needed; ?region=)", tag: "recruitment", isPublic: true, query: [("region", "string")]),
            Operation(method: "get", path: "/api/v1/catalogue/{cohortID}", summary: "One course in the catalogue, with its eligibility in words", tag: "recruitment", isPublic: true),
            Operation(method: "post", path: "/api/v1/signup", summary: "Start an applicant account (name, email, phone, password): the same answer for every address; a message with a link goes to the address", tag: "recruitment", body: true, status: 202, isPublic: true, output: SignUp.Sent.self, input: SignUp.signUpBody),
            Operation(method: "post", path: "/api/v1/signup/confirm", summary: "Finish signing up with the link's token and the password chosen; then get a token", tag: "recruitment", body: true, status: 201, isPublic: true, output: SignUp.Created.self, input: SignUp.confirmBody),
            Operation(method: "get", path: "/api/v1/me/admissions", summary: "Your course applications and where they stand", tag: "recruitment"),
            Operation(method: "post", path: "/api/v1/admissions", summary: "Save your application to cohort_id as a draft, or send it with submit=true (judged against the eligibility rules at once)", tag: "recruitment", body: true, output: AdmissionOutput.self, input: AdmissionForm.saveBody),
            Operation(method: "get", path: "/api/v1/admissions/{admissionID}", summary: "An application with its history (the applicant, or the campus's staff; logged)", tag: "recruitment"),
            Operation(method: "post", path: "/api/v1/admissions/{admissionID}/withdraw", summary: "Withdraw your application", tag: "recruitment"),
            Operation(method: "post", path: "/api/v1/admissions/{admissionID}/confirm", summary: "Confirm the place you were selected for (before confirm_by)", tag: "recruitment"),
            Operation(method: "post", path: "/api/v1/admissions/{admissionID}/decline", summary: "Decline your place (the waitlist moves up)", tag: "recruitment"),
            Operation(method: "post", path: "/api/v1/admissions/{admissionID}/state", summary: "Staff: move one application to screening, test, review or not_selected (with a note)", tag: "recruitment", body: true, input: RecruitmentController.stateBody),
            Operation(method: "get", path: "/api/v1/admissions/{admissionID}/test", summary: "Your coding test: minutes, start and end, and once started the problems with their samples and your attempts", tag: "recruitment"),
            Operation(method: "post", path: "/api/v1/admissions/{admissionID}/test/start", summary: "Start your timed coding test (at the test stage; the clock runs from now)", tag: "recruitment"),
            Operation(method: "post", path: "/api/v1/admissions/{admissionID}/test/{assignmentID}/submissions", summary: "Send an answer (language, source) while your test time lasts; graded in the sandbox", tag: "recruitment", body: true, status: 202, output: CodingTestOutput.Attempt.self, input: CodingTest.submitBody),
            Operation(method: "get", path: "/api/v1/me/messages", summary: "Your messages (every application status change)", tag: "recruitment"),
            Operation(method: "get", path: "/api/v1/cohorts/{id}/recruitment", summary: "The cohort's recruitment settings (defaults until saved)", tag: "recruitment"),
            Operation(method: "put", path: "/api/v1/cohorts/{id}/recruitment", summary: "Change the recruitment settings (dates, eligibility, questions as lines, rubric as lines, resident share …)", tag: "recruitment", body: true, input: RecruitmentSettings.saveBody),
            Operation(method: "post", path: "/api/v1/cohorts/{id}/recruitment/publish", summary: "Publish (published=true) or withdraw (false) the recruitment from the catalogue", tag: "recruitment", body: true, input: RecruitmentController.publishBody),
            Operation(method: "get", path: "/api/v1/cohorts/{id}/admissions", summary: "The cohort's applications with the funnel, review counts and score spread", tag: "recruitment"),
            Operation(method: "post", path: "/api/v1/cohorts/{id}/admissions/advance", summary: "Move every application of one stage (from=submitted|screening|test) to the next", tag: "recruitment", body: true, input: RecruitmentController.advanceBody),
            Operation(method: "post", path: "/api/v1/cohorts/{id}/admissions/reviewers", summary: "Assign reviewers (reviewers=\"1,2,3\") to the applications in review, each getting the configured number", tag: "recruitment", body: true, input: RecruitmentController.reviewersBody),
            Operation(method: "get", path: "/api/v1/cohorts/{id}/selection", summary: "The selection computed from the current scores (or, once applied, its result)", tag: "recruitment"),
            Operation(method: "post", path: "/api/v1/cohorts/{id}/selection", summary: "Compute with overrides (override_<id>=select|exclude, reason_<id>) and apply it with apply=true", tag: "recruitment", body: true, input: SelectionController.runBody),
            Operation(method: "post", path: "/api/v1/cohorts/{id}/selection/enroll", summary: "Enroll every applicant who confirmed their place", tag: "recruitment"),
            Operation(method: "post", path: "/api/v1/cohorts/{id}/selection/close-waitlist", summary: "Tell everyone still waiting that they were not selected", tag: "recruitment"),
            Operation(method: "get", path: "/api/v1/admission-reviews", summary: "The applications assigned to you for review", tag: "recruitment"),
            Operation(method: "get", path: "/api/v1/admission-reviews/{reviewID}", summary: "An assigned application as the reviewer sees it (blind review leaves out name, age, gender and school)", tag: "recruitment"),
            Operation(method: "put", path: "/api/v1/admission-reviews/{reviewID}", summary: "Score the application: one 1–5 score per rubric criterion (c1, c2 …) and a comment", tag: "recruitment", body: true, input: AdmissionReviewController.scoreBody),
            Operation(method: "get", path: "/api/v1/kpis/recruitment", summary: "The recruitment funnel (applied, eligible, tested, reviewed, selected, enrolled) by operator, by cohort (an operator's own) and by where applicants live",
                      tag: "kpis"),
            Operation(method: "get", path: "/api/v1/kpis/summary", summary: "Targets, headline KPIs, today's check-ins and the forecast (program managers: counts under 5 suppressed; operators: their academy)",
                      tag: "kpis", query: kpiFilters),
            Operation(method: "get", path: "/api/v1/kpis/tables/{table}", summary: "A KPI table: operators, campuses, regions, capital, years, tracks or cohorts, with a total row",
                      tag: "kpis", query: kpiFilters),
            Operation(method: "get", path: "/api/v1/me/invitations", summary: "Invitations waiting for your answer", tag: "invitations"),
            Operation(method: "post", path: "/api/v1/me/invitations/{invitationID}/accept", summary: "Accept an invitation: you join the cohort or take the role", tag: "invitations", status: 204),
            Operation(method: "post", path: "/api/v1/me/invitations/{invitationID}/decline", summary: "Decline an invitation", tag: "invitations", status: 204),
            Operation(method: "get", path: "/api/v1/cohorts/{id}/invitations", summary: "The invitations your academy sent into the cohort (what you typed, and their state)", tag: "invitations"),
            Operation(method: "get", path: "/api/v1/people/{id}/identifiers", summary: "The person's full registration and account numbers (logged as 'unmask')", tag: "people"),
            Operation(method: "post", path: "/api/v1/people/{id}/roles", summary: "Give the person a role", tag: "people", body: true, status: 201, output: PersonOutput.self, input: RoleGrants.body),
            Operation(method: "delete", path: "/api/v1/people/{id}/roles/{grantID}", summary: "Revoke one of the person's roles", tag: "people", status: 204),
        ]
        ops += EndpointCatalog.all.map(\.operation)
        for r in ResourceRegistry.all {
            let base = "/api/v1/\(r.slug)"
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
        method + path.replacingOccurrences(of: "/api/v1", with: "")
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
            let media: [(String, JSON)] = op.path.hasSuffix("/import")
                ? [("text/csv", .object([("schema", .object([("type", .string("string")), ("minLength", .int(1))]))]))]
                : op.multipart
                ? [("multipart/form-data", .object([("schema", .object([("$ref", .string("#/components/schemas/CorrectionInput"))]))]))]
                : op.path == "/api/v1/check-ins"
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
            if op.path == "/api/v1/check-ins" {
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
                        + (link.parameter.map { [("parameters", .object([($0, .string("$response.body#/id"))]))] } ?? [])
                        + (link.bodyField.map { [("requestBody", .object([($0, .string("$response.body#/id"))]))] } ?? [])))
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
            // A public operation names a record (a course, a certificate, a sign-up's token) that may not exist.
            let namesRecord = op.path.contains("{") || op.path.hasSuffix("/confirm")
            if op.isPublic && !["400", "413", "415", "422", "429"].contains(code) && !(code == "404" && namesRecord) { continue }
            if !op.body && (code == "413" || code == "415") { continue }
            // Logins, sign-ups and password confirmations are throttled.
            if !op.isPublic && code == "429" && !op.path.hasSuffix("/auth/reauth") { continue }
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
