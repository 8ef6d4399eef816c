import Fluent
import Foundation
import IeumCore
import Vapor

struct CompletionOutput: Content {
    struct Row: Content {
        let enrollmentID: Int
        let personID: Int
        let name: String
        let state: String
        let proposed: String
        let unmet: [String]
        let met: [String]
        let decided: String?
        let overrideReason: String?
        let credentialID: String?
        enum CodingKeys: String, CodingKey {
            case name, state, proposed, unmet, met, decided
            case enrollmentID = "enrollment_id"
            case personID = "person_id"
            case overrideReason = "override_reason"
            case credentialID = "credential_id"
        }
    }

    let cohortID: Int
    let requirement: String
    let closedAt: Date?
    /// Why the cohort cannot be closed now (nil when it can).
    let blocked: String?
    let trainees: [Row]
    enum CodingKeys: String, CodingKey {
        case requirement, blocked, trainees
        case cohortID = "cohort_id"
        case closedAt = "closed_at"
    }
}

struct CompletionInput: Content {
    struct Decision: Content {
        let enrollmentID: Int
        let outcome: String
        let reason: String?
        enum CodingKeys: String, CodingKey { case outcome, reason; case enrollmentID = "enrollment_id" }
    }
    /// Trainees left out take the rules' proposal.
    let decisions: [Decision]?

    static let body = Body([.field("decisions", .array(.object([
        .id("enrollment_id"),
        .choice("outcome", CompletionOutcome.allCases.map(\.rawValue)),
        .text("reason", max: 500, required: false),
    ], additional: nil)), required: false)])
}

