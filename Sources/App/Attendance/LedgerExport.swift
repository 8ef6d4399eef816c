import Fluent
import Foundation
import IeumCore
import Vapor

/// The attendance ledger of a cohort for one unit period (or the whole course), as CSV or XLSX. It holds
/// personal data, so it needs a fresh password and a stated reason, and every download is in the access log.
enum LedgerExport {
    static let roles: [Role] = [.operatorAdmin, .campusStaff]

    static func register(pages: any RoutesBuilder) {
        let write: [any Middleware] = [RecordGuard<CohortResource>(mode: .write)]
        pages.register(.GET, AttendanceRoutes.ledgerExport.template, roles: roles, guards: write, use: form)
        pages.register(.POST, AttendanceRoutes.ledgerExport.template, roles: roles, guards: write + [RequireRecentAuthentication()], use: download)
    }

    static func fields(_ periods: [UnitPeriod], lang: Lang) -> [FieldSpec] {
        [
            FieldSpec(name: "period", label: Localized("단위기간", "Unit period"), kind: .select(
                [.init(value: "all", label: lang.pick("과정 전체", "Whole course"))]
                + periods.map { .init(value: "\($0.index + 1)", label: "\($0.index + 1). \($0.start.description) ~ \($0.end.description)") })),
            FieldSpec(name: "format", label: Localized("형식", "Format"), kind: .select([.init(value: "xlsx", label: "Excel (XLSX)"), .init(value: "csv", label: "CSV")])),
            FieldSpec(name: "reason", label: Localized("내려받는 이유", "Why you need it"), kind: .textarea,
                      hint: Localized("열람 기록에 남습니다. 예: 11월 훈련장려금 신청 서류", "Kept in the access log, e.g. November allowance claim")),
        ]
    }

    @Sendable static func form(_ req: Request) async throws -> Response {
        try render(req, values: ["format": "xlsx", "period": "all"], errors: [])
    }

    static func periods(_ cohort: Cohort) -> [UnitPeriod] {
        guard let start = Day(cohort.startsOn), let end = Day(cohort.endsOn) else { return [] }
        return AttendanceRules().unitPeriods(courseStart: start, courseEnd: end)
    }

    static func render(_ req: Request, values: [String: String], errors: [FieldError], status: HTTPResponseStatus = .ok) throws -> Response {
        let lang = req.lang
        let cohort = try req.loaded(Cohort.self)
        let body: HTML = """
            <p><a href="\(AttendanceRoutes.matrix(cohort.id ?? 0))">← \(cohort.name)</a></p>
            <p class="muted">\(lang.pick("훈련생, 날짜, 입실, 퇴실, 외출, 상태, 사유, 정정자를 담은 출석부입니다. 개인정보가 담겨 있으니 필요한 곳에만 쓰세요.", "The ledger lists trainee, date, check-in, check-out, outings, status, reason and who corrected it. It holds personal data: use it only where needed."))</p>
            \(Components.form(req, action: AttendanceRoutes.ledgerExport(cohort.id ?? 0), fields: fields(periods(cohort), lang: lang),
                              values: values, errors: errors, submit: Localized("내려받기", "Download")))
            """
        return Layout.page(req, title: lang.pick("\(cohort.name) 출석부 내려받기", "\(cohort.name) ledger download"), body: body, status: status)
    }

