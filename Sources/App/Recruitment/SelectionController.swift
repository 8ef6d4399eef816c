import Fluent
import Foundation
import IeumCore
import Vapor

struct SelectionOutput: Content {
    struct Row: Content {
        let applicationID: Int
        let name: String
        let resident: Bool
        let testScore: Double
        let reviewScore: Double
        let composite: Double
        let rank: Int
        let outcome: String
        let explanation: String
        enum CodingKeys: String, CodingKey {
            case name, resident, composite, rank, outcome, explanation
            case applicationID = "application_id"
            case testScore = "test_score"
            case reviewScore = "review_score"
        }
    }

    let cohortID: Int
    let seats: Int
    let residentMinimum: Int
    let hasTest: Bool
    let applied: Bool
    let blockers: [String]
    let rows: [Row]
    enum CodingKeys: String, CodingKey {
        case seats, applied, blockers, rows
        case cohortID = "cohort_id"
        case residentMinimum = "resident_minimum"
        case hasTest = "has_test"
    }
}

/// `/cohorts/:id/selection`: the computed selection (a preview until staff apply it), overrides with written
/// reasons, and after it is applied, who holds a place, who waits, and enrolling those who confirmed.
enum SelectionController {
    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        let routes = RecruitmentRoutes.self
        let read = RecruitmentController.staffOfCohort(.read), write = RecruitmentController.staffOfCohort(.write)
        pages.register(.GET, routes.selection.template, guards: read, use: page)
        // Without "apply" the page shows the outcome the overrides would give, to look at before applying.
        pages.register(.POST, routes.selection.template, guards: write, action: selecting,
                       show: { req, run in
                           if run.applied { return req.redirect(to: RecruitmentRoutes.selection(run.context.cohort.id!, query: ["applied": "1"]), redirectType: .normal) }
                           return RecruitmentPages.selection(req, cohort: run.context.cohort, output: run.output, values: run.values, errors: [])
                       },
                       retry: { req, values, errors in
                           let c = try await context(req)
                           let (input, decisions) = compute(c, overrides: [])
                           return RecruitmentPages.selection(req, cohort: c.cohort, output: output(c, input: input, decisions: decisions, lang: req.lang),
                                                             values: values, errors: errors)
                       })
        pages.register(.POST, routes.enroll.template, guards: write, action: enrolling, next: { req, enrolled in
            RecruitmentRoutes.selection(try req.loaded(Cohort.self).requireID(), query: ["enrolled": "\(enrolled.count)"])
        })
        pages.register(.POST, routes.closeWaitlistPage.template, guards: write, action: closingWaitlist,
                       next: { req, _ in RecruitmentRoutes.selection(try req.loaded(Cohort.self).requireID()) })
        api.register(routes.selectionJSON, guards: read, use: json)
        api.register(routes.runSelection, guards: write, action: selecting) { _, run in run.output }
        api.register(routes.enrollSelected, guards: write, action: enrolling)
        api.register(routes.closeWaitlist, guards: write, action: closingWaitlist)
    }

    struct Context {
        let recruitment: Recruitment
        let cohort: Cohort
        let campusRegion: String
        let admissions: [Admission]
        let reviews: [Int: [AdmissionReview]]
        let names: [Int: String]
        let seatsTaken: Int

        /// The selection has been applied (it runs once).
        var applied: Bool { admissions.contains { $0.status.isPastSelection } }
    }

    static func context(_ req: Request) async throws -> Context {
        let cohort = try req.loaded(Cohort.self)
        guard let r = try await Recruitment.query(on: req.db).filter(\.$cohortID == cohort.requireID()).first() else {
            throw AppError.conflict(Localized("이 기수에는 모집 설정이 없습니다.", "This cohort has no recruitment."))
        }
        try await SelectionService.lapseOverdue(now: req.now, recruitmentID: try r.requireID(), on: req.db)
        let campus = try await Campus.find(cohort.$campus.id, on: req.db)
        let all = try await RecruitmentController.admissions(try cohort.requireID(), on: req.db)
        try await CodingTest.refreshScores(all, recruitment: r, cohortID: try cohort.requireID(), now: req.now, on: req.db)
        let names = try await Person.query(on: req.db).filter(\.$id ~~ all.map(\.personID)).all()
        req.listed(all.map(\.personID), purpose: "selection")
        // Seats already held by people who did not come through this recruitment (e.g. imported) are not offered.
        let fromElsewhere = try await Enrollment.query(on: req.db).filter(\.$cohort.$id == cohort.requireID())
            .filter(\.$state ~~ [EnrollmentState.selected.rawValue, EnrollmentState.enrolled.rawValue]).all()
            .filter { e in !all.contains { $0.enrollmentID == e.id } }.count
        return Context(recruitment: r, cohort: cohort, campusRegion: campus?.region ?? "", admissions: all,
                       reviews: try await RecruitmentController.reviews(of: all, on: req.db),
                       names: Dictionary(uniqueKeysWithValues: names.map { ($0.id!, $0.name) }), seatsTaken: fromElsewhere)
    }

    /// `apply`, and for any application in review `override_<id>` (select, exclude or none) with `reason_<id>`
    /// (5 to 300 characters): keys named by id, so the others' schema covers both.
    static let runBody = Body([.flag("apply")], others: .text(maxLength: 300))

    /// Overrides from `override_<id>` = select | exclude with `reason_<id>`; a missing reason is an error beside it.
    static func overrides(_ values: [String: String], candidates: [Int]) throws(ValidationFailure) -> [SelectionOverride] {
        var reader = FieldReader(values)
        var out: [SelectionOverride] = []
        for id in candidates {
            let raw = reader.raw("override_\(id)")
            guard !raw.isEmpty, raw != "none" else { continue }
            guard let kind = SelectionOverride.Kind(rawValue: raw) else {
                reader.fail("override_\(id)", "선발 또는 제외 중에서 고르세요.", "Choose select or exclude.")
                continue
            }
            let reason = reader.raw("reason_\(id)")
            if reason.count < 5 || reason.count > 300 {
                reader.fail("reason_\(id)", "결정 사유를 5~300자로 적으세요. 지원자에게도 보입니다.", "Give the reason in 5 to 300 characters; the applicant sees it too.")
                continue
            }
            out.append(SelectionOverride(candidateID: id, kind: kind, reason: reason))
        }
        try reader.finish()
        return out
    }

    static func compute(_ c: Context, overrides: [SelectionOverride]) -> (SelectionService.Input, [SelectionDecision]) {
        let inReview = c.admissions.filter { $0.status == .review }
        let input = SelectionService.input(inReview, recruitment: c.recruitment, cohort: c.cohort, campusRegion: c.campusRegion,
                                           reviews: c.reviews, seatsTaken: c.seatsTaken)
        return (input, Selection.select(input.candidates.map(\.candidate), policy: input.policy, overrides: overrides))
    }

    static func output(_ c: Context, input: SelectionService.Input?, decisions: [SelectionDecision]?, lang: Lang) -> SelectionOutput {
        let applied = c.applied
        let byID = Dictionary(uniqueKeysWithValues: c.admissions.map { ($0.id!, $0) })
        var rows: [SelectionOutput.Row] = []
        if let decisions, let input, !applied {
            let scores = Dictionary(uniqueKeysWithValues: input.candidates.map { ($0.id, $0) })
            rows = decisions.map { d in
                let a = byID[d.candidateID]!
                return .init(applicationID: d.candidateID, name: c.names[a.personID] ?? "", resident: a.residence == c.campusRegion,
                             testScore: scores[d.candidateID]!.testScore, reviewScore: scores[d.candidateID]!.reviewScore,
                             composite: (d.composite * 10).rounded() / 10, rank: d.rank,
                             outcome: d.isSelected ? "selected" : { if case .excludedByOverride = d.outcome { return "not_selected" }; return "waitlisted" }(),
                             explanation: d.explanation(groupNames: SelectionService.groupNames(c.recruitment)).in(lang))
            }
        } else {
            rows = c.admissions.filter { $0.rank != nil }.sorted { ($0.rank!, $0.id!) < ($1.rank!, $1.id!) }.map { a in
                .init(applicationID: a.id!, name: c.names[a.personID] ?? "", resident: a.residence == c.campusRegion, testScore: a.testScore ?? 0,
                      reviewScore: a.reviewScore ?? 0, composite: a.composite ?? 0, rank: a.rank!, outcome: a.state,
                      explanation: a.explanation?.in(lang) ?? "")
            }
        }
        let seats = input?.policy.seats ?? max(0, c.cohort.capacity - c.seatsTaken)
        let minimum = c.recruitment.residentShare > 0 ? SelectionPolicy.minimum(share: Double(c.recruitment.residentShare) / 100, of: seats) : 0
        let blockers = applied ? [] : SelectionService.blockers(c.admissions.filter { $0.status == .review }, recruitment: c.recruitment, reviews: c.reviews)
        return SelectionOutput(cohortID: c.cohort.id!, seats: seats, residentMinimum: minimum, hasTest: c.recruitment.hasTest, applied: applied,
                               blockers: blockers.map { $0.in(lang) }, rows: rows)
    }

    /// Computes with the overrides and, when `apply`, stores the run and moves everyone (one transaction).
    static func run(_ req: Request, apply: Bool) async throws -> (Context, SelectionOutput) {
        let c = try await context(req)
        if c.applied {
            throw AppError.conflict(Localized("이미 선발을 확정했습니다. 빈자리는 대기자에서 자동으로 채워집니다.",
                                              "The selection was already applied; freed seats are filled from the waitlist automatically."))
        }
        let ids = c.admissions.filter { $0.status == .review }.map { $0.id! }
        let overrides = try overrides(try req.submittedValues(), candidates: ids)
        let (input, decisions) = compute(c, overrides: overrides)
        if apply {
            let blockers = SelectionService.blockers(c.admissions.filter { $0.status == .review }, recruitment: c.recruitment, reviews: c.reviews)
            if let first = blockers.first { throw AppError.conflict(first) }
            let actor = try req.principal.personID
            let now = req.now
            let admissions = c.admissions
            try await req.db.writeTransaction { db in
                try await SelectionService.apply(input, decisions: decisions, overrides: overrides, recruitment: c.recruitment,
                                                 admissions: admissions, actor: actor, now: now, on: db)
                for o in overrides {
                    try await AccessLog.record(req, actor: actor, subject: admissions.first { $0.id == o.candidateID }?.personID,
                                               action: "selection_override", detail: "\(o.kind.rawValue): \(o.reason)", on: db)
                }
            }
            return (c, output(try await context(req), input: nil, decisions: nil, lang: req.lang))
        }
        return (c, output(c, input: input, decisions: decisions, lang: req.lang))
    }

    /// Enrolls everyone who confirmed their place.
    static func enroll(_ req: Request) async throws -> Int {
        let cohort = try req.loaded(Cohort.self)
        let confirmed = try await Admission.query(on: req.db).filter(\.$cohortID == cohort.requireID())
            .filter(\.$state == AdmissionState.confirmed.rawValue).all()
        guard !confirmed.isEmpty else { return 0 }
        let actor = try req.principal.personID
        let now = req.now
        try await req.db.writeTransaction { db in
            for a in confirmed {
                if let person = try await Person.find(a.personID, on: db) {
                    // The person's record takes the facts they gave, so nobody types them again.
                    person.birthDate = person.birthDate ?? a.birthDate
                    person.residenceRegion = person.residenceRegion ?? a.residence
                    try await person.save(on: db)
                }
                try await Admissions.enroll(a, cohort: cohort, actor: actor, now: now, on: db)
            }
            try await KPIRollup.refresh(cohorts: [try cohort.requireID()], on: db)
        }
        try await req.authChanged(of: confirmed.map(\.personID))
        return confirmed.count
    }

    /// When the cohort has started or the seats are settled: everyone still waiting is told they were not selected.
    static func closeWaitlist(_ req: Request) async throws -> Int {
        let cohort = try req.loaded(Cohort.self)
        let waiting = try await Admission.query(on: req.db).filter(\.$cohortID == cohort.requireID())
            .filter(\.$state == AdmissionState.waitlisted.rawValue).all()
        let actor = try req.principal.personID
        let now = req.now
        try await req.db.writeTransaction { db in
            for a in waiting { try await Admissions.move(a, to: .notSelected, actor: actor, note: "대기자 모집 종료", now: now, on: db) }
        }
        return waiting.count
    }

    // MARK: Handlers

    @Sendable static func page(_ req: Request) async throws -> Response {
        let c = try await context(req)
        let applied = c.applied
        let (input, decisions) = compute(c, overrides: [])
        let out = applied ? output(c, input: nil, decisions: nil, lang: req.lang) : output(c, input: input, decisions: decisions, lang: req.lang)
        return RecruitmentPages.selection(req, cohort: c.cohort, output: out, values: [:], errors: [])
    }

    /// A selection computed (and, with `apply`, made final), with the values it was computed from for the page.
    struct Run: Sendable {
        let context: Context
        let output: SelectionOutput
        let applied: Bool
        let values: [String: String]
    }

    /// The API's `apply: true` or the page's apply button makes it final; otherwise it is a preview.
    static let selecting = Action { req, values -> Run in
        let apply = values["action"] == "apply" || ["true", "1"].contains(values["apply"]?.lowercased() ?? "")
        let (c, out) = try await run(req, apply: apply)
        return Run(context: c, output: out, applied: apply, values: values)
    }

    @Sendable static func json(_ req: Request) async throws -> SelectionOutput {
        let c = try await context(req)
        let (input, decisions) = compute(c, overrides: [])
        return c.applied
            ? output(c, input: nil, decisions: nil, lang: req.lang) : output(c, input: input, decisions: decisions, lang: req.lang)
    }

    static let enrolling = Action { req in RecruitmentController.Count(count: try await enroll(req)) }
    static let closingWaitlist = Action { req in RecruitmentController.Count(count: try await closeWaitlist(req)) }
}