/// `/cohorts/:id/completion`: the proposal table, and closing the cohort with staff decisions.
enum CompletionController {
    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        let read: [any Middleware] = [RequireRole(CohortResource.readRoles), RecordGuard<CohortResource>(mode: .read)]
        let write: [any Middleware] = [RequireRole(CohortResource.writeRoles), RecordGuard<CohortResource>(mode: .write)]
        pages.register(.GET, CompletionRoutes.completion.template, guards: read, use: page)
        pages.register(.POST, CompletionRoutes.completion.template, guards: write, action: closing,
                       next: { req, _ in CompletionRoutes.completion(try req.loaded(Cohort.self).requireID()) },
                       retry: { req, values, errors in try await render(req, values: values, errors: errors, status: .unprocessableEntity) })
        api.register(CompletionRoutes.completionJSON, guards: read, use: json)
        api.register(CompletionRoutes.closeCompletion, guards: write, action: closing)
    }

    static func output(_ cohort: Cohort, course: Course, rows: [CompletionRow], today: Day, lang: Lang) throws -> CompletionOutput {
        CompletionOutput(
            cohortID: try cohort.requireID(), requirement: course.completionAssessment, closedAt: cohort.closedAt,
            blocked: CohortCompletion.closingBlocked(cohort, today: today)?.in(lang),
            trainees: rows.map { r in
                .init(enrollmentID: r.enrollment.id ?? 0, personID: r.enrollment.$person.id, name: r.name, state: r.enrollment.state,
                      proposed: r.proposal.outcome.rawValue, unmet: r.proposal.unmet.map { $0.in(lang) }, met: r.proposal.met.map { $0.in(lang) },
                      decided: r.decision?.decided, overrideReason: r.decision?.overrideReason, credentialID: r.credentialID)
            })
    }

    @Sendable static func json(_ req: Request) async throws -> CompletionOutput {
        let cohort = try req.loaded(Cohort.self)
        let course = try await cohort.$course.get(on: req.db)
        let today = Day(req.now)
        let rows = try await CohortCompletion.rows(cohort, course: course, today: today, on: req.db)
        req.listed(rows.map(\.enrollment.$person.id), purpose: "completion")
        return try output(cohort, course: course, rows: rows,
                          today: today, lang: req.lang)
    }

    static let closing = Action(reading: decisions, shown: { $0 }) { req, values in try await close(req, values: values) }

    /// The page's `outcome_<id>`/`reason_<id>` fields, or the API's list of decisions as the same fields.
    static func decisions(_ req: Request) throws -> [String: String] {
        guard req.content.contentType == .json else { return try req.submittedValues() }
        let input = try req.checkedContent(CompletionInput.self, otherwise: Localized(
            "decisions는 {enrollment_id, outcome, reason} 목록이어야 합니다.", "decisions must be a list of {enrollment_id, outcome, reason}."))
        var values: [String: String] = [:]
        for d in input.decisions ?? [] {
            guard values["outcome_\(d.enrollmentID)"] == nil else {
                throw ValidationFailure([FieldError(field: "decisions", message: Localized(
                    "등록 \(d.enrollmentID)의 결정이 두 번 있습니다. 한 번만 보내세요.", "Enrollment \(d.enrollmentID) is decided twice; send it once."))])
            }
            values["outcome_\(d.enrollmentID)"] = d.outcome
            if let reason = d.reason { values["reason_\(d.enrollmentID)"] = reason }
        }
        return values
    }

    static func close(_ req: Request, values: [String: String]) async throws -> CohortCompletion.Closed {
        let cohort = try req.loaded(Cohort.self)
        let today = Day(req.now)
        if let blocked = CohortCompletion.closingBlocked(cohort, today: today) { throw AppError.conflict(blocked) }
        let rows = try await CohortCompletion.rows(cohort, course: try await cohort.$course.get(on: req.db), today: today, on: req.db)
        let known = Set(rows.compactMap { $0.enrollment.id })
        for key in values.keys where key.hasPrefix("outcome_") {
            guard let id = Int(key.dropFirst("outcome_".count)), known.contains(id) else {
                // Someone finished, dropped or never in this cohort: the list was made before it changed, or by hand.
                let field = req.content.contentType == .json ? "decisions" : key
                throw ValidationFailure([FieldError(field: field, message: Localized(
                    "등록 \(key.dropFirst("outcome_".count))은 이 기수에서 아직 훈련 중인 수강생이 아닙니다. 목록을 새로 불러오세요.",
                    "Enrollment \(key.dropFirst("outcome_".count)) is not a trainee still in training in this cohort; reload the list."))])
            }
        }
        let choices = try CohortCompletion.choices(rows, values: values)
        let result = try await CohortCompletion.close(cohort, rows: rows, choices: choices, actor: try req.principal.personID,
                                                      base: try req.publicBase, now: req.now, cipher: req.application.cipher, on: req.db)
        for row in rows { req.application.todayRoster.forget(personID: row.enrollment.$person.id) }
        return result
    }

    @Sendable static func page(_ req: Request) async throws -> Response {
        try await render(req, values: [:], errors: [], status: .ok)
    }

    static func render(_ req: Request, values: [String: String], errors: [FieldError], status: HTTPResponseStatus) async throws -> Response {
        let cohort = try req.loaded(Cohort.self)
        let course = try await cohort.$course.get(on: req.db)
        let lang = req.lang
        let today = Day(req.now)
        let rows = try await CohortCompletion.rows(cohort, course: course, today: today, on: req.db)
        req.listed(rows.map(\.enrollment.$person.id), purpose: "completion")
        let principal = try req.principal
        let canClose = CohortResource.canChange(cohort, principal) && CohortCompletion.closingBlocked(cohort, today: today) == nil
        let title = lang.pick("수료 처리", "Completion") + " · " + cohort.name
        let proposedCompleted = rows.filter { $0.proposal.outcome == .completed }.count
        let intro: HTML = """
            <p><a href="\(CohortResource.path(cohort))">← \(cohort.name)</a></p>
            <p>\(lang.pick("수료 기준", "Completion rules")): \(lang.pick("출석률 80% 이상", "attendance at least 80%")) · \(course.assessmentRequirement.description.in(lang))</p>
            <p class="muted">\(lang.pick("규칙에 따른 제안: 수료 \(proposedCompleted)명, 미수료 \(rows.count - proposedCompleted)명. 제안과 다르게 정하면 사유가 기록됩니다.",
                                         "The rules propose \(proposedCompleted) completed and \(rows.count - proposedCompleted) not completed. Deciding otherwise records your reason."))</p>
            """
        let notice: HTML
        if cohort.closedAt != nil {
            notice = "<div class=\"alert ok\">\(lang.pick("\(KoreanFormats.dateTime(cohort.closedAt!))에 수료 처리를 마쳤습니다.", "Closed on \(KoreanFormats.dateTime(cohort.closedAt!)).")) </div>"
        } else if let blocked = CohortCompletion.closingBlocked(cohort, today: today) {
            notice = "<div class=\"alert\">\(blocked.in(lang))</div>"
        } else {
            notice = .empty
        }
        let summary: HTML = errors.isEmpty ? .empty : """
            <div class="alert error" role="alert">\(lang.pick("입력한 내용을 확인하세요. 고칠 곳이 \(errors.count)군데 있습니다.", "Please check the form: \(errors.count) field(s) need attention."))</div>
            """
        // Proposed "not completed" first: those are the ones to look at.
        let ordered = rows.filter { $0.proposal.outcome == .notCompleted } + rows.filter { $0.proposal.outcome == .completed }
        let tableRows = ordered.map { row -> [HTML] in
            let id = row.enrollment.id ?? 0
            let proposal = row.proposal
            let reasons: HTML = """
                <ul class="reasons">\(proposal.unmet.map { "<li class=\"unmet\">✗ \($0.in(lang))</li>" as HTML })\(proposal.met.map { "<li class=\"met\">✓ \($0.in(lang))</li>" as HTML })</ul>
                """
            let proposed = Components.badge(proposal.outcome.state.name.in(lang), proposal.outcome.state.rawValue)
            if let decision = row.decision, let outcome = CompletionOutcome(rawValue: decision.decided) {
                let certificate: HTML = row.credentialID.map { " <a href=\"\(CredentialRoutes.certificate($0))\">\(lang.pick("수료증", "Certificate"))</a>" } ?? .empty
                return ["\(row.name)", proposed, reasons, "\(Components.badge(outcome.state.name.in(lang), outcome.state.rawValue))\(certificate)",
                        "\(decision.overrideReason ?? "")"]
            }
            guard canClose && row.enrollment.state == EnrollmentState.enrolled.rawValue else {
                let state = EnrollmentState(rawValue: row.enrollment.state)
                return ["\(row.name)", proposed, reasons, Components.badge(state?.name.in(lang) ?? row.enrollment.state, row.enrollment.state), ""]
            }
            let chosen = values["outcome_\(id)"] ?? row.proposal.outcome.rawValue
            let outcomeError = errors.first { $0.field == "outcome_\(id)" }
            let reasonError = errors.first { $0.field == "reason_\(id)" }
            let options = CompletionOutcome.allCases.map { o -> HTML in
                Components.option(o.rawValue, o.state.name.in(lang), selected: chosen == o.rawValue)
            }
            let invalid: HTML = reasonError == nil ? "" : " aria-invalid=\"true\" aria-describedby=\"f-reason_\(id)-error\""
            let decision: HTML = """
                <label class="sr" for="f-outcome_\(id)">\(lang.pick("\(row.name) 결정", "Decision for \(row.name)"))</label>
                <select id="f-outcome_\(id)" name="outcome_\(id)">\(options)</select>
                \(outcomeError.map { "<p class=\"field-error\">\($0.message.in(lang))</p>" as HTML } ?? .empty)
                """
            let reason: HTML = """
                <label class="sr" for="f-reason_\(id)">\(lang.pick("\(row.name) 사유", "Reason for \(row.name)"))</label>
                <input id="f-reason_\(id)" name="reason_\(id)" value="\(values["reason_\(id)"] ?? "")"\(invalid)>
                \(reasonError.map { "<p class=\"field-error\" id=\"f-reason_\(id)-error\">\($0.message.in(lang))</p>" as HTML } ?? .empty)
                """
            return ["\(row.name)", proposed, reasons, decision, reason]
        }
        let list = Components.table(
            headers: [lang.pick("이름", "Name"), lang.pick("제안", "Proposed"), lang.pick("근거", "Why"), lang.pick("결정", "Decision"),
                      canClose ? lang.pick("사유 (제안과 다를 때 필수)", "Reason (needed against the proposal)") : lang.pick("제안과 다른 결정의 사유", "Reason for deciding otherwise")],
            rows: tableRows, empty: lang.pick("수료 처리할 수강생이 없습니다.", "Nobody in this cohort is in training."))
        let body: HTML = canClose ? """
            \(intro)\(notice)\(summary)
            <form method="post" action="\(CompletionRoutes.completion(try cohort.requireID()))" class="form wide" novalidate>
            <input type="hidden" name="_csrf" value="\(req.csrfToken)">
            \(list)
            <p class="muted">\(lang.pick("수료 처리를 마치면 되돌릴 수 없으며, 수료자에게는 전자 수료증이 발급됩니다.", "Closing cannot be undone; completers get a signed digital certificate."))</p>
            <button type="submit" class="button primary">\(lang.pick("수료 처리 마치기", "Close the cohort"))</button>
            </form>
            """ : "\(intro)\(notice)\(list)"
        return Layout.page(req, title: title, body: body, status: status)
    }
}
