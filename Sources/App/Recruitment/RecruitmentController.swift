import Fluent
import Foundation
import IeumCore
import Vapor

struct FunnelOutput: Content {
    let applied: Int
    let eligible: Int
    let tested: Int
    let reviewed: Int
    let selected: Int
    let enrolled: Int
    let byRegion: [String: Int]
    enum CodingKeys: String, CodingKey { case applied, eligible, tested, reviewed, selected, enrolled; case byRegion = "by_region" }
}

struct AdmissionRow: Content {
    let id: Int
    let name: String
    let state: String
    let resident: Bool
    let testScore: Double?
    let testStarted: Bool
    let reviewScore: Double?
    let reviewsDone: Int
    /// Reviewers assigned, done or not.
    let assigned: Int
    let reviewSpread: Double
    let rank: Int?
    let explanation: String?
    enum CodingKeys: String, CodingKey {
        case id, name, state, resident, rank, explanation
        case testScore = "test_score"
        case testStarted = "test_started"
        case reviewScore = "review_score"
        case reviewsDone = "reviews_done"
        case assigned = "reviewers_assigned"
        case reviewSpread = "review_spread"
    }
}

struct AdmissionsOutput: Content {
    let cohortID: Int
    let funnel: FunnelOutput
    let applications: [AdmissionRow]
    enum CodingKeys: String, CodingKey { case funnel, applications; case cohortID = "cohort_id" }
}

/// Staff side of a cohort's recruitment: settings and publication, the applications with their funnel, moving
/// them through screening, the test and review, and assigning reviewers.
enum RecruitmentController {
    /// `/cohorts/:id/<path>` for the cohort's admins and campus staff (and program managers), loading the cohort.
    /// The campus's staff, holding the cohort of the path (`:id`) for reading or changing.
    static func staffOfCohort(_ mode: RecordGuard<CohortResource>.Mode) -> [any Middleware] {
        [RequireRole(Roles.campusManagers), RecordGuard<CohortResource>(mode: mode)]
    }

    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        let routes = RecruitmentRoutes.self
        let read = staffOfCohort(.read), write = staffOfCohort(.write)
        let staffWrite: [any Middleware] = [AdmissionGuard(ownerOnly: false, staffWrite: true)]
        pages.register(.GET, routes.settings.template, guards: read, use: settingsPage)
        let backToSettings: @Sendable (Request, Recruitment) async throws -> String = { req, _ in
            RecruitmentRoutes.settings(try req.loaded(Cohort.self).requireID())
        }
        pages.register(.POST, routes.settings.template, guards: write, action: change,
                       next: { req, _ in RecruitmentRoutes.settings(try req.loaded(Cohort.self).requireID(), query: ["saved": "1"]) },
                       retry: { req, values, errors in
                           let (r, isNew) = try await current(req)
                           let cohort = try req.loaded(Cohort.self)
                           return RecruitmentPages.settings(req, cohort: cohort, recruitment: r, isNew: isNew, values: values, errors: errors,
                                                            problems: try await AssignmentsController.admissionTests(ofCohort: cohort.requireID(), on: req.db))
                       })
        pages.register(.POST, routes.publish.template, guards: write, action: publication, next: backToSettings)
        pages.register(.GET, routes.cohortAdmissions.template, guards: read, use: listPage)
        pages.register(.POST, routes.advance.template, guards: write, action: advancing, next: { req, moved in
            RecruitmentRoutes.cohortAdmissions(try req.loaded(Cohort.self).requireID(), query: ["moved": "\(moved.count)"])
        })
        pages.register(.POST, routes.reviewers.template, guards: write, action: assigning,
                       next: { req, assigned in
                           RecruitmentRoutes.cohortAdmissions(try req.loaded(Cohort.self).requireID(), query: ["assigned": "\(assigned.count)"])
                       },
                       retry: { req, _, errors in
                           let cohort = try req.loaded(Cohort.self)
                           let r = try await Recruitment.query(on: req.db).filter(\.$cohortID == cohort.requireID()).first()
                           return try await RecruitmentPages.admissions(req, cohort: cohort, recruitment: r, output: try await output(req),
                                                                        reviewers: try await reviewerChoices(cohort, lang: req.lang, on: req.db), errors: errors)
                       })
        pages.register(.POST, routes.state.template, guards: staffWrite, action: stateChange, next: { _, a in RecruitmentRoutes.admission(a.id!) })

