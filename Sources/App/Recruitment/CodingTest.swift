import Fluent
import Foundation
import IeumCore
import Vapor

struct CodingTestOutput: Content {
    struct Sample: Content { let input: String; let expected: String }
    struct Attempt: Content {
        let id: Int
        let state: SubmissionState
        let verdict: String?
        let points: Double?
        let submittedAt: Date
        let language: String
        /// The applicant's own code, so the page can give it back in the code box.
        let source: String
        enum CodingKeys: String, CodingKey { case id, state, verdict, points, language, source; case submittedAt = "submitted_at" }
    }
    struct Problem: Content {
        let id: Int
        let title: String
        let statement: String
        let languages: [String]
        let points: Double
        let samples: [Sample]
        let attempts: [Attempt]
    }

    let minutes: Int
    /// The last moment the test may be started, if the campus set a last day.
    let startBy: Date?
    let startedAt: Date?
    let endsAt: Date?
    let open: Bool
    /// 0–100 once the test stage is over (the best attempt per problem, weighted by its points).
    let score: Double?
    let problems: [Problem]
    enum CodingKeys: String, CodingKey {
        case minutes, open, score, problems
        case startBy = "start_by"
        case startedAt = "started_at"
        case endsAt = "ends_at"
    }
}

/// The timed selection test: an applicant in the test stage starts it when ready and has the recruitment's
/// minutes from then. Problems are the cohort's selection-test assignments, graded in the same sandbox and
/// queue as coursework; the score is the best attempt per problem, weighted by points, on 0–100.
enum CodingTest {
    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        let routes = RecruitmentRoutes.self, owner: [any Middleware] = [AdmissionGuard(ownerOnly: true)]
        pages.register(.GET, routes.test.template, guards: owner, use: page)
        pages.register(.POST, routes.startTest.template, guards: owner, action: starting,
                       next: { req, _ in RecruitmentRoutes.test(try req.loaded(Admission.self).requireID()) })
        // Time over, or not started (409): said beside the code box, and the code typed stays in it.
        pages.register(.POST, routes.answerTest.template, guards: owner, body: .collect(maxSize: "256kb"), action: answering,
                       next: { req, _ in RecruitmentRoutes.test(try req.loaded(Admission.self).requireID(), query: ["sent": "1"]) },
                       retry: { req, _, errors in
                           let shown = errors.map { $0.field == formRefusal ? FieldError(field: "source", message: $0.message) : $0 }
                           return try await again(req, try req.loaded(Admission.self), errors: shown, status: .unprocessableEntity)
                       }, shownRefusals: [.conflict])
        api.register(routes.testJSON, guards: owner, use: json)
        api.register(routes.startTestJSON, guards: owner, action: starting) { req, _ in
            req.storage[LoadedRecordKey<Admission>.self] = try await Admission.find(try req.loaded(Admission.self).requireID(), on: req.db)
            return try await output(req)
        }
        api.register(routes.answerTestJSON, guards: owner, body: .collect(maxSize: "256kb"), action: answering) { _, s in
            CodingTestOutput.Attempt(id: s.id!, state: s.state, verdict: s.verdict, points: s.points, submittedAt: s.submittedAt,
                                     language: s.language, source: s.source)
        }
    }

    static func endsAt(_ a: Admission, _ r: Recruitment) -> Date? { a.testStartedAt?.addingTimeInterval(Double(r.testMinutes) * 60) }

    static func isOpen(_ a: Admission, _ r: Recruitment, now: Date) -> Bool {
        a.status == .test && (endsAt(a, r).map { now < $0 } ?? false)
    }

    /// Best points per problem over the total points, as 0–100.
    static func score(personID: Int, problems: [Assignment], on db: any Database) async throws -> Double {
        let total = problems.reduce(0) { $0 + $1.points }
        guard total > 0 else { return 0 }
        let attempts = try await Submission.query(on: db).filter(\.$person.$id == personID)
            .filter(\.$assignment.$id ~~ problems.compactMap(\.id)).filter(\.$state == SubmissionState.graded).all()
        let best = Dictionary(grouping: attempts, by: \.$assignment.id).mapValues { $0.compactMap(\.points).max() ?? 0 }
        return (best.values.reduce(0, +) / total * 1000).rounded() / 10
    }

    /// Closing the test stage: nobody may still be within their time or waiting for a grade; then every
    /// applicant in it gets a score (0 for one who did not take it).
    static func close(_ admissions: [Admission], recruitment r: Recruitment, cohortID: Int, now: Date, on db: any Database) async throws {
        let problems = try await AssignmentsController.admissionTests(ofCohort: cohortID, on: db)
        let running = admissions.filter { isOpen($0, r, now: now) }.count
        if running > 0 {
            throw AppError.conflict(Localized("아직 시험 시간이 남은 지원자가 \(running)명 있습니다. 끝난 뒤에 넘기세요.",
                                              "\(running) applicant(s) are still within their test time; move on once they finish."))
        }
        let pending = try await Submission.query(on: db).filter(\.$assignment.$id ~~ problems.compactMap(\.id))
            .filter(\.$state ~~ [SubmissionState.queued, SubmissionState.grading]).count()
        if pending > 0 {
            throw AppError.conflict(Localized("채점을 기다리는 답안이 \(pending)개 있습니다. 잠시 뒤에 다시 하세요.",
                                              "\(pending) answer(s) are still waiting to be graded; try again shortly."))
        }
        for a in admissions {
            a.testScore = try await score(personID: a.personID, problems: problems, on: db)
            try await a.save(on: db)
        }
    }

    /// Scores always follow the graded attempts (a re-grade after a test fix moves them too): every applicant
    /// whose test is over and who has nothing waiting to be graded gets the score of their best attempts.
    static func refreshScores(_ admissions: [Admission], recruitment r: Recruitment, cohortID: Int, now: Date, on db: any Database) async throws {
        guard r.hasTest else { return }
        let over = admissions.filter { a in
            a.testStartedAt != nil && !(a.status == .test && isOpen(a, r, now: now)) && a.status != .withdrawn
        }
        guard !over.isEmpty else { return }
        let problems = try await AssignmentsController.admissionTests(ofCohort: cohortID, on: db)
        let waiting = Set(try await Submission.query(on: db).filter(\.$assignment.$id ~~ problems.compactMap(\.id))
            .filter(\.$state ~~ [SubmissionState.queued, SubmissionState.grading]).all().map(\.$person.id))
        for a in over where !waiting.contains(a.personID) {
            let score = try await score(personID: a.personID, problems: problems, on: db)
            if a.testScore != score {
                a.testScore = score
                try await a.save(on: db)
            }
        }
    }

    static func context(_ req: Request) async throws -> (Admission, Recruitment, [Assignment]) {
        let a = try req.loaded(Admission.self)
        guard let r = try await Recruitment.find(a.recruitmentID, on: req.db), r.hasTest else { throw AppError.notFound() }
        return (a, r, try await AssignmentsController.admissionTests(ofCohort: a.cohortID, on: req.db))
    }

    static func output(_ req: Request) async throws -> CodingTestOutput {
        let (a, r, problems) = try await context(req)
        let started = a.testStartedAt != nil
        let attempts = started ? try await Submission.query(on: req.db).filter(\.$person.$id == a.personID)
            .filter(\.$assignment.$id ~~ problems.compactMap(\.id)).sort(\.$submittedAt, .descending).all() : []
        var out: [CodingTestOutput.Problem] = []
        // The problems are shown only once the applicant has started: the clock measures the time with them.
        for p in started ? problems : [] {
            let samples = try await AssignmentsController.tests(of: p, on: req.db).filter(\.isSample)
            out.append(.init(id: p.id!, title: p.title, statement: p.statement, languages: p.languageList.map(\.id), points: p.points,
                             samples: samples.map { .init(input: $0.input, expected: $0.expected) },
                             attempts: attempts.filter { $0.$assignment.id == p.id }.map {
                                 .init(id: $0.id!, state: $0.state, verdict: $0.verdict, points: $0.points, submittedAt: $0.submittedAt,
                                       language: $0.language, source: $0.source)
                             }))
        }
        return CodingTestOutput(minutes: r.testMinutes, startBy: r.testDeadline, startedAt: a.testStartedAt, endsAt: endsAt(a, r), open: isOpen(a, r, now: req.now),
                                score: a.testScore, problems: out)
    }

    static func start(_ req: Request) async throws {
        let (a, r, problems) = try await context(req)
        guard a.status == .test else {
            throw AppError.conflict(Localized("코딩 테스트 단계가 아닙니다.", "This application is not at the coding-test stage."))
        }
        guard a.testStartedAt == nil else { return }
        if let last = r.testClosesOn, let by = r.testDeadline, req.now >= by {
            throw AppError.conflict(Localized("코딩 테스트는 \(last) 24:00까지 시작할 수 있었습니다. 사정이 있었다면 캠퍼스에 문의하세요.",
                                              "The coding test could be started until the end of \(last) (KST). If something kept you, ask the campus."))
        }
        guard !problems.isEmpty else {
            throw AppError.conflict(Localized("아직 시험 문제가 준비되지 않았습니다.", "The test's problems are not ready yet."))
        }
        // Only the first start counts, even when two tabs press the button at once.
        try await Admission.query(on: req.db).filter(\.$id == a.requireID()).filter(\.$testStartedAt == nil)
            .set(\.$testStartedAt, to: req.now).update()
    }

    /// An answer is a coursework submission: `Submissions.submit` reads it.
    static let submitBody = Submissions.body

    static func submit(_ req: Request, values: [String: String]) async throws -> Submission {
        let (a, r, problems) = try await context(req)
        guard let id = req.parameters.get("assignmentID", as: Int.self), let problem = problems.first(where: { $0.id == id }) else {
            throw AppError.notFound()
        }
        guard isOpen(a, r, now: req.now) else {
            throw AppError.conflict(a.testStartedAt == nil
                ? Localized("시험을 먼저 시작하세요.", "Start the test first.")
                : Localized("시험 시간이 끝났습니다. 더 낼 수 없습니다.", "Your test time is over; no more answers are taken."))
        }
        return try await Submissions.submit(values, assignment: problem, personID: a.personID, app: req.application,
                                            now: req.now, on: req.db)
    }

    // MARK: Handlers

    @Sendable static func json(_ req: Request) async throws -> CodingTestOutput { try await output(req) }

    static let starting = Action { req in try await start(req) }
    static let answering = Action { req, values in try await submit(req, values: values) }

    @Sendable static func page(_ req: Request) async throws -> Response {
        try await RecruitmentPages.codingTest(req, try await output(req), admission: try req.loaded(Admission.self), errors: [], values: [:])
    }

    static func again(_ req: Request, _ a: Admission, errors: [FieldError], status: HTTPResponseStatus) async throws -> Response {
        var values = try req.submittedValues()
        values["problem"] = req.parameters.get("assignmentID") ?? ""
        let page = try await RecruitmentPages.codingTest(req, try await output(req), admission: a, errors: errors, values: values)
        page.status = status
        return page
    }
}
