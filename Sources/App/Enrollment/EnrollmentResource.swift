import Fluent
import IeumCore
import Vapor

struct EnrollmentOutput: Content {
    let id: Int
    let personID: Int
    let personName: String
    let cohortID: Int
    let operatorID: Int
    let campusID: Int
    let state: String
    let dropReason: String?
    let stateChangedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, state
        case personID = "person_id"
        case personName = "person_name"
        case cohortID = "cohort_id"
        case operatorID = "operator_id"
        case campusID = "campus_id"
        case dropReason = "drop_reason"
        case stateChangedAt = "state_changed_at"
    }
}

enum EnrollmentResource: Resource {
    typealias Record = Enrollment
    static let slug = "enrollments"
    static let title = Localized("수강", "Enrollments")
    static let singular = Localized("수강", "Enrollment")
    static let readRoles = Roles.staff
    static let writeRoles = Roles.campusManagers
    /// The state changes only through transitions, which keep the history.
    static let editable = false
    static let customCreate = true

    static func scope(of r: Enrollment) -> RecordScope { .cohort(operatorID: r.operatorID, campusID: r.campusID, cohortID: r.$cohort.id) }
    static func subject(of r: Enrollment) -> Int? { r.$person.id }

    static func find(_ id: Int, on db: any Database) async throws -> Enrollment? {
        try await Enrollment.query(on: db).filter(\.$id == id).with(\.$person).with(\.$cohort).first()
    }

    static func query(_ req: Request, _ principal: Principal) async throws -> QueryBuilder<Enrollment> {
        var q = Enrollment.query(on: req.db).join(Person.self, on: \Enrollment.$person.$id == \Person.$id)
            .with(\.$person).with(\.$cohort).sort(Person.self, \.$name).sort(\.$id)
        let scope = principal.readScope
        if !scope.everything {
            q = q.group(.or) {
                $0.filter(\.$operatorID ~~ scope.operators).filter(\.$campusID ~~ scope.campuses).filter(\.$cohort.$id ~~ scope.cohorts)
            }
        }
        if let text = req.searchText {
            q = q.group(.or) {
                $0.filter(Person.self, \.$name, .custom("LIKE"), likePattern(text))
                    .filter(Person.self, \.$email, .custom("LIKE"), likePattern(text))
            }
        }
        if let state = req.filterValue("state") { q = q.filter(\.$state == state) }
        if let cohort = req.filterID("cohort_id") { q = q.filter(\.$cohort.$id == cohort) }
        if let op = req.filterID("operator_id") { q = q.filter(\.$operatorID == op) }
        return q
    }

    static func filters(_ req: Request, _ principal: Principal) async throws -> [FieldSpec] {
        [
            FieldSpec(name: "state", label: Localized("상태", "Status"), kind: .select(Options.states(req.lang))),
            FieldSpec(name: "operator_id", label: Localized("운영기관", "Operator"), kind: .select(try await Options.operators(req, principal.readScope))),
        ]
    }

    static func columns(_ lang: Lang) -> [String] {
        [lang.pick("이름", "Name"), lang.pick("기수", "Cohort"), lang.pick("상태", "Status"), lang.pick("변경일", "Since")]
    }

    static func row(_ r: Enrollment, _ req: Request) -> [HTML] {
        [Components.link(path(r), r.person.name), Components.link(CohortResource.path(r.cohort), r.cohort.name),
         Components.badge(EnrollmentState(rawValue: r.state)?.name.in(req.lang) ?? r.state, r.state),
         "\(Day(r.stateChangedAt).description)"]
    }

    static func fields(_ req: Request, _ principal: Principal, creating: Bool) async throws -> [FieldSpec] {
        [
            FieldSpec(name: "cohort_id", label: Localized("기수", "Cohort"), kind: .select(try await Options.cohorts(req, principal.writeScope))),
            FieldSpec(name: "person_email", label: Localized("수강생 이메일", "Trainee's e-mail"), kind: .email,
                      hint: Localized("우리 기관에 이미 있는 사람은 바로 등록되고, 그 밖의 주소로는 초대장이 갑니다. 받는 분이 수락하면 명단에 나타납니다.",
                                      "People already with your academy are enrolled at once; any other address gets an invitation, and the person appears once they accept.")),
            FieldSpec(name: "person_name", label: Localized("이름", "Name"), required: false,
                      hint: Localized("초대장에 쓸 이름 (성과 이름을 붙여서)", "The name to address an invitation to (family name first)")),
            FieldSpec(name: "state", label: Localized("처음 상태", "Starting status"), kind: .select([
                .init(value: "applied", label: EnrollmentState.applied.name.in(req.lang)),
                .init(value: "enrolled", label: EnrollmentState.enrolled.name.in(req.lang)),
            ])),
        ]
    }

    static func values(of r: Enrollment, on db: any Database) async throws -> [String: String] {
        ["cohort_id": String(r.$cohort.id), "state": r.state]
    }

    /// Made only by `EnrollmentIntake` (enrol someone the academy already sees, or invite them).
    static func body(creating: Bool) -> Body {
        EnrollmentIntake.body
    }

    static func apply(_ reader: inout FieldReader, to r: Enrollment, creating: Bool, req: Request, principal: Principal) async throws {
        throw AppError.notFound()
    }

    static func output(_ r: Enrollment, _ req: Request) async throws -> EnrollmentOutput {
        let db = req.db
        let person = try await r.$person.get(on: db)
        return EnrollmentOutput(id: try r.requireID(), personID: r.$person.id, personName: person.name, cohortID: r.$cohort.id,
                                operatorID: r.operatorID, campusID: r.campusID, state: r.state, dropReason: r.dropReason,
                                stateChangedAt: r.stateChangedAt)
    }

    static func label(_ r: Enrollment) -> String {
        (r.$person.value?.name ?? "") + " · " + (r.$cohort.value?.name ?? "")
    }

    static func details(_ r: Enrollment, _ req: Request, _ principal: Principal) async throws -> HTML {
        try await EnrollmentDetails.render(r, req, principal)
    }
}
