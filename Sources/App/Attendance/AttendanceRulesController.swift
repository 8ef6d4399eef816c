import Fluent
import Foundation
import IeumCore
import Vapor

struct AttendanceRulesOutput: Content {
    let programID: Int
    let minimumShareOfDay: Double
    let marksPerAbsence: Int
    let allowanceThreshold: Double
    let completionThreshold: Double
    let excuseCaps: [String: Double]
    let atRiskMargin: Int
    let correctionDays: Int

    enum CodingKeys: String, CodingKey {
        case programID = "program_id"
        case minimumShareOfDay = "minimum_share_of_day"
        case marksPerAbsence = "marks_per_absence"
        case allowanceThreshold = "allowance_threshold"
        case completionThreshold = "completion_threshold"
        case excuseCaps = "excuse_caps"
        case atRiskMargin = "at_risk_margin"
        case correctionDays = "correction_days"
    }

    init(programID: Int, _ r: AttendanceRules) {
        self.programID = programID
        minimumShareOfDay = r.minimumShareOfDay
        marksPerAbsence = r.marksPerAbsence
        allowanceThreshold = r.allowanceThreshold
        completionThreshold = r.completionThreshold
        excuseCaps = Dictionary(uniqueKeysWithValues: r.excuseCaps.map { ($0.key.rawValue, $0.value) })
        atRiskMargin = r.atRiskMargin
        correctionDays = r.correctionDays
    }
}

