@testable import App
import Fluent
import Foundation
import IeumCore
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Issue 21's proof: every registered route (pages and API, every method) × every role of academy A × the ids
/// of academy B's objects, with bodies that try to link B's people by e-mail, phone, import and enrolment.
/// Nothing of B's people may show in any answer, and none of B's records may change.
@Suite("Cross-tenant routes", .serialized)
struct CrossTenantTests {
    /// What only someone who can see B's people would know: never typed by A in any request below.
    static let secrets = ["이서연", "이운영", "최비밀", "admin.b@test.kr", "1999-09-09", "990909", "9876543210"]

    /// B's objects made for the run with ids no object of A has in any table, so that no substitution lands on
    /// A's own records (an actor revoking its own role would only blind the rest of the run).
    static let person = 904, enrollment = 901, course = 902, cohort = 903

    /// Routes that would end the actor's own login or account midway, which would only blind the rest of the run.
    static func skipped(_ route: Route) -> Bool {
        let path = "/" + route.path.map(\.description).joined(separator: "/")
        return path == "/logout" || path.hasPrefix("/api/v1/auth/token") || path.contains("sessions")
            || path.contains("deletion") || path.contains("second-factor") || path == "/login"
            || path.hasPrefix("/api/v1/openapi") || path == "/metrics"
    }

    static func prepareB(_ app: Application, _ f: Fixture) async throws {
        let traineeB = try #require(try await Person.find(f.traineeB.id!, on: app.db))
        traineeB.birthDate = "1999-09-09"
        try await traineeB.update(on: app.db)
        let held = HeldIdentifiers(personID: f.traineeB.id!, operatorID: f.operatorB.id!, collectedBy: f.adminB.id, at: fixtureStart)
        try held.seal(.residentNumber, "990909-2123456", with: app.cipher)
        try held.seal(.bankAccount, "9876543210", with: app.cipher)
        held.bankName = "부산은행"
        try await held.create(on: app.db)
        let course = Course(operatorID: f.operatorB.id!, title: "비밀 과정", track: "웹", totalHours: 600, theoryHours: 300, projectHours: 300)
        course.id = Self.course
        try await course.create(on: app.db)
        let cohort = Cohort(courseID: Self.course, campusID: f.campusB.id!, operatorID: f.operatorB.id!, name: "부산 2기",
                            startsOn: "2026-07-01", endsOn: "2026-12-31", capacity: 30)
        cohort.id = Self.cohort
        try await cohort.create(on: app.db)
        let person = Person(name: "최비밀", email: "secret.b@test.kr", phone: "010-4444-9090", birthDate: "1999-09-09")
        person.id = Self.person
        try await person.create(on: app.db)
        try await RoleGrant(personID: Self.person, role: Role.trainee.rawValue, operatorID: f.operatorB.id!).create(on: app.db)
        let enrollment = try Enrollment(personID: Self.person, cohort: cohort, state: "enrolled", at: fixtureStart)
        enrollment.id = Self.enrollment
        try await enrollment.create(on: app.db)
    }

