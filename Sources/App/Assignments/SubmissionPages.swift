import Fluent
import Foundation
import IeumCore
import Vapor

/// Handing in code and reading the result: the trainee's form and attempts on the assignment page, and the
/// submission page, which refreshes itself (no script needed) until grading is done.
enum SubmissionPages {
    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        let page = pages.grouped("submissions", ":submissionID"), json = api.grouped("submissions", ":submissionID")
        page.grouped(SubmissionGuard(mode: .read)).get(use: show)
        json.grouped(SubmissionGuard(mode: .read)).get(use: showJSON)
        page.grouped(SubmissionGuard(mode: .read)).get("diff", use: ReviewPages.diff)
        page.grouped(SubmissionGuard(mode: .review)).post("comments", use: ReviewPages.commentFromForm)
        json.grouped(SubmissionGuard(mode: .review)).post("comments", use: ReviewPages.commentFromJSON)
        page.grouped(SubmissionGuard(mode: .review)).post("review", use: ReviewPages.reviewFromForm)
        json.grouped(SubmissionGuard(mode: .review)).post("review", use: ReviewPages.reviewFromJSON)
    }

    @Sendable static func submitFromForm(_ req: Request) async throws -> Response {
        let values = try req.submittedValues()
        let a = try req.loaded(Assignment.self)
        do {
            let s = try await Submissions.submit(values, assignment: a, personID: try req.principal.personID, app: req.application,
                                                 now: req.now, on: req.db)
            return req.redirect(to: "/submissions/\(try s.requireID())", redirectType: .normal)
        } catch let failure as ValidationFailure {
            return try await AssignmentPages.render(req, testValues: [:], testErrors: [], submitValues: values,
                                                    submitErrors: failure.errors, status: .unprocessableEntity)
        }
    }

    @Sendable static func submitFromJSON(_ req: Request) async throws -> Response {
        do {
            let s = try await Submissions.submit(try req.submittedValues(allowing: Submissions.fields), assignment: try req.loaded(Assignment.self),
                                                 personID: try req.principal.personID, app: req.application, now: req.now, on: req.db)
            return try await SubmissionOutput(s).encodeResponse(status: .accepted, for: req)
        } catch let failure as ValidationFailure {
            throw AppError.invalid(failure)
        }
    }

    @Sendable static func showJSON(_ req: Request) async throws -> SubmissionOutput {
        SubmissionOutput(try req.loaded(Submission.self))
    }

    static func verdictBadge(_ s: Submission, _ lang: Lang) -> HTML {
        if Submissions.isPending(s) {
            return Components.badge(SubmissionState(rawValue: s.state)?.name.in(lang) ?? s.state, "info")
        }
        guard let verdict = s.verdictValue else { return "—" }
        return Components.badge(verdict.name.in(lang), verdict.isAccepted ? "ok" : "bad")
    }

    static func traineeSection(_ req: Request, assignment a: Assignment, values: [String: String], errors: [FieldError]) async throws -> HTML {
        let lang = req.lang
        let attempts = try await Submission.query(on: req.db).filter(\.$assignment.$id == a.requireID())
            .filter(\.$person.$id == req.principal.personID).sort(\.$attempt, .descending).all()
        let rows = attempts.map { s -> [HTML] in
            [Components.link("/submissions/\(s.id ?? 0)", "#\(s.attempt)"), "\(KoreanFormats.dateTime(s.submittedAt))",
             "\(Language.named(s.language)?.name ?? s.language)", verdictBadge(s, lang),
             s.points.map { "\(AssignmentPages.points($0))\(s.lateDays > 0 ? " (" + lang.pick("\(s.lateDays)일 늦음", "\(s.lateDays) d late") + ")" : "")" } ?? "—"]
        }
        var formValues = values
        if formValues["source"] == nil, let latest = attempts.first { formValues["source"] = latest.source; formValues["language"] = latest.language }
        if formValues["source"] == nil { formValues["source"] = a.starterCode ?? "" }
        if formValues["language"] == nil { formValues["language"] = a.languageList.first?.id ?? "" }
        let open = a.policy.accepts(submittedAt: req.now, deadline: a.deadline)
        let form: HTML = open ? Components.form(req, action: "/assignments/\(a.id ?? 0)/submissions", fields: [
            FieldSpec(name: "language", label: Localized("언어", "Language"), kind: .select(a.languageList.map { .init(value: $0.id, label: $0.name) })),
            FieldSpec(name: "source", label: Localized("코드", "Code"), kind: .textarea),
        ], values: formValues, errors: errors, submit: Localized("제출", "Submit")) :
            "<p class=\"alert error\">\(lang.pick("마감이 지나 더 이상 제출할 수 없습니다.", "The deadline has passed; no more submissions."))</p>"
        return """
            <h2>\(lang.pick("제출", "Hand in"))</h2>
            <div class="code-form">\(form)</div>
            <h2>\(lang.pick("내 제출", "My attempts"))</h2>
            \(Components.table(headers: ["#", lang.pick("제출 시각", "Submitted"), lang.pick("언어", "Language"), lang.pick("결과", "Result"), lang.pick("점수", "Score")],
                               rows: rows, empty: lang.pick("아직 제출하지 않았습니다.", "No attempts yet."), compact: true))
            """
    }

    static func allSubmissions(_ req: Request, assignment a: Assignment) async throws -> HTML {
        let lang = req.lang
        let all = try await Submission.query(on: req.db).filter(\.$assignment.$id == a.requireID()).with(\.$person)
            .sort(\.$id, .descending).range(..<200).all()
        req.listed(all.map(\.$person.id), purpose: "assignment submissions")
        let rows = all.map { s -> [HTML] in
            [Components.link("/submissions/\(s.id ?? 0)", s.person.name), "#\(s.attempt)", "\(KoreanFormats.dateTime(s.submittedAt))",
             verdictBadge(s, lang), "\(s.points.map(AssignmentPages.points) ?? "—")",
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
