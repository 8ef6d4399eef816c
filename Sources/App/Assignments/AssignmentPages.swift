import Fluent
import Foundation
import IeumCore
import Vapor

/// The pages of assignments: a cohort's list, one assignment (statement, samples, the trainee's attempts and a
/// form to hand in code; for its authors the tests and every submission), and the assignment form.
enum AssignmentPages {
    static func list(_ req: Request, cohort: Cohort) async throws -> Response {
        let lang = req.lang
        let relation = req.gradingRelation
        let personID = try req.principal.personID
        let all = try await AssignmentsController.assignments(ofCohort: try cohort.requireID(), on: req.db)
        let mine = relation == .trainee ? try await Submission.query(on: req.db).filter(\.$person.$id == personID)
            .filter(\.$cohortID == cohort.requireID()).all() : []
        let scored = try await MentorScores.latest(of: mine.compactMap(\.id), on: req.db)
        let cells = Gradebook.cells(mine.map { s in
            AttemptFacts(personID: personID, assignmentID: s.$assignment.id, points: s.points, late: s.lateDays > 0,
                         reviewScore: s.id.flatMap { scored[$0]?.score }, reviewerID: s.id.flatMap { scored[$0]?.mentorID })
        })[personID] ?? [:]
        let rows = all.map { a -> [HTML] in
            let cell = cells[a.id ?? 0]
            let due: HTML = a.deadline >= req.now ? Components.badge(lang.pick("진행 중", "Open"), "ok")
                : a.policy.accepts(submittedAt: req.now, deadline: a.deadline) ? Components.badge(lang.pick("마감 지남 · 늦은 제출 가능", "Past deadline · late work accepted"), "info")
                : Components.badge(lang.pick("제출 마감", "Closed"), "bad")
            var row: [HTML] = [Components.link(AssignmentRoutes.assignment(a.id ?? 0), a.title), "\(KoreanFormats.dateTime(a.deadline)) \(due)", "\(Int(a.points))"]
            if relation == .trainee {
                row.append(cell?.best.map { "\(Self.points($0))" } ?? "—")
                row.append("\(cell?.attempts ?? 0)")
            }
            return row
        }
        var headers = [lang.pick("과제", "Assignment"), lang.pick("마감 (KST)", "Deadline (KST)"), lang.pick("배점", "Points")]
        if relation == .trainee { headers += [lang.pick("최고 점수", "Best score"), lang.pick("제출 횟수", "Attempts")] }
        let actions: HTML = GradingAccess.canAuthor(relation) ? """
            <div class="actions"><a class="button primary" href="\(AssignmentRoutes.newAssignment(cohort.id ?? 0))">\(lang.pick("새 과제", "New assignment"))</a>
            <a class="button" href="\(AssignmentRoutes.gradebook(cohort.id ?? 0))">\(lang.pick("성적표", "Gradebook"))</a></div>
            """ : relation == .trainee ? .empty : """
            <div class="actions"><a class="button" href="\(AssignmentRoutes.gradebook(cohort.id ?? 0))">\(lang.pick("성적표", "Gradebook"))</a></div>
            """
        let body: HTML = """
            \(actions)
            \(Components.table(headers: headers, rows: rows, empty: lang.pick("아직 과제가 없습니다.", "No assignments yet.")))
            """
        return Layout.page(req, title: lang.pick("\(cohort.name) 과제", "\(cohort.name) assignments"), body: body)
    }

    static func points(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String((value * 100).rounded() / 100)
    }

    @Sendable static func show(_ req: Request) async throws -> Response {
        try await render(req, testValues: ["weight": "1"], testErrors: [])
    }