    /// Everything of B's that an A actor must not be able to change, as comparable text.
    static func snapshot(_ app: Application, _ f: Fixture) async throws -> [String] {
        let sql = app.db as! any SQLDatabase
        let b = f.operatorB.id!, people = [f.traineeB.id!, f.adminB.id!, Self.person]
        var rows: [String] = []
        for p in try await Person.query(on: app.db).filter(\.$id ~~ people).sort(\.$id).all() {
            rows.append([p.name, p.email, p.phone ?? "", p.birthDate ?? "", p.residenceRegion ?? "", p.passwordHash ?? "",
                         p.residentNumberSealed ?? "", p.bankAccountSealed ?? "", p.bankName ?? "", p.totpSecretSealed ?? ""].joined(separator: "|"))
        }
        for h in try await HeldIdentifiers.query(on: app.db).group(.or, { $0.filter(\.$personID ~~ people).filter(\.$operatorID == b) }).sort(\.$id).all() {
            rows.append("held \(h.personID) \(h.operatorID) \(h.residentNumberSealed ?? "") \(h.bankAccountSealed ?? "") \(h.bankName ?? "")")
        }
        for g in try await RoleGrant.query(on: app.db).group(.or, { $0.filter(\.$person.$id ~~ people).filter(\.$operatorID == b) }).sort(\.$id).all() {
            rows.append("grant \(g.id!) \(g.$person.id) \(g.role) \(g.operatorID ?? 0) \(g.campusID ?? 0) \(g.revokedAt.map { "\($0)" } ?? "live")")
        }
        for e in try await Enrollment.query(on: app.db).group(.or, { $0.filter(\.$person.$id ~~ people).filter(\.$operatorID == b) }).sort(\.$id).all() {
            rows.append("enrollment \(e.id!) \(e.$person.id) \(e.$cohort.id) \(e.state)")
        }
        for table in ["cohorts", "courses", "campuses"] {
            let n = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
                .where("operator_id", .equal, b).first()?.decode(column: "n", as: Int.self) ?? -1
            rows.append("\(table) of B: \(n)")
        }
        for cohort in try await Cohort.query(on: app.db).filter(\.$operatorID == b).sort(\.$id).all() {
            rows.append("cohort \(cohort.id!) \(cohort.name) \(cohort.capacity) \(cohort.startsOn) \(cohort.endsOn) \(cohort.closedAt.map { "\($0)" } ?? "open")")
        }
        let op = try #require(try await Operator.find(b, on: app.db))
        rows.append("operator B \(op.name) \(op.contactEmail)")
        return rows
    }

    struct Actor {
        let email: String
        var token = ""
        var session = BrowserSession(cookie: "", csrf: "")
    }

    /// `own`: into the actor's own academy (its cohort A), naming B's people by e-mail and phone — the link attack;
    /// otherwise aimed at B's records.
    func body(_ f: Fixture, csrf: String, own: Bool) -> [String: String] {
        ["cohort_id": own ? "\(f.cohortA.id!)" : "\(Self.cohort)", "operator_id": own ? "\(f.operatorA.id!)" : "\(f.operatorB.id!)",
         "campus_id": own ? "\(f.campusA.id!)" : "\(f.campusB.id!)", "course_id": own ? "\(f.courseA.id!)" : "\(Self.course)",
         "person_email": "secret.b@test.kr".uppercased(), "email": f.traineeB.email, "phone": "010-4444-9090",
         "person_id": "\(f.traineeB.id!)", "name": "탈취시도", "person_name": "탈취시도", "state": "enrolled", "to": "dropped",
         "reason": "개인 사정", "role": "trainee", "title": "탈취", "capacity": "30", "starts_on": "2026-07-01", "ends_on": "2026-12-31",
         "_csrf": csrf]
    }

    /// The fields of the body the route's document declares, each with its JSON type, so the attack passes the
    /// door's schema check and reaches the action.
    static func typed(_ body: [String: String], for route: Route) -> JSONObject {
        guard case let .object(properties, _)? = OpenAPIDocument.inputs[OpenAPIDocument.key(route)] else { return body.mapValues { .string($0) } }
        var out: JSONObject = [:]
        for property in properties {
            guard let value = body[property.name] else { continue }
            switch property.schema {
            case .integer: out[property.name] = Int(value).map(JSONLit.int) ?? .string(value)
            case .boolean: out[property.name] = .bool(value == "true")
            default: out[property.name] = .string(value)
            }
        }
        return out
    }

    /// One row a file, since a file is all or nothing: B's trainee's e-mail, or a new e-mail with B's trainee's phone.
    func csv(_ f: Fixture, own: Bool) -> String {
        "이름,이메일,휴대전화,생년월일,거주지역\r\n" + (own ? "탈취시도,secret.b@test.kr,010-9999-8888,2000-01-01,부산\r\n"
                                                  : "박연결,link.by.phone@mail.kr,01044449090,2000-01-01,부산\r\n")
    }

