import Fluent
import Foundation
import IeumCore
import Vapor

/// Handing in code and reading the result: the trainee's form and attempts on the assignment page, and the
/// submission page, which follows grading by itself (a small script polls `status`; without it the page
/// refreshes itself and has a refresh link).
enum SubmissionPages {
    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        let routes = AssignmentRoutes.self
        let read: [any Middleware] = [SubmissionGuard(mode: .read)], reviewer: [any Middleware] = [SubmissionGuard(mode: .review)]
        pages.register(.GET, routes.submission.template, guards: read, use: show)
        api.register(routes.submissionJSON, guards: read, use: showJSON)
        pages.register(.GET, routes.diff.template, guards: read, use: ReviewPages.diff)
        pages.register(.GET, routes.submissionStatus.template, guards: [SubmissionGuard(mode: .follow)], use: status)
        let again: Retry = { req, values, errors in try await ReviewPages.render(req, errors: errors, values: values) }
        let submissionPage: @Sendable (Request) throws -> String = { req in AssignmentRoutes.submission(try req.loaded(Submission.self).requireID()) }
        pages.register(.POST, routes.comments.template, guards: reviewer, action: ReviewPages.commenting,
                       next: { req, c in try submissionPage(req) + "#L\(c.line)" }, retry: again)
        // A comment and a review are read in their submission's thread.
        let thread: @Sendable (Request, Any) throws -> String = { req, _ in routes.thread.template.filled([String(try req.loaded(Submission.self).requireID())]) }
        api.register(routes.comment, guards: reviewer, action: ReviewPages.commenting, location: thread) { _, c in ReviewPages.CommentOutput(c) }
        api.register(routes.thread, guards: read, use: ReviewPages.threadJSON)
        pages.register(.POST, routes.review.template, guards: reviewer, action: ReviewPages.reviewing,
                       next: { req, _ in try submissionPage(req) }, retry: again)
        api.register(routes.reviewJSON, guards: reviewer, action: ReviewPages.reviewing, location: thread) { _, r in
            ReviewPages.ReviewOutput(id: try r.requireID(), score: r.score, feedback: r.feedback)
        }
    }

    static let handingIn = Action { req, values in
        try await Submissions.submit(values, assignment: try req.loaded(Assignment.self), personID: try req.principal.personID,
                                     app: req.application, now: req.now, on: req.db)
    }

    @Sendable static func showJSON(_ req: Request) async throws -> SubmissionOutput {
        let s = try req.loaded(Submission.self)
        return SubmissionOutput(s, counted: try await MentorScores.counted([s], on: req.db)[s.id ?? 0])
    }

    /// What the page script needs to follow grading: whether it is done, and the badge and score to show.
    struct Status: Content {
        let done: Bool
        let state: SubmissionState
        let label: String
        let kind: String
        let pointsText: String?
        enum CodingKeys: String, CodingKey { case done, state, label, kind; case pointsText = "points_text" }
    }

    @Sendable static func status(_ req: Request) async throws -> Status {
        let s = try req.loaded(Submission.self)
        let lang = req.lang
        if Submissions.isPending(s) {
            return Status(done: false, state: s.state, label: s.state.name.in(lang), kind: "info", pointsText: nil)
        }
        let verdict = s.verdictValue
        return Status(done: true, state: s.state, label: verdict?.name.in(lang) ?? "—", kind: verdict?.isAccepted == true ? "ok" : "bad",
                      pointsText: s.points.map(AssignmentPages.points))
    }

    static func verdictBadge(_ s: Submission, _ lang: Lang) -> HTML {
        if Submissions.isPending(s) {
            return Components.badge(s.state.name.in(lang), "info")
        }
        guard let verdict = s.verdictValue else { return "—" }
        return Components.badge(verdict.name.in(lang), verdict.isAccepted ? "ok" : "bad")
    }

    /// The badge, following grading by itself (the page script) while it is still queued or running.
    static func followedBadge(_ s: Submission, _ lang: Lang) -> HTML {
        guard Submissions.isPending(s) else { return verdictBadge(s, lang) }
        return "<span data-follow=\"\(AssignmentRoutes.submissionStatus(s.id ?? 0))\" data-follow-points=\"points-\(s.id ?? 0)\">\(verdictBadge(s, lang))</span>"
    }

    static func traineeSection(_ req: Request, assignment a: Assignment, values: [String: String], errors: [FieldError]) async throws -> HTML {
        let lang = req.lang
        let attempts = try await Submission.query(on: req.db).filter(\.$assignment.$id == a.requireID())
            .filter(\.$person.$id == req.principal.personID).sort(\.$attempt, .descending).all()
        let counted = try await MentorScores.counted(attempts, on: req.db)
        let rows = attempts.map { s -> [HTML] in
            let late: HTML = s.lateDays > 0 ? " (\(lang.pick("\(s.lateDays)일 늦음", "\(s.lateDays) d late")))" : .empty
            let shown: HTML = counted[s.id ?? 0].map { $0.points == nil ? "—" : "\($0.label(lang))\(late)" } ?? "—"
            let score: HTML = "<span id=\"points-\(s.id ?? 0)\">\(shown)</span>"
            return [Components.link(AssignmentRoutes.submission(s.id ?? 0), "#\(s.attempt)"), "\(KoreanFormats.dateTime(s.submittedAt))",
                    "\(Language.named(s.language)?.name ?? s.language)", followedBadge(s, lang), score]
        }
        var formValues = values
        if formValues["source"] == nil, let latest = attempts.first { formValues["source"] = latest.source; formValues["language"] = latest.language }
        if formValues["source"] == nil { formValues["source"] = a.starterCode ?? "" }
        if formValues["language"] == nil { formValues["language"] = a.languageList.first?.id ?? "" }
        let open = a.policy.accepts(submittedAt: req.now, deadline: a.deadline)
        let form: HTML = open ? Components.form(req, action: AssignmentRoutes.submit(a.id ?? 0), fields: [
            FieldSpec(name: "language", label: Localized("언어", "Language"), kind: .select(a.languageList.map { .init(value: $0.id, label: $0.name) })),
            FieldSpec(name: "source", label: Localized("코드", "Code"), kind: .textarea),
        ], values: formValues, errors: errors, submit: Localized("제출", "Submit")) :
            "<p class=\"alert error\">\(lang.pick("마감이 지나 더 이상 제출할 수 없습니다.", "The deadline has passed; no more submissions."))</p>"
        return """
            <h2>\(lang.pick("제출", "Hand in"))</h2>
            <div class="code-form">\(form)</div>
            <h2 id="attempts">\(lang.pick("내 제출", "My attempts"))</h2>
            \(attempts.contains(where: Submissions.isPending) ? "<p class=\"muted\" role=\"status\">\(lang.pick("채점 중인 제출은 끝나면 결과가 저절로 바뀝니다.", "Attempts being graded update by themselves when done.")) <a href=\"\(AssignmentRoutes.assignment(a.id ?? 0))#attempts\">\(lang.pick("새로 고침", "Refresh"))</a></p>" as HTML : .empty)
            \(Components.table(headers: ["#", lang.pick("제출 시각", "Submitted"), lang.pick("언어", "Language"), lang.pick("결과", "Result"), lang.pick("점수", "Score")],
                               rows: rows, empty: lang.pick("아직 제출하지 않았습니다.", "No attempts yet."), compact: true))
            """
    }

    static func allSubmissions(_ req: Request, assignment a: Assignment) async throws -> HTML {
        let lang = req.lang
        let all = try await Submission.query(on: req.db).filter(\.$assignment.$id == a.requireID()).with(\.$person)
            .sort(\.$id, .descending).range(..<200).all()
        req.listed(all.map(\.$person.id), purpose: "assignment submissions")
        let counted = try await MentorScores.counted(all, on: req.db)
        let rows = all.map { s -> [HTML] in
            [Components.link(AssignmentRoutes.submission(s.id ?? 0), s.person.name), "#\(s.attempt)", "\(KoreanFormats.dateTime(s.submittedAt))",
             verdictBadge(s, lang), counted[s.id ?? 0]?.label(lang) ?? "—",
             s.firstReviewedAt == nil ? Components.badge(lang.pick("리뷰 대기", "To review"), "info") : Components.badge(lang.pick("리뷰함", "Reviewed"), "ok")]
        }
        return """
            <h2 id="submissions">\(lang.pick("제출 (최근 200건)", "Submissions (latest 200)"))</h2>
            \(Components.table(headers: [lang.pick("훈련생", "Trainee"), "#", lang.pick("제출 시각", "Submitted"), lang.pick("결과", "Result"), lang.pick("점수", "Score"), lang.pick("리뷰", "Review")],
                               rows: rows, empty: lang.pick("아직 제출이 없습니다.", "No submissions yet.")))
            """
    }

    @Sendable static func show(_ req: Request) async throws -> Response {
        try await ReviewPages.render(req, errors: [])
    }
}
