import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

struct RosterOutput: Content {
    struct Row: Content {
        let personID: Int
        let name: String
        /// not_yet, in, late, out, left_early, away, absent (no_training on a day without training)
        let state: String
        let scans: [AttendanceOutput.ScanOut]
        enum CodingKeys: String, CodingKey { case name, state, scans; case personID = "person_id" }
    }

    let cohortID: Int
    let day: String
    let trainingDay: Bool
    let counts: [String: Int]
    let trainees: [Row]

    enum CodingKeys: String, CodingKey {
        case day, counts, trainees
        case cohortID = "cohort_id"
        case trainingDay = "training_day"
    }
}

struct MatrixOutput: Content {
    struct Row: Content {
        let personID: Int
        let name: String
        let rate: Double
        let absences: Int
        let furtherAbsencesAllowed: Int
        let atRisk: Bool
        let days: [String: String]
        enum CodingKeys: String, CodingKey {
            case name, rate, absences, days
            case personID = "person_id"
            case furtherAbsencesAllowed = "further_absences_allowed"
            case atRisk = "at_risk"
        }
    }

    let cohortID: Int
    let month: String
    let days: [String]
    let trainees: [Row]

    enum CodingKeys: String, CodingKey {
        case month, days, trainees
        case cohortID = "cohort_id"
    }
}

