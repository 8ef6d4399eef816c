import Fluent
import IeumCore
import Vapor

struct TransitionOutput: Content {
    let from: String?
    let to: String
    let reason: String?
    let actorID: Int?
    let at: Date

    enum CodingKeys: String, CodingKey {
        case from, to, reason, at
        case actorID = "actor_id"
    }
}

/// Moving an enrollment through its lifecycle, and bringing people into a cohort from a spreadsheet.
enum EnrollmentActions {
    static let writer: [any Middleware] = [RequireRole(EnrollmentResource.writeRoles), RecordGuard<EnrollmentResource>(mode: .write)]
    static let cohortWriter: [any Middleware] = [RequireRole(CohortResource.writeRoles), RecordGuard<CohortResource>(mode: .write)]

    static func registerPages(_ routes: any RoutesBuilder) throws {
        routes.register(.POST, EnrollmentRoutes.transition.template, guards: writer, action: change,
                        next: { _, enrollment in EnrollmentResource.path(enrollment) },
                        retry: reshowing(ResourceController<EnrollmentResource>().showPage), shownRefusals: [.conflict],
                        confirm: confirmDrop)
        routes.register(.GET, EnrollmentRoutes.importPeople.template, guards: cohortWriter, use: ImportController.form)
        routes.register(.POST, EnrollmentRoutes.importPeople.template, guards: cohortWriter, body: .collect(maxSize: "5mb"),
                        action: ImportController.importing, show: ImportController.show, retry: nil)
    }

    static func registerAPI(_ api: any RoutesBuilder) throws {
        let reader: [any Middleware] = [RequireRole(EnrollmentResource.readRoles), RecordGuard<EnrollmentResource>(mode: .read)]
        api.register(EnrollmentRoutes.transitionsJSON, guards: reader, use: history)
        api.register(EnrollmentRoutes.transitionJSON, guards: writer, action: change) { req, enrollment in
            try await EnrollmentResource.output(enrollment, req)
        }
        api.register(EnrollmentRoutes.importJSON, guards: cohortWriter, body: .collect(maxSize: "5mb"), action: ImportController.importing,
                     answer: ImportController.answer)
    }

    static func seatsLeft(in cohort: Cohort, on db: any Database) async throws -> Int {
        let taken = try await Enrollment.query(on: db).filter(\.$cohort.$id == cohort.requireID())
            .filter(\.$state ~~ [EnrollmentState.selected.rawValue, EnrollmentState.enrolled.rawValue]).count()
        return cohort.capacity - taken
    }

    /// Applies one step of the lifecycle and records it, in one transaction.
    static let transitionBody = Body([.choice("to", EnrollmentState.self), .text("reason", max: ConfirmationQuestion.noteLimit, required: false)])

