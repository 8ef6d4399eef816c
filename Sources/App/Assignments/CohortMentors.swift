import Fluent
import IeumCore
import Vapor

struct CohortMentorOutput: Content {
    let personID: Int
    let name: String
    enum CodingKeys: String, CodingKey { case name; case personID = "person_id" }
}

/// Which of the academy's mentors look after a cohort. A mentor sees only the cohorts assigned here and the
/// trainees in them (issue 21), so assigning is part of running a cohort.
enum CohortMentors {
    static let readers: [Role] = [.programManager, .operatorAdmin, .campusStaff, .mentor]

    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        let read: [any Middleware] = [RecordGuard<CohortResource>(mode: .read)], write: [any Middleware] = [RecordGuard<CohortResource>(mode: .write)]
        pages.register(.GET, AssignmentRoutes.mentors.template, roles: readers, guards: read, use: page)
        let back: @Sendable (Request, Cohort) throws -> String = { _, cohort in AssignmentRoutes.mentors(try cohort.requireID()) }
        pages.register(.POST, AssignmentRoutes.mentors.template, roles: Roles.campusManagers, guards: write, action: addition, next: back,
                       retry: { req, _, errors in try await render(req, cohort: try req.loaded(Cohort.self), errors: errors) })
        pages.register(.POST, AssignmentRoutes.removeMentor.template, roles: Roles.campusManagers, guards: write, action: removal, next: back,
                       confirm: { req, _ in
                           let cohort = try req.loaded(Cohort.self)
                           // Only a mentor of this cohort is named (and asked about); anyone else is the action's 404.
                           guard let personID = req.parameters.get("personID", as: Int.self),
                                 try await CohortMentor.query(on: req.db).filter(\.$cohortID == cohort.requireID()).filter(\.$personID == personID).first() != nil
                           else { return nil }
                           let name = try await Person.find(personID, on: req.db)?.name
                           return ConfirmationQuestion(
                               title: Localized("멘토 배정 해제", "Remove a mentor"),
                               consequence: Localized("\(name ?? "이 멘토")을(를) \(cohort.name)에서 뺍니다. 이 기수의 훈련생과 제출, 리뷰 대기 목록을 더 이상 볼 수 없습니다.",
                                                      "\(name ?? "This mentor") will no longer be a mentor of \(cohort.name): its trainees, submissions and review queue are no longer theirs."),
                               confirm: Localized("배정 해제", "Remove"), back: AssignmentRoutes.mentors(try cohort.requireID()))
                       })
        api.register(AssignmentRoutes.mentorsJSON, guards: read, use: listJSON)
        api.register(AssignmentRoutes.addMentor, guards: write, action: addition) { req, cohort in try await assigned(cohort, on: req.db) }
        api.register(AssignmentRoutes.unassignMentor, guards: write, action: removal) { _, _ in HTTPStatus.noContent }
    }

    static func assigned(_ cohort: Cohort, on db: any Database) async throws -> [CohortMentorOutput] {
        let ids = try await CohortMentor.query(on: db).filter(\.$cohortID == cohort.requireID()).all().map(\.personID)
        return try await Person.query(on: db).filter(\.$id ~~ ids).sort(\.$name).all()
            .map { CohortMentorOutput(personID: $0.id ?? 0, name: $0.name) }
    }

    /// The academy's mentors: people holding an active mentor role with the cohort's operator.
    static func candidates(_ cohort: Cohort, on db: any Database) async throws -> [CohortMentorOutput] {
        let ids = try await RoleGrant.query(on: db).filter(\.$role == Role.mentor.rawValue).filter(\.$revokedAt == nil)
            .filter(\.$operatorID == cohort.operatorID).all(\.$person.$id)
        return try await Person.query(on: db).filter(\.$id ~~ Set(ids)).sort(\.$name).all()
            .map { CohortMentorOutput(personID: $0.id ?? 0, name: $0.name) }
    }

    static let addBody = Body([.id("person_id")])

    static func add(_ req: Request) async throws -> Cohort {
        let cohort = try req.loaded(Cohort.self)
        var reader = try req.reader()
        let personID = reader.id("person_id")
        try reader.finish()
        guard let personID, try await candidates(cohort, on: req.db).contains(where: { $0.personID == personID }) else {
            throw ValidationFailure([FieldError(field: "person_id", message: Localized(
                "이 기관의 멘토 가운데에서 고르세요.", "Choose one of the academy's mentors."))])
        }
        let cohortID = try cohort.requireID()
        if try await CohortMentor.query(on: req.db).filter(\.$cohortID == cohortID).filter(\.$personID == personID).first() == nil {
            try await req.db.writeTransaction { db in
                try await CohortMentor(cohortID: cohortID, personID: personID).create(on: db)
                try await req.authChanged(of: personID, on: db)   // the mentor's cohorts are part of their principal
            }
        }
        return cohort
    }

    static func remove(_ req: Request) async throws -> Cohort {
        let cohort = try req.loaded(Cohort.self)
        guard let personID = req.parameters.get("personID", as: Int.self),
              try await CohortMentor.query(on: req.db).filter(\.$cohortID == cohort.requireID()).filter(\.$personID == personID).first() != nil
        else { throw AppError.notFound() }   // not this cohort's mentor (or no one at all)
        try await req.db.writeTransaction { db in
            try await CohortMentor.query(on: db).filter(\.$cohortID == cohort.requireID()).filter(\.$personID == personID).delete()
            try await req.authChanged(of: personID, on: db)
        }
        return cohort
    }

    @Sendable static func listJSON(_ req: Request) async throws -> [CohortMentorOutput] {
        try await assigned(try req.loaded(Cohort.self), on: req.db)
    }

    static let addition = Action { req in try await add(req) }
    static let removal = Action { req in try await remove(req) }

    @Sendable static func page(_ req: Request) async throws -> Response {
        try await render(req, cohort: try req.loaded(Cohort.self), errors: [])
    }

    static func render(_ req: Request, cohort: Cohort, errors: [FieldError], status: HTTPResponseStatus = .ok) async throws -> Response {
        let lang = req.lang
        let id = try cohort.requireID()
        let mentors = try await assigned(cohort, on: req.db)
        let canWrite = CohortResource.canChange(cohort, try req.principal)
        let rows = mentors.map { m -> [HTML] in
            let remove: HTML = canWrite ? """
                <form method="post" action="\(AssignmentRoutes.removeMentor(id, m.personID))"><input type="hidden" name="_csrf" value="\(req.csrfToken)"><button type="submit" class="button">\(lang.pick("배정 해제", "Unassign"))</button></form>
                """ : .empty
            return ["\(m.name)", remove]
        }
        var form: HTML = .empty
        if canWrite {
            let assignedIDs = Set(mentors.map(\.personID))
            let options = try await candidates(cohort, on: req.db).filter { !assignedIDs.contains($0.personID) }
                .map { FieldSpec.Option(value: String($0.personID), label: $0.name) }
            form = options.isEmpty
                ? "<p class=\"muted\">\(lang.pick("배정할 수 있는 멘토가 더 없습니다. 멘토는 '사람'에서 초대합니다.", "No more mentors to assign. Invite mentors under People."))</p>"
                : Components.form(req, action: AssignmentRoutes.mentors(id),
                                  fields: [FieldSpec(name: "person_id", label: Localized("멘토", "Mentor"), kind: .select(options))],
                                  values: [:], errors: errors, submit: Localized("배정", "Assign"))
        }
        let body: HTML = """
            <p><a href="\(CohortResource.path(cohort))">← \(cohort.name)</a></p>
            <p class="muted">\(lang.pick("멘토는 배정된 기수와 그 교육생만 봅니다.", "Mentors see only the cohorts they are assigned to, and those cohorts' trainees."))</p>
            \(Components.table(headers: [lang.pick("멘토", "Mentor"), ""], rows: rows, empty: lang.pick("배정된 멘토가 없습니다.", "No mentors assigned.")))
            \(form)
            """
        return Layout.page(req, title: lang.pick("\(cohort.name) — 멘토", "\(cohort.name) — mentors"), body: body, status: status)
    }
}