    @Sendable static func download(_ req: Request) async throws -> Response {
        let cohort = try req.loaded(Cohort.self)
        let values = try req.submittedValues()
        var reader = FieldReader(values)
        let all = periods(cohort)
        let periodText = reader.raw("period")
        let period = periodText == "all" ? nil : Int(periodText).flatMap { n in all.first { $0.index + 1 == n } }
        if periodText != "all" && period == nil { reader.fail("period", "단위기간을 고르세요.", "Choose a unit period.") }
        let format = Spreadsheet.Format(rawValue: reader.raw("format"))
        if format == nil { reader.fail("format", "형식을 고르세요.", "Choose a format.") }
        let reason = reader.raw("reason").trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.count < 5 { reader.fail("reason", "내려받는 이유를 5자 이상 적으세요.", "Say why you need it, in at least 5 characters.") }
        if !reader.errors.isEmpty {
            return try render(req, values: values, errors: reader.errors, status: .unprocessableEntity)
        }
        let sheet = try await ledger(cohort, period: period, lang: req.lang, today: Day(req.now), on: req.db)
        try await AccessLog.record(req, actor: try req.principal.personID, subject: nil, action: "export_ledger", detail: reason)
        let suffix = period.map { "-\($0.start.description)" } ?? ""
        return try sheet.response(format: format!, fileName: "\(cohort.name)-출석부\(suffix)")
    }

    /// One row per trainee and training day that has happened (or today): the columns compliance asks for.
    static func ledger(_ cohort: Cohort, period: UnitPeriod?, lang: Lang, today: Day, on db: any Database) async throws -> Spreadsheet {
        let ledger = try await CohortLedger.load(cohort, today: today, on: db)
        let people = try await CohortAttendance.trainees(of: cohort, on: db)
        let staffIDs = Set(ledger.scans.values.flatMap { $0.values.flatMap { $0.compactMap(\.recordedBy) } })
        let staff = try await Person.query(on: db).filter(\.$id ~~ staffIDs).all().reduce(into: [Int: String]()) { $0[$1.id ?? 0] = $1.name }
        let range = period.map { $0.start...$0.end }
        var rows: [[String]] = []
        for t in people {
            for d in ledger.days(of: t.personID, in: range) where d.day <= today {
                let checkIn = d.scans.first { $0.kind == .checkIn }.map { KoreanFormats.clockTime($0.at) } ?? ""
                let checkOut = d.scans.last { $0.kind == .checkOut }.map { KoreanFormats.clockTime($0.at) } ?? ""
                var outings: [String] = []
                var left: Date? = nil
                for s in d.scans {
                    if s.kind == .goOut { left = s.at }
                    if s.kind == .comeBack, let l = left { outings.append(KoreanFormats.clockTime(l) + "-" + KoreanFormats.clockTime(s.at)); left = nil }
                }
                if let l = left { outings.append(KoreanFormats.clockTime(l) + "-") }
                let status: String
                var reasons: [String] = []
                if let r = d.result {
                    switch r.status {
                    case .absent: status = lang.pick("결석", "Absent")
                    case .excused: status = lang.pick("공가", "Excused")
                    case .present: status = r.marks.isEmpty ? lang.pick("출석", "Present") : r.marks.map { AttendanceViews.markName($0).in(lang) }.joined(separator: "+")
                    }
                    let reasonText = AttendanceViews.reasonText(r.reason, lang)
                    if !reasonText.isEmpty { reasons.append(String(reasonText.dropFirst(3))) }
                    if let e = d.excuse { reasons.append(e.name.in(lang)) }
                } else {
                    status = lang.pick("진행 중", "Today")
                }
                for s in d.scans where s.source == .manual {
                    reasons.append(lang.pick("수기", "By hand") + ": " + (ManualScanReason(rawValue: s.manualReason ?? "")?.name.in(lang) ?? ""))
                }
                let correctedBy = Set(d.scans.compactMap { s in s.source == .qr ? nil : s.recordedBy.flatMap { staff[$0] } }).sorted().joined(separator: ", ")
                rows.append([t.label(lang), d.day.description, checkIn, checkOut, outings.joined(separator: ", "), status, reasons.joined(separator: "; "), correctedBy])
            }
        }
        return Spreadsheet(sheetName: lang.pick("출석부", "Ledger"),
                           headers: lang == .ko ? ["훈련생", "날짜", "입실", "퇴실", "외출", "상태", "사유", "정정자"]
                               : ["Trainee", "Date", "Check-in", "Check-out", "Outings", "Status", "Reason", "Corrected by"],
                           rows: rows)
    }
}
