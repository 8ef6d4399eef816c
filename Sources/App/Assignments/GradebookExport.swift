import Fluent
import IeumCore
import Vapor

/// The gradebook as CSV or XLSX. It names every trainee with their scores, so like the attendance ledger it asks
/// for a fresh password and a stated reason, and each download is in the access log with whom it held.
enum GradebookExport {
    static func register(pages: any RoutesBuilder) {
        let staff: [any Middleware] = [CohortGradingGuard(staffOnly: true)]
        pages.register(.GET, AssignmentRoutes.gradebookExport.template, guards: staff, use: form)
        pages.register(.POST, AssignmentRoutes.gradebookExport.template, guards: staff + [RequireRecentAuthentication()], use: download)
    }

    static let fields = [
        FieldSpec(name: "format", label: Localized("형식", "Format"), kind: .select([.init(value: "xlsx", label: "Excel (XLSX)"), .init(value: "csv", label: "CSV")])),
        FieldSpec(name: "reason", label: Localized("내려받는 이유", "Why you need it"), kind: .textarea,
                  hint: Localized("열람 기록에 남습니다. 예: 중간 평가 회의 자료", "Kept in the access log, e.g. mid-course review meeting")),
    ]

    @Sendable static func form(_ req: Request) async throws -> Response {
        try render(req, values: ["format": "xlsx"], errors: [])
    }

    static func render(_ req: Request, values: [String: String], errors: [FieldError], status: HTTPResponseStatus = .ok) throws -> Response {
        let cohort = try req.loaded(Cohort.self)
        let id = try cohort.requireID()
        let body: HTML = """
            <p><a href="\(AssignmentRoutes.gradebook(id))">← \(req.t("성적표", "Gradebook"))</a></p>
            <p class="muted">\(req.t("훈련생 이름과 과제별 점수가 담긴 파일입니다. 개인정보가 담겨 있으니 필요한 곳에만 쓰세요.", "The file names every trainee with their scores. It holds personal data: use it only where needed."))</p>
            \(Components.form(req, action: AssignmentRoutes.gradebookExport(id), fields: fields, values: values, errors: errors, submit: Localized("내려받기", "Download")))
            """
        return Layout.page(req, title: req.t("\(cohort.name) 성적표 내려받기", "\(cohort.name) gradebook download"), body: body, status: status)
    }

    @Sendable static func download(_ req: Request) async throws -> Response {
        let cohort = try req.loaded(Cohort.self)
        let values = try req.submittedValues()
        var reader = FieldReader(values)
        let format = Spreadsheet.Format(rawValue: reader.raw("format"))
        if format == nil { reader.fail("format", "형식을 고르세요.", "Choose a format.") }
        let reason = reader.raw("reason").trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.count < 5 { reader.fail("reason", "내려받는 이유를 5자 이상 적으세요.", "Say why you need it, in at least 5 characters.") }
        guard reader.errors.isEmpty, let format else { return try render(req, values: values, errors: reader.errors, status: .unprocessableEntity) }
        let book = try await GradebookController.build(cohort, on: req.db)
        req.listed(book.trainees.map(\.personID), purpose: "gradebook download: " + String(reason.prefix(200)))
        return try GradebookController.sheet(book, req.lang).response(format: format, fileName: "gradebook-\(cohort.name)")
    }
}