/// The staff's view of a cohort's attendance: today's live roster, the month matrix with the at-risk list,
/// and scans recorded by hand.
enum CohortAttendance {
    static let viewers: [Role] = [.programManager, .operatorAdmin, .campusStaff, .mentor]
    static let recorders: [Role] = [.operatorAdmin, .campusStaff]

    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        let read: [any Middleware] = [RecordGuard<CohortResource>(mode: .read)], write: [any Middleware] = [RecordGuard<CohortResource>(mode: .write)]
        pages.register(.GET, AttendanceRoutes.roster.template, roles: viewers, guards: read, use: rosterPage)
        pages.register(.GET, AttendanceRoutes.matrix.template, roles: viewers, guards: read, use: matrixPage)
        pages.register(.POST, AttendanceRoutes.manualScans.template, roles: recorders, guards: write, action: recordManualScan,
                       show: { req, out in
                           let notice: HTML = "<div class=\"alert success\" role=\"status\">\(req.lang.pick("기록했습니다", "Recorded")): \(out.atKST)</div>"
                           return try await renderRoster(req, values: [:], errors: [], notice: notice)
                       },
                       retry: { req, values, errors in try await renderRoster(req, values: values, errors: errors) },
                       shownRefusals: [.badRequest, .notFound, .conflict, .unprocessableEntity])
        api.register(AttendanceRoutes.rosterJSON, guards: read, use: rosterJSON)
        api.register(AttendanceRoutes.matrixJSON, guards: read, use: matrixJSON)
        api.register(AttendanceRoutes.recordManualScan, guards: write, action: recordManualScan) { req, out in
            try await out.encodeResponse(status: out.replayed ? .ok : .created, for: req)
        }
    }

    struct Trainee {
        let personID: Int
        let enrollmentID: Int
        let name: String
        /// What tells them apart from a namesake in the cohort (birth year, phone tail), if they have one.
        var second: Localized? = nil

        func label(_ lang: Lang) -> String { second.map { "\(name) (\($0.in(lang)))" } ?? name }
        func cell(_ lang: Lang) -> HTML { second.map { "\(name)<br><small class=\"muted\">\($0.in(lang))</small>" } ?? "\(name)" }
    }

    /// The cohort's trainees who are or were in training (not applicants, not drop-outs).
    static func trainees(of cohort: Cohort, on db: any Database) async throws -> [Trainee] {
        let enrollments = try await Enrollment.query(on: db).filter(\.$cohort.$id == cohort.requireID())
            .filter(\.$state ~~ [EnrollmentState.enrolled.rawValue, EnrollmentState.completed.rawValue, EnrollmentState.notCompleted.rawValue])
            .with(\.$person).all()
        let second = Namesakes.secondLines(of: enrollments)
        return enrollments.map { Trainee(personID: $0.$person.id, enrollmentID: $0.id ?? 0, name: $0.person.name, second: second[$0.id ?? 0]) }
            .sorted { $0.name < $1.name }
    }

    // MARK: Roster

    /// Today only: the day's schedule and scans, not the course's ledger (staff keep this page open all morning).
    static func roster(_ req: Request, cohort: Cohort) async throws -> (RosterOutput, [Trainee]) {
        let today = Day(req.now)
        let cohortID = try cohort.requireID()
        let schedule = try await TrainingDayRecord.query(on: req.db).filter(\.$cohort.$id == cohortID)
            .filter(\.$day == today.description).first()?.schedule
        let todays = Dictionary(grouping: try await CohortLedger.scans(cohortID: cohortID, day: today, on: req.db as! any SQLDatabase), by: \.personID)
        let people = try await trainees(of: cohort, on: req.db)
        let minute = KoreanFormats.minuteOfDay(req.now)
        var counts: [String: Int] = [:]
        let rows = people.map { t -> RosterOutput.Row in
            let scans = todays[t.personID] ?? []
            let state = schedule.map { AttendanceViews.liveState(scans, schedule: $0, minuteNow: minute).rawValue } ?? "no_training"
            counts[state, default: 0] += 1
            return RosterOutput.Row(personID: t.personID, name: t.name, state: state, scans: scans.map {
                AttendanceOutput.ScanOut(id: $0.id, kind: $0.kind.rawValue, at: $0.at, atKST: KoreanFormats.clockTime($0.at), source: $0.source.rawValue)
            })
        }
        req.listed(people.map(\.personID), purpose: "roster")
        return (RosterOutput(cohortID: cohortID, day: today.description, trainingDay: schedule != nil, counts: counts, trainees: rows), people)
    }

    @Sendable static func rosterJSON(_ req: Request) async throws -> RosterOutput {
        try await roster(req, cohort: try req.loaded(Cohort.self)).0
    }

    @Sendable static func rosterPage(_ req: Request) async throws -> Response {
        try await renderRoster(req, values: [:], errors: [])
    }

    static func renderRoster(_ req: Request, values: [String: String], errors: [FieldError], notice: HTML = .empty,
                             status: HTTPResponseStatus = .ok) async throws -> Response {
        let lang = req.lang
        var notice = notice
        if let refusal = errors.first(where: { $0.field == formRefusal }) {
            notice = "<div class=\"alert error\" role=\"alert\">\(refusal.message.in(lang))</div>"
        }
        let cohort = try req.loaded(Cohort.self)
        let (out, people) = try await roster(req, cohort: cohort)
        let order: [AttendanceViews.LiveState] = [.inRoom, .late, .away, .leftEarly, .out, .notYet, .absent]
        let counts = order.map { s -> HTML in
            "<div class=\"stat \(s.rawValue)\"><span class=\"num\">\(out.counts[s.rawValue] ?? 0)</span><span>\(AttendanceViews.liveName(s).in(lang))</span></div>"
        }
        // Those not (yet) there come first: they are the ones staff call.
        let priority = ["absent": 0, "not_yet": 1, "away": 2, "left_early": 3, "late": 4, "in": 5, "out": 6]
        let byPerson = Dictionary(people.map { ($0.personID, $0) }, uniquingKeysWith: { a, _ in a })
        let ordered = out.trainees.sorted { (priority[$0.state] ?? 9, $0.name) < (priority[$1.state] ?? 9, $1.name) }
        let rows = ordered.map { r -> HTML in
            let state = AttendanceViews.LiveState(rawValue: r.state)
            let name = state.map { AttendanceViews.liveName($0).in(lang) } ?? lang.pick("훈련일 아님", "No training")
            let scans = r.scans.map { s -> String in
                let k = ScanKind(rawValue: s.kind).map { CheckInController.kindName($0).in(lang) } ?? s.kind
                return k + " " + s.atKST + (s.source == "qr" ? "" : s.source == "manual" ? lang.pick(" (수기)", " (by hand)") : lang.pick(" (정정)", " (corrected)"))
            }.joined(separator: " · ")
            let who = byPerson[r.personID]?.cell(lang) ?? "\(r.name)"
            return "<tr><th scope=\"row\">\(who)</th><td><span class=\"state \(r.state)\">\(name)</span></td><td>\(scans.isEmpty ? "—" : scans)</td></tr>"
        }
        let table: HTML = rows.isEmpty ? "<p class=\"empty\">\(lang.pick("훈련생이 없습니다.", "No trainees."))</p>" : """
            <div class="table-wrap"><table class="roster"><thead><tr><th scope="col">\(lang.pick("훈련생", "Trainee"))</th><th scope="col">\(lang.pick("상태", "State"))</th><th scope="col">\(lang.pick("오늘의 기록", "Today's scans"))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
        let principal = try req.principal
        let canRecord = principal.hasAny(recorders) && principal.canWrite(CohortResource.scope(of: cohort))
        let form: HTML = canRecord && out.trainingDay ? """
            <h2>\(lang.pick("수기 기록", "Record by hand"))</h2>
            <p class="muted">\(lang.pick("휴대전화로 찍을 수 없는 경우에만, 정해진 사유로 기록합니다. 수기 기록은 표시되어 남습니다.", "Only when a phone scan is impossible, with one of the listed reasons; such scans stay marked as made by hand."))</p>
            \(Components.form(req, action: AttendanceRoutes.manualScans(cohort.id ?? 0), fields: [
                FieldSpec(name: "person_id", label: Localized("훈련생", "Trainee"), kind: .select(people.map { .init(value: "\($0.personID)", label: $0.label(lang)) })),
                FieldSpec(name: "kind", label: Localized("구분", "Kind"), kind: .select(ScanKind.allCases.map { .init(value: $0.rawValue, label: CheckInController.kindName($0).in(lang)) })),
                FieldSpec(name: "time", label: Localized("시각", "Time"), hint: Localized("오늘, 예: 09:05", "Today, e.g. 09:05")),
                FieldSpec(name: "reason", label: Localized("사유", "Reason"), kind: .select(ManualScanReason.allCases.map { .init(value: $0.rawValue, label: $0.name.in(lang)) })),
                FieldSpec(name: "idempotency_key", label: Localized("", ""), kind: .hidden),
            ], values: manualFormValues(values, now: req.now), errors: errors, submit: Localized("기록", "Record")))
            """ : .empty
        let body: HTML = """
            <p><a href="\(CohortResource.record(cohort.id ?? 0))">← \(cohort.name)</a> · <a href="\(AttendanceRoutes.matrix(cohort.id ?? 0))">\(lang.pick("출결 현황표", "Attendance matrix"))</a> · <a href="\(AttendanceRoutes.checkInScreen(cohort.$campus.id))">\(lang.pick("출결 QR 화면", "QR screen"))</a></p>
            \(notice)
            <div id="live-roster" data-refresh="\(AttendanceRoutes.roster(cohort.id ?? 0))" data-refresh-every="20">
            <p class="lead">\(out.day) \(KoreanFormats.clockTime(req.now))\(out.trainingDay ? "" : " · " + lang.pick("오늘은 훈련일이 아닙니다", "not a training day"))
            <span class="muted">· \(lang.pick("20초마다 저절로 새로 고칩니다", "refreshes itself every 20 seconds")) · <a href="\(AttendanceRoutes.roster(cohort.id ?? 0))">\(lang.pick("지금 새로 고침", "Refresh now"))</a></span></p>
            <div class="stats">\(counts)</div>
            \(table)
            </div>
            \(form)
            """
        return Layout.page(req, title: lang.pick("\(cohort.name) 오늘 출결", "\(cohort.name) today"), body: body, status: status)
    }

    // MARK: Manual scans

    /// A form sent back with mistakes keeps its idempotency key, so sending it again still records once.
    static func manualFormValues(_ submitted: [String: String], now: Date) -> [String: String] {
        var values = submitted
        if values["idempotency_key", default: ""].isEmpty { values["idempotency_key"] = Tokens.random() }
        if values["time", default: ""].isEmpty { values["time"] = KoreanFormats.clockTime(now) }
        return values
    }

    static func readManual(_ values: [String: String], people: [Trainee], now: Date) throws -> (Trainee, ScanKind, Int, ManualScanReason, String) {
        var reader = FieldReader(values)
        let person = Int(reader.raw("person_id")).flatMap { id in people.first { $0.personID == id } }
        if person == nil { reader.fail("person_id", "이 기수의 훈련생을 고르세요.", "Choose a trainee of this cohort.") }
        let kind = ScanKind(rawValue: reader.raw("kind"))
        if kind == nil { reader.fail("kind", "입실, 퇴실, 외출, 복귀 중에서 고르세요.", "Choose check-in, check-out, going out or coming back.") }
        let minute = TrainingCalendar.minute(reader.raw("time"))
        if minute == nil {
            reader.fail("time", "시각을 09:05처럼 적으세요.", "Write a time such as 09:05.")
        } else if minute! > KoreanFormats.minuteOfDay(now) {
            reader.fail("time", "아직 오지 않은 시각은 기록할 수 없습니다.", "You cannot record a time still to come.")
        }
        let reason = ManualScanReason(rawValue: reader.raw("reason"))
        if reason == nil { reader.fail("reason", "정해진 사유 중 하나를 고르세요.", "Choose one of the listed reasons.") }
        let key = reader.raw("idempotency_key")
        try reader.finish()
        return (person!, kind!, minute!, reason!, key)
    }

    static let manualBody = Body([
        .id("person_id"), .choice("kind", ScanKind.self), .clock("time"), .choice("reason", ManualScanReason.self),
        .field("idempotency_key", .text(minLength: 8, maxLength: 100, pattern: "^[0-9A-Za-z_-]+$"), required: true,
               "8 to 100 letters, digits, '-' or '_', the same when the scan is sent again: it is recorded once"),
    ])

    static func recordManual(_ req: Request, values: [String: String]) async throws -> CheckInOutput {
        let cohort = try req.loaded(Cohort.self)
        let today = Day(req.now)
        guard try await TrainingDayRecord.query(on: req.db).filter(\.$cohort.$id == cohort.requireID()).filter(\.$day == today.description).first() != nil else {
            throw CheckIn.refusal("not_a_training_day", Localized("오늘은 이 기수의 훈련일이 아닙니다.", "Today is not a training day of this cohort."))
        }
        let (trainee, kind, minute, reason, rawKey) = try readManual(values, people: try await trainees(of: cohort, on: req.db), now: req.now)
        let key = try CheckIn.idempotencyKey(rawKey)
        let at = KoreanFormats.startOfDay(today).addingTimeInterval(Double(minute * 60))
        let principal = try req.principal
        let scan = NewScan(enrollmentID: trainee.enrollmentID, personID: trainee.personID, cohortID: try cohort.requireID(),
                           campusID: cohort.$campus.id, operatorID: cohort.operatorID, day: today.description, kind: kind.rawValue, at: at,
                           source: .manual, manualReason: reason.rawValue, recordedBy: principal.personID, correctionID: nil,
                           codeWindow: nil, idempotencyKey: key)
        let sql = req.db as! any SQLDatabase
        switch try await req.application.scanWriter.write(scan) {
        case let .stored(id):
            try await AccessLog.record(req, actor: principal.personID, subject: trainee.personID, action: "manual_scan")
            return CheckInOutput(scanID: id, kind: kind.rawValue, at: at, atKST: KoreanFormats.clockTime(at), day: scan.day,
                                 cohortID: scan.cohortID, campusID: scan.campusID, source: ScanSource.manual.rawValue, replayed: false)
        case .conflict:
            guard let earlier = try await CheckIn.earlier(personID: trainee.personID, key: key, on: sql) else { throw AppError.conflict(Localized("이미 기록되었습니다.", "Already recorded.")) }
            return earlier
        }
    }

    static let recordManualScan = Action { req, values in try await recordManual(req, values: values) }

    // MARK: Matrix

    /// The month's rows, each with its trainee's days, so the page draws them without evaluating them again.
    struct Matrix {
        let output: MatrixOutput
        let rules: AttendanceRules
        let lines: [(trainee: Trainee, row: MatrixOutput.Row, days: [LedgerDay])]
        let days: [Day]
    }

    static func matrix(_ req: Request, cohort: Cohort) async throws -> Matrix {
        let today = Day(req.now)
        let ledger = try await CohortLedger.load(cohort, today: today, on: req.db)
        let people = try await trainees(of: cohort, on: req.db)
        req.listed(people.map(\.personID), purpose: "attendance matrix")
        let start = Day(cohort.startsOn) ?? today
        let month = AttendanceViews.month(from: req, default: min(max(today, start), Day(cohort.endsOn) ?? today))
        let first = Day(year: month.year, month: month.month, day: 1)!
        let last = first.adding(months: 1).adding(days: -1)
        let days = ledger.trainingDays.filter { first <= $0 && $0 <= last }
        let minute = KoreanFormats.minuteOfDay(req.now)
        let lines = people.map { t -> (trainee: Trainee, row: MatrixOutput.Row, days: [LedgerDay]) in
            let summary = ledger.summary(of: t.personID)!
            let monthDays = ledger.days(of: t.personID, in: first...last)
            var cells: [String: String] = [:]
            for d in monthDays {
                cells[d.day.description] = d.result.map { r in r.status == .present && !r.marks.isEmpty ? r.marks.map(\.rawValue).joined(separator: "+") : r.status.rawValue }
                    ?? (d.day == today ? AttendanceViews.liveState(d.scans, schedule: d.schedule, minuteNow: minute).rawValue : "pending")
            }
            let row = MatrixOutput.Row(personID: t.personID, name: t.name, rate: summary.rate, absences: summary.absences,
                                       furtherAbsencesAllowed: summary.furtherAbsencesAllowed, atRisk: summary.atRisk, days: cells)
            return (t, row, monthDays)
        }
        let out = MatrixOutput(cohortID: try cohort.requireID(), month: String(format: "%04d-%02d", month.year, month.month),
                               days: days.map(\.description), trainees: lines.map(\.row))
        return Matrix(output: out, rules: ledger.rules, lines: lines, days: days)
    }

    @Sendable static func matrixJSON(_ req: Request) async throws -> MatrixOutput {
        try await matrix(req, cohort: try req.loaded(Cohort.self)).output
    }

    @Sendable static func matrixPage(_ req: Request) async throws -> Response {
        let lang = req.lang
        let cohort = try req.loaded(Cohort.self)
        let matrix = try await matrix(req, cohort: cohort)
        let out = matrix.output
        let today = Day(req.now)
        let minute = KoreanFormats.minuteOfDay(req.now)
        let head = matrix.days.map { d -> HTML in "<th scope=\"col\" class=\"d\">\(d.day)</th>" }
        let rows = matrix.lines.map { line -> HTML in
            let cells = line.days.map { d -> HTML in
                let m = AttendanceViews.mark(d, today: today, minuteNow: minute, lang: lang)
                return "<td class=\"day \(m.cls)\" title=\"\(d.day.description) \(m.title)\">\(m.text)<span class=\"sr\">\(m.title)</span></td>"
            }
            let risk: HTML = line.row.atRisk ? " class=\"at-risk\"" : ""
            return "<tr\(risk)><th scope=\"row\">\(line.trainee.cell(lang))</th>\(cells)<td class=\"num\">\(line.row.absences)</td><td class=\"num\">\(AttendanceViews.percent(line.row.rate))</td></tr>"
        }
        let atRisk = out.trainees.filter(\.atRisk).sorted { $0.furtherAbsencesAllowed < $1.furtherAbsencesAllowed }.map { r -> [HTML] in
            let left: String = r.furtherAbsencesAllowed < 0 ? lang.pick("이미 미달", "already below")
                : lang.pick("\(r.furtherAbsencesAllowed + 1)일 더 결석하면 미달", "\(r.furtherAbsencesAllowed + 1) more absence(s) fail")
            return ["\(r.name)", "\(AttendanceViews.percent(r.rate))", "\(r.absences)", "\(left)"]
        }
        let month = (year: Int(out.month.prefix(4))!, month: Int(out.month.suffix(2))!)
        let body: HTML = """
            <p><a href="\(CohortResource.record(cohort.id ?? 0))">← \(cohort.name)</a> · <a href="\(AttendanceRoutes.roster(cohort.id ?? 0))">\(lang.pick("오늘 출결", "Today"))</a> · <a href="\(AttendanceRoutes.corrections.url(["cohort": String(cohort.id ?? 0)]))">\(lang.pick("정정 요청", "Corrections"))</a> · <a href="\(AttendanceRoutes.ledgerExport(cohort.id ?? 0))">\(lang.pick("출석부 내려받기", "Download the ledger"))</a></p>
            <h2>\(lang.pick("수료 위험", "At risk"))</h2>
            <p class="muted">\(lang.pick("수료 기준(훈련일의 80%)까지 결석 여유가 \(matrix.rules.atRiskMargin)일 이하인 훈련생입니다.", "Trainees with \(matrix.rules.atRiskMargin) or fewer absences to spare before the completion threshold (80% of training days)."))</p>
            \(Components.table(headers: [lang.pick("훈련생", "Trainee"), lang.pick("출석률", "Rate"), lang.pick("결석", "Absences"), lang.pick("남은 여유", "Margin")], rows: atRisk,
                               empty: lang.pick("수료가 위험한 훈련생이 없습니다.", "Nobody is at risk."), compact: true))
            <h2>\(lang.pick("월별 출결 현황", "Month by trainee"))</h2>
            \(AttendanceViews.monthLinks(AttendanceRoutes.matrix(cohort.id ?? 0), month: month, lang: lang))
            <div class="table-wrap matrix-wrap"><table class="matrix"><caption>\(out.month)</caption>
            <thead><tr><th scope="col">\(lang.pick("훈련생", "Trainee"))</th>\(head)<th scope="col">\(lang.pick("결석", "Abs."))</th><th scope="col">\(lang.pick("출석률", "Rate"))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            \(AttendanceViews.legend(lang: lang))
            """
        return Layout.page(req, title: lang.pick("\(cohort.name) 출결 현황", "\(cohort.name) attendance"), body: body)
    }
}
