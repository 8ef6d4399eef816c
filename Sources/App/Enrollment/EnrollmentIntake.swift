import Fluent
import IeumCore
import Vapor

/// Adding someone to a cohort by e-mail: enrolled at once if the academy already sees them, otherwise invited —
/// and the academy is told the same for every address it cannot see, whether or not anyone holds it (issue 21).
enum EnrollmentIntake {
    enum Outcome {
        case enrolled(Enrollment)
        case invited(Invitation)
    }

    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        pages.register(.POST, EnrollmentResource.records.template, roles: EnrollmentResource.writeRoles, action: intake,
                       show: { req, outcome in
                           switch outcome {
                           case let .enrolled(enrollment): return req.redirect(to: EnrollmentResource.path(enrollment), redirectType: .normal)
                           case let .invited(invitation):
                               let cohortID = invitation.cohortID ?? 0
                               return InvitationViews.sentPage(req, links: [
                                   (InvitationRoutes.cohort(cohortID), Localized("보낸 초대 보기", "See the invitations")),
                                   (EnrollmentResource.newRecord.url(["cohort_id": "\(cohortID)"]), Localized("한 명 더", "Add another"))])
                           }
                       },
                       retry: { req, values, errors in
                           try await ResourceController<EnrollmentResource>().formPage(req, record: nil, values: values, errors: errors, status: .unprocessableEntity)
                       })
        api.register(.POST, EnrollmentResource.records.template, roles: EnrollmentResource.writeRoles, use: intake.answering(status: .created) { req, outcome in
            switch outcome {
            case let .enrolled(enrollment): return try await EnrollmentResource.created(enrollment, req)
            case let .invited(invitation): return try InvitationSent.response(invitation, req)
            }
        })
    }

    /// Reads and checks the request; throws `ValidationFailure` with every problem.
    static let body = Body([
        .id("cohort_id"), .email("person_email"), .text("person_name", max: 50, required: false), .choice("state", [EnrollmentState.applied.rawValue, EnrollmentState.enrolled.rawValue]),
    ])

    static func run(_ req: Request, values: [String: String]) async throws -> Outcome {
        let principal = try req.principal
        var reader = FieldReader(values)
        let cohortID = reader.id("cohort_id")
        let email = reader.email("person_email")
        let typedName = reader.text("person_name", required: false, max: 50)
        let state = reader.choice("state", EnrollmentState.self)
        if let state, state != .applied && state != .enrolled {
            reader.fail("state", "처음 상태는 '지원' 또는 '수강 중'입니다.", "A new enrollment starts as applied or enrolled.")
        }
        let cohort = try await cohortID.asyncMap { try await Cohort.find($0, on: req.db) } ?? nil
        if cohortID != nil, cohort.map({ principal.canWrite(CohortResource.scope(of: $0)) }) != true {
            reader.fail("cohort_id", "목록에서 선택하세요.", "Choose one of the listed options.")
        }
        try reader.finish()
        guard let cohort, let email, let state else { throw ValidationFailure(reader.errors) }
        let found = try await Person.query(on: req.db).filter(\.$email == email).first()
        if let person = found, try await PersonVisibility.canSee(try person.requireID(), principal, on: req.db) {
            return .enrolled(try await enrol(person, in: cohort, state: state, req: req, principal: principal))
        }
        let name = typedName ?? String(email.prefix { $0 != "@" })
        let invitation = try await req.db.writeTransaction { db in
            try await Invitations.invite(.init(email: email, name: name), to: .cohort(cohort, start: state), by: principal.personID,
                                         base: req.linkBase, now: req.now, on: db)
        }
        return .invited(invitation)
    }

    /// Someone the academy already sees: enrolled now, with the history's first step.
    static func enrol(_ person: Person, in cohort: Cohort, state: EnrollmentState, req: Request, principal: Principal) async throws -> Enrollment {
        let personID = try person.requireID(), cohortID = try cohort.requireID()
        var reader = FieldReader([:])
        if try await Enrollment.query(on: req.db).filter(\.$cohort.$id == cohortID).filter(\.$person.$id == personID).first() != nil {
            reader.fail("person_email", "이미 이 기수에 등록되어 있습니다.", "This person is already in the cohort.")
        }
        if state == .enrolled, try await EnrollmentActions.seatsLeft(in: cohort, on: req.db) <= 0 {
            reader.fail("state", "정원이 찼습니다.", "The cohort is full.")
        }
        try reader.finish()
        let enrollment = try Enrollment(personID: personID, cohort: cohort, state: state.rawValue, at: req.now)
        do {
            try await req.db.writeTransaction { db in
                try await enrollment.create(on: db)
                try await EnrollmentTransition(enrollmentID: try enrollment.requireID(), from: nil, to: state.rawValue, reason: nil,
                                               actorID: principal.personID, at: req.now).create(on: db)
                try await KPIRollup.refresh(cohorts: [cohortID], on: db)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw ValidationFailure([FieldError(field: "person_email", message: Localized(
                "이미 이 기수에 등록되어 있습니다.", "This person is already in the cohort."))])
        }
        enrollment.$person.value = person
        enrollment.$cohort.value = cohort
        return enrollment
    }

    static let intake = Action { req, values in try await run(req, values: values) }
}