/// A program's attendance rules: PROGRAM.md's defaults until a program manager changes them here.
enum AttendanceRulesController {
    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        let read: [any Middleware] = [RecordGuard<ProgramResource>(mode: .read)]
        pages.register(.GET, AttendanceRoutes.rules.template, roles: [.programManager], guards: read, use: form)
        pages.register(.POST, AttendanceRoutes.rules.template, roles: [.programManager], guards: read, action: change,
                       next: { req, _ in AttendanceRoutes.rules(try req.loaded(Program.self).requireID()) },
                       retry: { req, values, errors in render(req, values: values, errors: errors) })
        api.register(AttendanceRoutes.rulesJSON, guards: read, use: show)
        api.register(AttendanceRoutes.saveRules, guards: read, action: change)
    }

    static func percent(_ x: Double) -> String { String(format: "%g", (x * 1000).rounded() / 10) }

    static func values(_ r: AttendanceRules) -> [String: String] {
        ["minimum_share_of_day": percent(r.minimumShareOfDay), "marks_per_absence": "\(r.marksPerAbsence)",
         "allowance_threshold": percent(r.allowanceThreshold), "completion_threshold": percent(r.completionThreshold),
         "illness_cap": percent(r.excuseCaps[.illness] ?? 0), "at_risk_margin": "\(r.atRiskMargin)", "correction_days": "\(r.correctionDays)"]
    }

    /// Percentages as people write them (80, 80%, 12.5); whole numbers within their ranges.
    /// Unsent fields keep their saved values; a percentage is 80 or "80%".
    static let body: Body = {
        func share(_ name: String, _ low: Double) -> JSONSchema.Property {
            .field(name, .oneOf([.number(minimum: low, maximum: 100), .text(maxLength: 8, pattern: "^[0-9]+(\\.[0-9]+)?%?$")]), required: false)
        }
        return Body([
            share("minimum_share_of_day", 1), .integer("marks_per_absence", 1...10, required: false), share("allowance_threshold", 1),
            share("completion_threshold", 1), share("illness_cap", 0), .integer("at_risk_margin", 0...30, required: false),
            .integer("correction_days", 0...14, required: false),
        ])
    }()

    static func read(_ values: [String: String], base: AttendanceRules) throws -> AttendanceRules {
        var reader = FieldReader(values)
        var rules = base
        func share(_ field: String, _ range: ClosedRange<Double>) -> Double? {
            let text = reader.raw(field).replacingOccurrences(of: "%", with: "").trimmingCharacters(in: .whitespaces)
            guard let n = Double(text), range.contains(n) else {
                reader.fail(field, "\(Int(range.lowerBound))~\(Int(range.upperBound)) 사이의 백분율로 적으세요.", "Give a percentage from \(Int(range.lowerBound)) to \(Int(range.upperBound)).")
                return nil
            }
            return n / 100
        }
        func whole(_ field: String, _ range: ClosedRange<Int>) -> Int? {
            guard let n = Int(reader.raw(field).trimmingCharacters(in: .whitespaces)), range.contains(n) else {
                reader.fail(field, "\(range.lowerBound)~\(range.upperBound) 사이의 정수로 적으세요.", "Give a whole number from \(range.lowerBound) to \(range.upperBound).")
                return nil
            }
            return n
        }
        if let v = share("minimum_share_of_day", 1...100) { rules.minimumShareOfDay = v }
        if let v = whole("marks_per_absence", 1...10) { rules.marksPerAbsence = v }
        if let v = share("allowance_threshold", 1...100) { rules.allowanceThreshold = v }
        if let v = share("completion_threshold", 1...100) { rules.completionThreshold = v }
        if let v = share("illness_cap", 0...100) { rules.excuseCaps[.illness] = v }
        if let v = whole("at_risk_margin", 0...30) { rules.atRiskMargin = v }
        if let v = whole("correction_days", 0...14) { rules.correctionDays = v }
        try reader.finish()
        return rules
    }

    static func save(_ rules: AttendanceRules, programID: Int, on db: any Database) async throws {
        let json = String(decoding: try JSONEncoder().encode(rules), as: UTF8.self)
        if let stored = try await AttendanceSettings.query(on: db).filter(\.$programID == programID).first() {
            stored.rules = json
            try await stored.update(on: db)
        } else {
            let s = AttendanceSettings()
            s.programID = programID
            s.rules = json
            try await s.create(on: db)
        }
    }

    @Sendable static func show(_ req: Request) async throws -> AttendanceRulesOutput {
        let id = try req.loaded(Program.self).requireID()
        return AttendanceRulesOutput(programID: id, try await AttendanceSettings.rules(forProgram: id, on: req.db))
    }

    /// Unsent fields keep their saved values.
    static let change = Action { req, submitted -> AttendanceRulesOutput in
        let id = try req.loaded(Program.self).requireID()
        let current = try await AttendanceSettings.rules(forProgram: id, on: req.db)
        let rules = try read(values(current).merging(submitted) { _, new in new }, base: current)
        try await save(rules, programID: id, on: req.db)
        return AttendanceRulesOutput(programID: id, rules)
    }

    @Sendable static func form(_ req: Request) async throws -> Response {
        let id = try req.loaded(Program.self).requireID()
        return render(req, values: values(try await AttendanceSettings.rules(forProgram: id, on: req.db)), errors: [])
    }

    static func render(_ req: Request, values: [String: String], errors: [FieldError], status: HTTPResponseStatus = .ok) -> Response {
        let lang = req.lang
        let program = try? req.loaded(Program.self)
        let id = program?.id ?? 0
        let body: HTML = """
            <p><a href="\(ProgramResource.record(id))">← \(program?.name ?? "")</a></p>
            <p class="muted">\(lang.pick("기본값은 직업능력개발훈련의 출결 기준입니다. 바꾸면 모든 기수의 출석률이 새 기준으로 다시 계산됩니다.", "The defaults follow Korea's vocational-training attendance rules. A change recomputes every cohort's rates under the new rules."))</p>
            \(Components.form(req, action: AttendanceRoutes.rules(id), fields: [
                FieldSpec(name: "minimum_share_of_day", label: Localized("하루 출석 인정 최소 비율 (%)", "Least share of a day that counts as attended (%)"), hint: Localized("이보다 적게 출석하면 결석 (기본 50)", "Less is an absence (default 50)")),
                FieldSpec(name: "marks_per_absence", label: Localized("결석 1일로 보는 지각·조퇴·외출 횟수", "Lates, early leaves, outings per absence"), kind: .number, hint: Localized("단위기간 안에서 (기본 3)", "Within a unit period (default 3)")),
                FieldSpec(name: "allowance_threshold", label: Localized("훈련장려금 출석률 기준 (%)", "Allowance threshold (%)"), hint: Localized("단위기간마다 (기본 80)", "Per unit period (default 80)")),
                FieldSpec(name: "completion_threshold", label: Localized("수료 출석률 기준 (%)", "Completion threshold (%)"), hint: Localized("과정 전체 (기본 80)", "Over the course (default 80)")),
                FieldSpec(name: "illness_cap", label: Localized("질병 공가 한도 (훈련일의 %)", "Illness excuse cap (% of days)"), hint: Localized("기본 10", "Default 10")),
                FieldSpec(name: "at_risk_margin", label: Localized("수료 위험 표시 (남은 결석 여유 일수)", "At risk when this few absences are left"), kind: .number),
                FieldSpec(name: "correction_days", label: Localized("정정 신청 기한 (해당일 뒤 며칠)", "Corrections accepted this many days after"), kind: .number, hint: Localized("기본 1: 당일과 다음 날", "Default 1: the day and the next")),
            ], values: values, errors: errors, submit: Localized("저장", "Save")))
            """
        return Layout.page(req, title: lang.pick("출결 기준", "Attendance rules"), body: body, status: status)
    }
}