        api.register(routes.settingsJSON, guards: read, use: settingsJSON)
        api.register(routes.saveSettings, guards: write, action: change) { req, r in RecruitmentOutput(r, lang: req.lang) }
        api.register(routes.publishJSON, guards: write, action: publication) { req, r in RecruitmentOutput(r, lang: req.lang) }
        api.register(routes.cohortAdmissionsJSON, guards: read, use: listJSON)
        api.register(routes.advanceJSON, guards: write, action: advancing)
        api.register(routes.assignReviewersJSON, guards: write, action: assigning)
        api.register(routes.stateJSON, guards: staffWrite, action: stateChange) { req, a in try await AdmissionController.output(a, on: req) }
    }

    static func current(_ req: Request) async throws -> (Recruitment, isNew: Bool) {
        let cohort = try req.loaded(Cohort.self)
        if let r = try await Recruitment.query(on: req.db).filter(\.$cohortID == cohort.requireID()).first() { return (r, false) }
        let campus = try await Campus.find(cohort.$campus.id, on: req.db)
        return (RecruitmentSettings.defaults(for: cohort, campusRegion: campus.flatMap { Region(rawValue: $0.region) },
                                             actor: try req.principal.personID, now: req.now), true)
    }

    static func save(_ req: Request) async throws -> Recruitment {
        let (r, _) = try await current(req)
        try RecruitmentSettings.apply(try req.submittedValues(), to: r, cohort: try req.loaded(Cohort.self), actor: try req.principal.personID, now: req.now)
        try await r.save(on: req.db)
        return r
    }

    static let publishBody = Body([.field("published", .boolean, required: false, "true (when left out) publishes; false withdraws")])

    static func publish(_ req: Request, _ on: Bool) async throws -> Recruitment {
        let (r, isNew) = try await current(req)
        if isNew { try await r.save(on: req.db) }
        r.publishedAt = on ? (r.publishedAt ?? req.now) : nil
        try await r.save(on: req.db)
        return r
    }

    static func admissions(_ cohortID: Int, on db: any Database) async throws -> [Admission] {
        try await Admission.query(on: db).filter(\.$cohortID == cohortID).filter(\.$state != AdmissionState.draft.rawValue).sort(\.$id).all()
    }

    static func reviews(of admissions: [Admission], on db: any Database) async throws -> [Int: [AdmissionReview]] {
        guard !admissions.isEmpty else { return [:] }
        let all = try await AdmissionReview.query(on: db).filter(\.$admissionID ~~ admissions.compactMap(\.id)).all()
        return Dictionary(grouping: all, by: \.admissionID)
    }

    /// Applied counts every sent application (withdrawn ones too); reviewed, those with all their reviews done
    /// or past the review stage.
    static func funnel(_ admissions: [Admission], reviews: [Int: [AdmissionReview]], needed: Int) -> FunnelOutput {
        let sent = admissions.filter { $0.submittedAt != nil }
        let eligible = sent.filter { $0.failures.isEmpty }
        return FunnelOutput(
            applied: sent.count, eligible: eligible.count, tested: sent.filter { $0.testStartedAt != nil }.count,
            reviewed: sent.filter { a in
                a.status.isPastSelection || (a.status == .review && (reviews[a.id!] ?? []).filter { $0.total != nil }.count >= needed)
            }.count,
            selected: sent.filter(\.status.wasSelected).count,
            enrolled: sent.filter { $0.status == .enrolled }.count,
            byRegion: Dictionary(grouping: sent, by: { $0.residence ?? "unknown" }).mapValues(\.count))
    }

    static func output(_ req: Request) async throws -> AdmissionsOutput {
        let cohort = try req.loaded(Cohort.self)
        let campus = try await Campus.find(cohort.$campus.id, on: req.db)
        let list = try await admissions(try cohort.requireID(), on: req.db)
        if let r = try await Recruitment.query(on: req.db).filter(\.$cohortID == cohort.requireID()).first() {
            try await CodingTest.refreshScores(list, recruitment: r, cohortID: try cohort.requireID(), now: req.now, on: req.db)
        }
        let reviews = try await reviews(of: list, on: req.db)
        let names = try await Person.query(on: req.db).filter(\.$id ~~ list.map(\.personID)).all()
        req.listed(list.map(\.personID), purpose: "applications")
        let nameOf = Dictionary(uniqueKeysWithValues: names.map { ($0.id!, $0.name) })
        let rows = list.map { a -> AdmissionRow in
            let totals = (reviews[a.id!] ?? []).compactMap(\.total)
            return AdmissionRow(
                id: a.id!, name: nameOf[a.personID] ?? "", state: a.state, resident: a.residence == campus?.region, testScore: a.testScore, testStarted: a.testStartedAt != nil,
                reviewScore: Rubric.mean(totals),
                reviewsDone: totals.count, assigned: reviews[a.id!]?.count ?? 0, reviewSpread: Rubric.spread(totals), rank: a.rank, explanation: a.explanation?.in(req.lang))
        }
        let needed = try await Recruitment.query(on: req.db).filter(\.$cohortID == cohort.requireID()).first()?.reviewsPerApplication ?? 1
        return AdmissionsOutput(cohortID: try cohort.requireID(), funnel: funnel(list, reviews: reviews, needed: needed), applications: rows)
    }

    /// Only these stages move on in bulk.
    static let advanceBody = Body([.choice("from", [AdmissionState.submitted, .screening, .test].map(\.rawValue))])

    /// Moves every application of one stage to the next (screening, the test, review).
    static func advance(_ req: Request) async throws -> Int {
        let cohort = try req.loaded(Cohort.self)
        var reader = try req.reader()
        let from = reader.choice("from", AdmissionState.self)
        try reader.finish()
        guard let r = try await Recruitment.query(on: req.db).filter(\.$cohortID == cohort.requireID()).first() else {
            throw AppError.conflict(Localized("모집 설정이 없습니다.", "This cohort has no recruitment."))
        }
        let to: AdmissionState
        switch from! {
        case .submitted: to = .screening
        case .screening: to = r.hasTest ? .test : .review
        case .test: to = .review
        default:
            throw ValidationFailure([FieldError(field: "from", message: Localized("접수, 서류 검토, 코딩 테스트 단계만 다음으로 넘길 수 있습니다.",
                                                                                 "Only submitted, screening and test stages move on in bulk."))])
        }
        let moving = try await Admission.query(on: req.db).filter(\.$cohortID == cohort.requireID()).filter(\.$state == from!.rawValue).all()
        if to == .test, try await AssignmentsController.admissionTests(ofCohort: cohort.requireID(), on: req.db).isEmpty {
            throw AppError.conflict(Localized("코딩 테스트 문제가 없습니다. 모집 설정에서 문제를 먼저 만드세요.",
                                              "There are no coding-test problems; add them from the recruitment settings first."))
        }
        let actor = try req.principal.personID
        let now = req.now
        let cohortID = try cohort.requireID()
        try await req.db.writeTransaction { db in
            if from == .test { try await CodingTest.close(moving, recruitment: r, cohortID: cohortID, now: now, on: db) }
            for a in moving { try await Admissions.move(a, to: to, actor: actor, now: now, on: db) }
        }
        return moving.count
    }

    /// The academy's mentors, admins and staff, named with their role.
    static func reviewerChoices(_ cohort: Cohort, lang: Lang, on db: any Database) async throws -> [(Int, String)] {
        let grants = try await RoleGrant.query(on: db).filter(\.$revokedAt == nil)
            .filter(\.$role ~~ [Role.mentor.rawValue, Role.operatorAdmin.rawValue, Role.campusStaff.rawValue])
            .filter(\.$operatorID == cohort.operatorID).all()
        let roles = Dictionary(grouping: grants, by: { $0.$person.id }).mapValues { g in
            Set(g.compactMap { Role(rawValue: $0.role)?.name.in(lang) }).sorted().joined(separator: ", ")
        }
        let people = try await Person.query(on: db).filter(\.$id ~~ Set(grants.map(\.$person.id))).sort(\.$name).all()
        return people.map { ($0.id!, "\($0.name) (\(roles[$0.id!] ?? ""))") }
    }

    static let reviewersBody = Body([.field("reviewers", .oneOf([.text(minLength: 1, maxLength: 1000), .array(.id)]),
                                            "the reviewers' person ids, as \"1,2,3\" or [1, 2, 3]: the academy's mentors, admins and staff")])

    /// Gives each application in review the configured number of distinct reviewers from those chosen.
    static func assign(_ req: Request) async throws -> Int {
        let cohort = try req.loaded(Cohort.self)
        let values = try req.submittedValues()
        let allowed = try await reviewerChoices(cohort, lang: req.lang, on: req.db).map { String($0.0) }
        let chosen = FormChoices.chosen(values, "reviewers", options: allowed).compactMap(Int.init)
        guard let r = try await Recruitment.query(on: req.db).filter(\.$cohortID == cohort.requireID()).first() else {
            throw AppError.conflict(Localized("모집 설정이 없습니다.", "This cohort has no recruitment."))
        }
        if chosen.count < r.reviewsPerApplication {
            throw ValidationFailure([FieldError(field: "reviewers", message: Localized(
                "지원서마다 서로 다른 심사위원 \(r.reviewsPerApplication)명이 필요합니다. \(r.reviewsPerApplication)명 이상 고르세요.",
                "Each application needs \(r.reviewsPerApplication) different reviewers; choose at least \(r.reviewsPerApplication)."))])
        }
        let inReview = try await Admission.query(on: req.db).filter(\.$cohortID == cohort.requireID())
            .filter(\.$state == AdmissionState.review.rawValue).all()
        let existing = try await reviews(of: inReview, on: req.db).mapValues { Set($0.map(\.reviewerID)) }
        let pairs = ReviewAssignment.assign(applications: inReview.map { $0.id! }, reviewers: chosen, existing: existing,
                                            perApplication: r.reviewsPerApplication)
        let actor = try req.principal.personID
        let now = req.now
        let recruitmentID = try r.requireID()
        try await req.db.writeTransaction { db in
            for (app, reviewer) in pairs {
                let review = AdmissionReview()
                review.admissionID = app
                review.recruitmentID = recruitmentID
                review.reviewerID = reviewer
                review.assignedBy = actor
                review.assignedAt = now
                review.scoresJSON = "{}"
                review.comment = ""
                try await review.create(on: db)
            }
        }
        return pairs.count
    }

    static let stateBody = Body([
        .choice("to", [AdmissionState.screening, .test, .review, .notSelected].map(\.rawValue)),
        .text("note", max: 500, required: false, "the reason, at least 5 characters, when to is not_selected"),
    ])

    /// One application's state changed by staff (e.g. not selected at screening), with a note.
    static func changeState(_ req: Request) async throws -> Admission {
        let a = try req.loaded(Admission.self)
        var reader = try req.reader()
        let to = reader.choice("to", AdmissionState.self)
        let note = reader.text("note", required: false, max: 500)
        if to == .notSelected && (note ?? "").count < 5 {
            reader.fail("note", "불합격 사유를 5자 이상 적으세요.", "Give the reason in at least 5 characters.")
        }
        try reader.finish()
        guard [.screening, .test, .review, .notSelected].contains(to!) else {
            throw ValidationFailure([FieldError(field: "to", message: Localized("여기서는 검토·테스트·심사·불합격으로만 바꿀 수 있습니다.",
                                                                               "Here an application can only move to screening, test, review or not selected."))])
        }
        let actor = try req.principal.personID
        let now = req.now
        try await req.db.writeTransaction { db in try await Admissions.move(a, to: to!, actor: actor, note: note, now: now, on: db) }
        return a
    }

    // MARK: Handlers

    @Sendable static func settingsPage(_ req: Request) async throws -> Response {
        let (r, isNew) = try await current(req)
        let cohort = try req.loaded(Cohort.self)
        return RecruitmentPages.settings(req, cohort: cohort, recruitment: r, isNew: isNew, values: RecruitmentSettings.values(r), errors: [],
                                         problems: try await AssignmentsController.admissionTests(ofCohort: cohort.requireID(), on: req.db))
    }

    static let change = Action { req in try await save(req) }

    /// `published` (the API) or `publish` (the page's buttons): "false" or "0" withdraws the call, anything else publishes it.
    static let publication = Action { req, values in
        let raw = (values["published"] ?? values["publish"])?.lowercased() ?? "true"
        return try await publish(req, raw != "false" && raw != "0")
    }

    @Sendable static func settingsJSON(_ req: Request) async throws -> RecruitmentOutput {
        RecruitmentOutput(try await current(req).0, lang: req.lang)
    }

    @Sendable static func listPage(_ req: Request) async throws -> Response {
        let cohort = try req.loaded(Cohort.self)
        let r = try await Recruitment.query(on: req.db).filter(\.$cohortID == cohort.requireID()).first()
        return try await RecruitmentPages.admissions(req, cohort: cohort, recruitment: r, output: try await output(req),
                                                     reviewers: try await reviewerChoices(cohort, lang: req.lang, on: req.db), errors: [])
    }

    @Sendable static func listJSON(_ req: Request) async throws -> AdmissionsOutput { try await output(req) }

    struct Count: Content { let count: Int }

    static let advancing = Action { req in Count(count: try await advance(req)) }
    static let assigning = Action { req in Count(count: try await assign(req)) }
    static let stateChange = Action { req in try await changeState(req) }
}