    static func render(_ req: Request, testValues: [String: String], testErrors: [FieldError], submitValues: [String: String] = [:],
                       submitErrors: [FieldError] = [], status: HTTPResponseStatus = .ok) async throws -> Response {
        let lang = req.lang
        let a = try req.loaded(Assignment.self)
        let id = try a.requireID()
        let relation = req.gradingRelation
        let tests = try await AssignmentsController.tests(of: a, on: req.db)
        let samples = tests.filter(\.isSample).map { t -> HTML in
            """
            <div class="sample"><h3>\(t.name)</h3><div class="sample-io"><div><h4>\(lang.pick("입력", "Input"))</h4><pre>\(t.input)</pre></div>
            <div><h4>\(lang.pick("출력", "Output"))</h4><pre>\(t.expected)</pre></div></div></div>
            """
        }
        let policy: String = switch a.policy {
        case .refuse: lang.pick("마감 후에는 받지 않습니다", "not accepted after the deadline")
        case .flagOnly: lang.pick("마감 후에도 받으며 늦음으로 표시합니다", "accepted late, flagged as late")
        case let .penalty(perDay, floor): lang.pick("마감 후 하루마다 \(perDay)% 감점 (최저 \(floor)%)", "\(perDay)% off per day late (down to \(floor)%)")
        }
        let facts = Components.definitionList([
            (lang.pick("마감", "Deadline"), "\(KoreanFormats.dateTime(a.deadline)) KST"),
            (lang.pick("늦은 제출", "Late work"), "\(policy)"),
            (lang.pick("배점", "Points"), "\(Self.points(a.points))"),
            (lang.pick("언어", "Languages"), "\(a.languageList.map(\.name).joined(separator: ", "))"),
            (lang.pick("제한", "Limits"), "\(lang.pick("시간", "time")) \(a.cpuMilliseconds) ms · \(lang.pick("메모리", "memory")) \(a.memoryKilobytes / 1024) MB"),
            (lang.pick("테스트", "Tests"), "\(lang.pick("예제 \(tests.filter(\.isSample).count)개, 숨김 \(tests.filter { !$0.isSample }.count)개", "\(tests.filter(\.isSample).count) samples, \(tests.filter { !$0.isSample }.count) hidden"))"),
        ])
        var sections: [HTML] = []
        if relation == .trainee {
            sections.append(try await SubmissionPages.traineeSection(req, assignment: a, values: submitValues, errors: submitErrors))
        }
        if GradingAccess.canAuthor(relation) {
            sections.append(testsSection(req, a, tests, values: testValues, errors: testErrors))
        }
        if relation != .trainee {
            sections.append(try await SubmissionPages.allSubmissions(req, assignment: a))
        }
        let graderOff: HTML = req.application.gradingWorkers?.problem.map { problem in
            "<p class=\"alert error\" role=\"alert\">\(lang.pick("이 서버는 지금 채점하지 않습니다. 제출은 저장되어 채점을 기다립니다.", "This server is not grading now; submissions are kept and wait for grading.")) (\(problem))</p>"
        } ?? .empty
        let edit: HTML = GradingAccess.canAuthor(relation) ? "<a class=\"button\" href=\"\(AssignmentRoutes.editAssignment(id))\">\(lang.pick("고치기", "Edit"))</a>" : .empty
        let body: HTML = """
            <p><a href="\(AssignmentRoutes.cohortAssignments(a.$cohort.id))">← \(lang.pick("과제 목록", "Assignments"))</a> \(edit)</p>
            \(graderOff)
            \(facts)
            <section class="statement">\(HTML(raw: SafeMarkdown.html(a.statement)))</section>
            \(samples.isEmpty ? HTML.empty : "<h2>\(lang.pick("예제", "Samples"))</h2>\(samples)")
            \(sections)
            """
        return Layout.page(req, title: a.title, body: body, status: status)
    }

    static func testsSection(_ req: Request, _ a: Assignment, _ tests: [AssignmentTest], values: [String: String], errors: [FieldError]) -> HTML {
        let lang = req.lang
        let id = a.id ?? 0
        let rows = tests.map { t -> [HTML] in
            ["\(t.name)", t.isSample ? Components.badge(lang.pick("예제", "Sample"), "info") : Components.badge(lang.pick("숨김", "Hidden"), "bad"),
             "\(t.weight)", "<code>\(String(t.input.prefix(40)))</code>",
             """
             <form method="post" action="\(AssignmentRoutes.deleteTest(id, t.id ?? 0))">\(Layout.csrfField(req))<button class="button danger" type="submit">\(lang.pick("삭제", "Delete"))</button></form>
             """]
        }
        return """
            <h2 id="tests">\(lang.pick("테스트", "Tests")) <small class="muted">v\(a.testsVersion)</small></h2>
            \(Components.table(headers: [lang.pick("이름", "Name"), lang.pick("종류", "Kind"), lang.pick("가중치", "Weight"), lang.pick("입력", "Input"), ""],
                               rows: rows, empty: lang.pick("아직 테스트가 없습니다. 테스트가 없으면 채점할 수 없습니다.", "No tests yet; without tests nothing can be graded.")))
            <h3>\(lang.pick("테스트 추가", "Add a test"))</h3>
            \(Components.form(req, action: AssignmentRoutes.tests(id), fields: [
                FieldSpec(name: "name", label: Localized("이름", "Name"), required: false),
                FieldSpec(name: "input", label: Localized("입력", "Input"), kind: .textarea, required: false),
                FieldSpec(name: "expected", label: Localized("기대 출력", "Expected output"), kind: .textarea, required: false),
                FieldSpec(name: "weight", label: Localized("가중치", "Weight"), kind: .number, required: false),
                FieldSpec(name: "is_sample", label: Localized("예제로 공개", "Show as a sample"), kind: .select([.init(value: "", label: lang.pick("숨김 테스트", "Hidden test")), .init(value: "on", label: lang.pick("예제 (훈련생에게 공개)", "Sample (shown to trainees)"))]), required: false),
            ], values: values, errors: errors, submit: Localized("추가", "Add")))
            <form method="post" action="\(AssignmentRoutes.regrade(id))" class="actions">\(Layout.csrfField(req))
            <button class="button" type="submit">\(lang.pick("모든 제출 다시 채점", "Re-grade every submission"))</button>
            <small class="hint">\(lang.pick("테스트를 고친 뒤, 이미 낸 모든 제출을 새 테스트로 다시 채점합니다.", "After fixing tests: grades every submission again against them."))</small></form>
            """
    }

