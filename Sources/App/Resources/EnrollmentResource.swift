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
    static let singular = Localized("수강 등록", "Enrollment")
    static let readRoles = Roles.staff
    static let writeRoles = Roles.campusManagers
    /// The state changes only through transitions, which keep the history.
    static let editable = false

    static func scope(of r: Enrollment) -> RecordScope { .campus(operatorID: r.operatorID, campusID: r.campusID) }
    static func subject(of r: Enrollment) -> Int? { r.$person.id }

    static func find(_ id: Int, on db: any Database) async throws -> Enrollment? {
        try await Enrollment.query(on: db).filter(\.$id == id).with(\.$person).with(\.$cohort).first()
    }

    static func query(_ req: Request, _ principal: Principal) async throws -> QueryBuilder<Enrollment> {
        var q = Enrollment.query(on: req.db).join(Person.self, on: \Enrollment.$person.$id == \Person.$id)
            .with(\.$person).with(\.$cohort).sort(Person.self, \.$name).sort(\.$id)
        let scope = principal.readScope
        if !scope.everything {
            q = q.group(.or) { $0.filter(\.$operatorID ~~ scope.operators).filter(\.$campusID ~~ scope.campuses) }
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
                      hint: Localized("이미 등록된 사람의 이메일. 새 사람은 '사람'에서 먼저 등록하거나 CSV로 가져오세요.",
                                      "The e-mail of someone already registered. Register new people first, or import a CSV.")),
            FieldSpec(name: "state", label: Localized("처음 상태", "Starting status"), kind: .select([
                .init(value: "applied", label: EnrollmentState.applied.name.in(req.lang)),
                .init(value: "enrolled", label: EnrollmentState.enrolled.name.in(req.lang)),
            ])),
        ]
    }

    static func values(of r: Enrollment, on db: any Database) async throws -> [String: String] {
        ["cohort_id": String(r.$cohort.id), "state": r.state]
    }

    static func apply(_ reader: inout FieldReader, to r: Enrollment, creating: Bool, req: Request, principal: Principal) async throws {
        let cohortID = reader.id("cohort_id")
        let email = reader.email("person_email")
        let state = reader.choice("state", EnrollmentState.self)
        if let state, state != .applied && state != .enrolled {
            reader.fail("state", "처음 상태는 '지원' 또는 '수강 중'입니다.", "A new enrollment starts as applied or enrolled.")
        }
        let cohort = try await cohortID.asyncMap { try await Cohort.find($0, on: req.db) } ?? nil
        if cohortID != nil, cohort.map({ principal.canWrite(CohortResource.scope(of: $0)) }) != true {
            reader.fail("cohort_id", "목록에서 선택하세요.", "Choose one of the listed options.")
        }
        let person = try await email.asyncMap { try await Person.query(on: req.db).filter(\.$email == $0).first() } ?? nil
        if email != nil && person == nil {
            reader.fail("person_email", "이 이메일로 등록된 사람이 없습니다.", "Nobody is registered with this e-mail.")
        }
        if let cohort, let person, try await Enrollment.query(on: req.db).filter(\.$cohort.$id == cohort.requireID())
            .filter(\.$person.$id == person.requireID()).first() != nil {
            reader.fail("person_email", "이미 이 기수에 등록되어 있습니다.", "This person is already in the cohort.")
        }
        if let cohort, state == .enrolled, try await EnrollmentActions.seatsLeft(in: cohort, on: req.db) <= 0 {
            reader.fail("state", "정원이 찼습니다.", "The cohort is full.")
        }
        guard reader.errors.isEmpty, let cohort, let person, let state else { return }
        r.$person.id = try person.requireID()
        r.$cohort.id = try cohort.requireID()
        r.operatorID = cohort.operatorID
        r.campusID = cohort.$campus.id
        r.state = state.rawValue
        r.stateChangedAt = req.now
    }

    static func afterSave(_ r: Enrollment, creating: Bool, on db: any Database, req: Request, principal: Principal) async throws {
        guard creating else { return }
        try await EnrollmentTransition(enrollmentID: try r.requireID(), from: nil, to: r.state, reason: nil,
                                       actorID: principal.personID, at: req.now).create(on: db)
        try await KPIRollup.refresh(cohorts: [r.$cohort.id], on: db)
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