    func send(_ app: Application, _ route: Route, path: String, actor: Actor, f: Fixture, own: Bool,
              _ check: @escaping (String, HTTPStatus) -> Void) async throws {
        let isAPI = path.hasPrefix("/api/")
        var headers = isAPI ? bearer(actor.token) : actor.session.headers()
        if !isAPI { headers.replaceOrAdd(name: "X-CSRF-Token", value: actor.session.csrf) }
        let method = route.method
        try await app.testing().test(method, path, headers: headers, beforeRequest: { req in
            guard method != .GET && method != .HEAD && method != .DELETE else { return }
            if path.hasSuffix("/import") {
                req.headers.contentType = isAPI ? HTTPMediaType(type: "text", subType: "csv") : .urlEncodedForm
                req.body = ByteBuffer(string: csv(f, own: own))
            } else if isAPI {
                try req.content.encode(Self.typed(body(f, csrf: actor.session.csrf, own: own), for: route), as: .json)
            } else {
                try req.content.encode(body(f, csrf: actor.session.csrf, own: own), as: .urlEncodedForm)
            }
        }) { res in check(res.body.string, res.status) }
    }

    /// Each path parameter takes each of B's ids in turn (people, cohort, enrollment, campus, course, operator).
    static func paths(_ route: Route, values: [Int]) -> [String] {
        guard route.path.contains(where: { if case .parameter = $0 { true } else { false } }) else {
            return ["/" + route.path.map(\.description).joined(separator: "/")]
        }
        return values.map { v in
            "/" + route.path.map { c -> String in
                switch c {
                case .parameter: String(v)
                case let .constant(s): s
                default: c.description
                }
            }.joined(separator: "/")
        }
    }

    @Test("no route shows academy A's people anything of academy B's people, or changes B's records")
    func everyRouteEveryRole() async throws {
        try await withApp { app, f, _ in
            try await Self.prepareB(app, f)
            let before = try await Self.snapshot(app, f)
            var actors: [Actor] = []
            for email in [f.adminA.email, f.staffA.email, f.mentorA.email, f.traineeA.email, f.employerUser.email] {
                actors.append(Actor(email: email, token: try await app.token(email), session: try await app.login(email)))
            }
            // B's people, cohorts, campus and enrollments (3 and 7 are B's in every table that has them).
            #expect(f.adminB.id == 3 && f.cohortB.id == 3 && f.campusB.id == 3 && f.traineeB.id == 7)
            // 1 and 2 are A's own cohorts: importing or enrolling B's people into them is the link attack.
            let values = [1, 2, 3, 7, Self.person, Self.enrollment, Self.course, Self.cohort]
            let routes = app.routes.all.filter { !Self.skipped($0) && !$0.path.contains(where: { if case .catchall = $0 { true } else { false } }) }
            var leaks: [String] = []
            var sent = 0
            // Changes first, so that the reads afterwards would show anyone they had managed to link.
            for pass in [false, true] {
                for route in routes where (route.method == .GET) == pass {
                    for path in Self.paths(route, values: values) {
                        for (actor, own) in actors.flatMap({ a in (route.method == .GET ? [false] : [true, false]).map { (a, $0) } }) {
                            try await send(app, route, path: path, actor: actor, f: f, own: own) { text, status in
                                sent += 1
                                for secret in Self.secrets where text.contains(secret) {
                                    leaks.append("\(actor.email) \(route.method.rawValue) \(path) → \(status.code) shows \(secret)")
                                }
                                if status.code >= 500 { leaks.append("\(actor.email) \(route.method.rawValue) \(path) → \(status.code)") }
                            }
                        }
                    }
                }
            }
            #expect(leaks.isEmpty, "\(leaks.prefix(30))")
            #expect(sent > 2_000, "the run covered \(sent) requests")
            #expect(try await Self.snapshot(app, f) == before)
            // The invitations made to B's trainee stay unanswered and show the academy nothing of the account.
            #expect(try await Enrollment.query(on: app.db).filter(\.$person.$id == f.traineeB.id!).count() == 1)
            #expect(try await Enrollment.query(on: app.db).filter(\.$person.$id == Self.person).count() == 1)
        }
    }
}