    static func form(_ req: Request, action: String, values: [String: String], errors: [FieldError], title: String,
                     status: HTTPResponseStatus = .ok) -> Response {
        let lang = req.lang
        var values = values
        // A form sent back with mistakes carries the ticked boxes as `languages_<id>`.
        if values["languages"] == nil { values["languages"] = AssignmentForm.languages(values).map(\.id).joined(separator: ",") }
        let fields = Components.form(req, action: action, fields: [
            FieldSpec(name: "title", label: Localized("제목", "Title")),
            FieldSpec(name: "languages", label: Localized("언어", "Languages"), kind: .checkboxes(Language.all.map { .init(value: $0.id, label: $0.name) })),
            FieldSpec(name: "statement", label: Localized("문제 설명", "Statement"), kind: .textarea,
                      hint: Localized("마크다운: # 제목, **굵게**, `코드`, ``` 코드 블록, - 목록", "Markdown: # heading, **bold**, `code`, ``` code blocks, - lists")),
            FieldSpec(name: "starter_code", label: Localized("시작 코드", "Starter code"), kind: .textarea, required: false),
            FieldSpec(name: "deadline", label: Localized("마감 (한국 시간)", "Deadline (Korea time)"), hint: Localized("예: 2026-12-01T18:00", "e.g. 2026-12-01T18:00")),
            FieldSpec(name: "points", label: Localized("배점", "Points"), kind: .number),
            FieldSpec(name: "cpu_ms", label: Localized("시간 제한 (ms, CPU)", "Time limit (ms of CPU)"), kind: .number,
                      hint: Localized("Java와 JavaScript는 두 배가 주어집니다.", "Java and JavaScript get twice this.")),
            FieldSpec(name: "memory_mb", label: Localized("메모리 제한 (MB)", "Memory limit (MB)"), kind: .number),
            FieldSpec(name: "output_kb", label: Localized("출력 제한 (KB)", "Output limit (KB)"), kind: .number, required: false),
            FieldSpec(name: "late_policy", label: Localized("늦은 제출", "Late work"), kind: .select([
                .init(value: "penalty", label: lang.pick("받되 하루마다 감점", "Accept with a penalty per day")),
                .init(value: "flag", label: lang.pick("받고 늦음으로만 표시", "Accept, flag as late")),
                .init(value: "refuse", label: lang.pick("받지 않음", "Refuse"))])),
            FieldSpec(name: "penalty_per_day", label: Localized("하루 감점 (%)", "Penalty per day (%)"), kind: .number, required: false),
            FieldSpec(name: "penalty_floor", label: Localized("최저 (%)", "Floor (%)"), kind: .number, required: false),
            FieldSpec(name: "comparison", label: Localized("출력 비교", "Output comparison"), kind: .select([
                .init(value: "whitespace", label: lang.pick("공백 무시 (토큰 비교)", "Ignore spacing (tokens)")),
                .init(value: "exact", label: lang.pick("정확히 일치", "Exact")),
                .init(value: "float", label: lang.pick("실수 오차 허용", "Numbers within a tolerance"))])),
            FieldSpec(name: "tolerance", label: Localized("허용 오차", "Tolerance"), required: false, hint: Localized("예: 0.000001", "e.g. 0.000001")),
            FieldSpec(name: "checker_language", label: Localized("채점 프로그램 언어", "Checker language"),
                      kind: .select(Language.all.map { .init(value: $0.id, label: $0.name) }), required: false),
            FieldSpec(name: "checker_source", label: Localized("채점 프로그램 (답이 여럿일 때)", "Checker program (several right answers)"), kind: .textarea, required: false,
                      hint: Localized("checker input.txt output.txt answer.txt 로 실행됩니다. 0으로 끝나면 정답, 1이면 오답.", "Run as checker input.txt output.txt answer.txt; exit 0 accepts, 1 rejects.")),
            FieldSpec(name: "purpose", label: Localized("", ""), kind: .hidden, required: false),
        ], values: values, errors: errors, submit: Localized("저장", "Save"))
        return Layout.page(req, title: title, body: fields, status: status)
    }
}