    static func transition(_ req: Request, values: [String: String]) async throws -> Enrollment {
        let enrollment = try req.loaded(Enrollment.self)
        let principal = try req.principal
        var reader = FieldReader(values)
        let to = reader.choice("to", EnrollmentState.self)
        let given = reader.text("reason", required: false, max: ConfirmationQuestion.noteLimit) ?? ""
        try reader.finish()
        guard let to, let from = EnrollmentState(rawValue: enrollment.state) else {
            throw AppError.badRequest(Localized("새 상태를 고르세요.", "Choose the new status."))
        }
        let reason: String?
        do { reason = try EnrollmentLifecycle.transition(from: from, to: to, reason: given) } catch {
            // A missing reason is the reason field's; a step the lifecycle does not take conflicts with the state.
            if error == .reasonRequired { throw ValidationFailure([FieldError(field: "reason", message: error.message)]) }
            throw AppError(status: .conflict, code: "illegal_transition", message: error.message)
        }
        if (to == .selected || to == .enrolled) && from != .selected {
            let cohort = try await enrollment.$cohort.get(on: req.db)
            if try await seatsLeft(in: cohort, on: req.db) <= 0 {
                throw AppError.conflict(Localized("정원 \(cohort.capacity)명이 모두 찼습니다.", "All \(cohort.capacity) seats are taken."))
            }
        }
        // Completion is decided for the whole cohort at its close, where the rules propose and certificates are issued.
        if to == .completed || to == .notCompleted {
            throw AppError.conflict(Localized("수료·미수료는 기수의 '수료 처리' 화면에서 규칙의 제안과 함께 정합니다.",
                                              "Completion is decided on the cohort's completion page, with the rules' proposal."))
        }
        let now = req.now
        try await req.db.writeTransaction { db in
            // The state we read must still be the state we change: a second, concurrent change finds 0 rows.
            try await Enrollment.query(on: db).filter(\.$id == enrollment.requireID())
                .filter(\.$state == from.rawValue)
                .set(\.$state, to: to.rawValue)
                .set(\.$dropReason, to: to == .dropped ? reason : enrollment.dropReason)
                .set(\.$stateChangedAt, to: now)
                .update()
            let current = try await Enrollment.find(enrollment.requireID(), on: db)
            guard current?.state == to.rawValue else {
                throw AppError.conflict(Localized("다른 사람이 먼저 상태를 바꿨습니다. 새로 고친 뒤 다시 하세요.",
                                                  "Someone else changed the status first. Reload and try again."))
            }
            try await EnrollmentTransition(enrollmentID: try enrollment.requireID(), from: from.rawValue, to: to.rawValue,
                                           reason: reason, actorID: principal.personID, at: now).create(on: db)
            // The person is told of every change of their place, with the reason given.
            if let person = try await Person.find(enrollment.$person.id, on: db),
               let cohort = try await Cohort.query(on: db).filter(\.$id == enrollment.$cohort.id).with(\.$course).first() {
                let course = "\(cohort.course.title) \(cohort.name)"
                let why = reason.map { Localized("\n\n사유: " + $0, "\n\nReason: " + $0) } ?? Localized("", "")
                try await Outbox.send(to: person, subject: Localized("[이음] 「\(course)」 수강 상태: \(to.name.ko)", "[Ieum] “\(course)”: \(to.name.en)"),
                                      body: Localized("「\(course)」의 수강 상태가 '\(from.name.ko)'에서 '\(to.name.ko)'(으)로 바뀌었습니다.\(why.ko)",
                                                      "Your place in “\(course)” changed from \(from.name.en.lowercased()) to \(to.name.en.lowercased()).\(why.en)"),
                                      link: SiteRoutes.home.url, now: now, on: db)
            }
            try await KPIRollup.refresh(cohorts: [enrollment.$cohort.id], on: db)
        }
        enrollment.state = to.rawValue
        if to == .dropped { enrollment.dropReason = reason }
        enrollment.stateChangedAt = now
        req.application.todayRoster.forget(personID: enrollment.$person.id)
        return enrollment
    }

    static let change = Action { req, values in try await transition(req, values: values) }

    /// A drop-out ends a person's training: the page asks once, saying the person is told with the reason.
    static let confirmDrop: Confirmation = { req, values in
        let reason = values["reason"] ?? ""
        guard values["to"] == EnrollmentState.dropped.rawValue, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
              reason.count <= ConfirmationQuestion.noteLimit
        else { return nil }   // without a reason, or with one too long, the form is refused beside its field first
        let enrollment = try req.loaded(Enrollment.self)
        let name = try await Person.find(enrollment.$person.id, on: req.db)?.name ?? ""
        return ConfirmationQuestion(
            title: Localized("중도 탈락 처리", "Record a drop-out"),
            consequence: Localized("\(name) 님을 중도 탈락으로 처리합니다. 훈련과 출결이 끝나고, 본인에게 사유와 함께 알림과 메일이 갑니다. 되돌릴 수 없습니다.",
                                   "\(name) will be recorded as dropped out: training and attendance end, and they are told in the app and by mail with the reason. This cannot be undone."),
            confirm: Localized("중도 탈락으로 처리", "Record the drop-out"), back: EnrollmentResource.path(enrollment),
            note: ("reason", Localized("사유 (본인에게 알립니다)", "Reason (they are told)")))
    }

    @Sendable static func history(_ req: Request) async throws -> [TransitionOutput] {
        let enrollment = try req.loaded(Enrollment.self)
        return try await EnrollmentTransition.query(on: req.db).filter(\.$enrollment.$id == enrollment.requireID())
            .sort(\.$at).sort(\.$id).all()
            .map { TransitionOutput(from: $0.fromState, to: $0.toState, reason: $0.reason, actorID: $0.actorID, at: $0.at) }
    }
}
