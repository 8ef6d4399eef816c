import Fluent
import Foundation
import IeumCore
import Vapor

struct ScheduleOutput: Content {
    struct Period: Content {
        let index: Int
        let start: String
        let end: String
        let trainingDays: Int

        enum CodingKeys: String, CodingKey {
            case index, start, end
            case trainingDays = "training_days"
        }
    }

    let cohortID: Int
    let weekdays: [Int]
    let startsAt: String
    let endsAt: String
    let breaks: String
    let holidays: [String]
    let trainingDays: [String]
    let unitPeriods: [Period]

    enum CodingKeys: String, CodingKey {
        case weekdays, breaks, holidays
        case cohortID = "cohort_id"
        case startsAt = "starts_at"
        case endsAt = "ends_at"
        case trainingDays = "training_days"
        case unitPeriods = "unit_periods"
    }
}

/// A cohort's training days (issue 3, schedule): laid out from weekdays, hours, breaks and holidays,
/// with the unit periods the attendance rules count in.
enum ScheduleController {
    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        let read: [any Middleware] = [RecordGuard<CohortResource>(mode: .read)], write: [any Middleware] = [RecordGuard<CohortResource>(mode: .write)]
        pages.register(.GET, AttendanceRoutes.schedule.template, roles: CohortResource.readRoles, guards: read, use: page)
        pages.register(.POST, AttendanceRoutes.schedule.template, roles: CohortResource.writeRoles, guards: write, action: change,
                       next: { req, _ in AttendanceRoutes.schedule(try req.loaded(Cohort.self).requireID()) },
                       retry: { req, values, errors in try await render(req, cohort: try req.loaded(Cohort.self), values: values, errors: errors) })
        api.register(AttendanceRoutes.scheduleJSON, guards: read, use: json)
        api.register(AttendanceRoutes.saveSchedule, guards: write, action: change)
    }

    struct Settings {
        var weekdays: Set<Int> = [1, 2, 3, 4, 5]
        var start = 9 * 60
        var end = 18 * 60
        var breaks: [ClosedRange<MinuteOfDay>] = [(12 * 60)...(13 * 60)]
        var holidays: [Day] = []

        var values: [String: String] {
            ["weekdays": weekdays.sorted().map(String.init).joined(separator: ","), "starts_at": TrainingCalendar.clock(start),
             "ends_at": TrainingCalendar.clock(end), "breaks": TrainingCalendar.describe(breaks),
             "holidays": holidays.map(\.description).joined(separator: "\n")]
        }
    }

    static func settings(for cohort: Cohort, on db: any Database) async throws -> Settings {
        guard let stored = try await CohortSchedule.query(on: db).filter(\.$cohort.$id == cohort.requireID()).first() else { return Settings() }
        return Settings(weekdays: Set(stored.weekdays.split(separator: ",").compactMap { Int($0) }), start: stored.startsAt, end: stored.endsAt,
                        breaks: TrainingCalendar.breaks(stored.breaks, within: stored.startsAt...stored.endsAt) ?? [],
                        holidays: stored.holidays.split(separator: ",").compactMap { Day(String($0)) })
    }

    /// Unsent fields keep their saved values.
    static let body = Body([
        .field("weekdays", .oneOf([.text(maxLength: 40), .array(.integer(minimum: 1, maximum: 7))]), required: false, "1 (Mon) to 7 (Sun), e.g. 1,2,3,4,5"),
        .clock("starts_at", required: false), .clock("ends_at", required: false),
        .text("breaks", max: 200, required: false, "e.g. 12:00-13:00"), .list("holidays", max: 4000, required: false, "YYYY-MM-DD days"),
    ])

    static func read(_ values: [String: String], cohort: Cohort) throws -> Settings {
        var reader = FieldReader(values)
        var s = Settings()
        let weekdays = reader.raw("weekdays").split(whereSeparator: { $0 == "," || $0 == " " }).map { Int($0) }
        if weekdays.isEmpty || weekdays.contains(where: { $0 == nil || !(1...7).contains($0!) }) {
            reader.fail("weekdays", "요일을 1(월)~7(일) 숫자로 적으세요. 예: 1,2,3,4,5", "Give weekdays as numbers 1 (Mon) to 7 (Sun), e.g. 1,2,3,4,5.")
        } else {
            s.weekdays = Set(weekdays.compactMap { $0 })
        }
        let start = TrainingCalendar.minute(reader.raw("starts_at")), end = TrainingCalendar.minute(reader.raw("ends_at"))
        if start == nil { reader.fail("starts_at", "시각을 09:00처럼 적으세요.", "Write a time such as 09:00.") }
        if end == nil { reader.fail("ends_at", "시각을 18:00처럼 적으세요.", "Write a time such as 18:00.") }
        if let start, let end, end <= start { reader.fail("ends_at", "끝나는 시각은 시작보다 뒤여야 합니다.", "The end must come after the start.") }
        if let start, let end, end > start {
            s.start = start
            s.end = end
            if let breaks = TrainingCalendar.breaks(reader.raw("breaks"), within: start...end) {
                s.breaks = breaks
            } else {
                reader.fail("breaks", "쉬는 시간을 12:00-13:00처럼, 수업 시간 안에서 적으세요.", "Write breaks such as 12:00-13:00, within the day's hours.")
            }
        }
        var holidays: [Day] = []
        for line in reader.raw("holidays").split(whereSeparator: { $0 == "," || $0.isNewline || $0 == " " }) {
            guard let day = Day(String(line)) else {
                reader.fail("holidays", "'\(line)'은(는) YYYY-MM-DD 날짜가 아닙니다.", "'\(line)' is not a YYYY-MM-DD date.")
                break
            }
            holidays.append(day)
        }
        s.holidays = holidays.sorted()
        try reader.finish()
        return s
    }

    static func save(_ settings: Settings, for cohort: Cohort, on db: any Database) async throws {
        guard let start = Day(cohort.startsOn), let end = Day(cohort.endsOn) else { return }
        let id = try cohort.requireID()
        let days = TrainingCalendar.days(from: start, to: end, weekdays: settings.weekdays, holidays: Set(settings.holidays))
        let breaks = TrainingCalendar.describe(settings.breaks)
        try await db.writeTransaction { tx in
            try await CohortSchedule.query(on: tx).filter(\.$cohort.$id == id).delete()
            let stored = CohortSchedule()
            stored.$cohort.id = id
            stored.weekdays = settings.weekdays.sorted().map(String.init).joined(separator: ",")
            stored.startsAt = settings.start
            stored.endsAt = settings.end
            stored.breaks = breaks
            stored.holidays = settings.holidays.map(\.description).joined(separator: ",")
            try await stored.create(on: tx)
            try await TrainingDayRecord.query(on: tx).filter(\.$cohort.$id == id).delete()
            let records = days.map { TrainingDayRecord(cohortID: id, day: $0.description, startsAt: settings.start, endsAt: settings.end, breaks: breaks) }
            for chunk in stride(from: 0, to: records.count, by: 200) {
                try await Array(records[chunk..<min(chunk + 200, records.count)]).create(on: tx)
            }
        }
    }

    static func output(_ cohort: Cohort, on db: any Database) async throws -> ScheduleOutput {
        let s = try await settings(for: cohort, on: db)
        let days = try await TrainingDayRecord.query(on: db).filter(\.$cohort.$id == cohort.requireID()).sort(\.$day).all().map(\.day)
        let dayValues = days.compactMap { Day($0) }
        let periods = AttendanceRules().unitPeriods(courseStart: Day(cohort.startsOn)!, courseEnd: Day(cohort.endsOn)!).map { p in
            ScheduleOutput.Period(index: p.index + 1, start: p.start.description, end: p.end.description,
                                  trainingDays: dayValues.filter(p.contains).count)
        }
        return ScheduleOutput(cohortID: try cohort.requireID(), weekdays: s.weekdays.sorted(), startsAt: TrainingCalendar.clock(s.start),
                              endsAt: TrainingCalendar.clock(s.end), breaks: TrainingCalendar.describe(s.breaks),
                              holidays: s.holidays.map(\.description), trainingDays: days, unitPeriods: periods)
    }

    @Sendable static func json(_ req: Request) async throws -> ScheduleOutput {
        try await output(try req.loaded(Cohort.self), on: req.db)
    }

    /// Unsent fields keep their saved values.
    static let change = Action { req, submitted -> ScheduleOutput in
        let cohort = try req.loaded(Cohort.self)
        var values = try await settings(for: cohort, on: req.db).values
        values.merge(submitted) { _, new in new }
        try await save(try read(values, cohort: cohort), for: cohort, on: req.db)
        return try await output(cohort, on: req.db)
    }

    @Sendable static func page(_ req: Request) async throws -> Response {
        let cohort = try req.loaded(Cohort.self)
        return try await render(req, cohort: cohort, values: try await settings(for: cohort, on: req.db).values, errors: [])
    }

    static func render(_ req: Request, cohort: Cohort, values: [String: String], errors: [FieldError],
                       status: HTTPResponseStatus = .ok) async throws -> Response {
        let lang = req.lang
        let principal = try req.principal
        let out = try await output(cohort, on: req.db)
        let periodRows = out.unitPeriods.map { p -> [HTML] in ["\(p.index)", "\(p.start) ~ \(p.end)", "\(p.trainingDays)"] }
        var months: [String: [String]] = [:]
        for day in out.trainingDays { months[String(day.prefix(7)), default: []].append(String(day.suffix(2))) }
        let monthRows = months.keys.sorted().map { m -> [HTML] in ["\(m)", "\(months[m]!.count)", "\(months[m]!.joined(separator: " "))"] }
        let canWrite = CohortResource.canChange(cohort, principal)
        let form: HTML = canWrite ? """
            <h2>\(lang.pick("일정 만들기", "Lay out the days"))</h2>
            \(Components.form(req, action: AttendanceRoutes.schedule(cohort.id ?? 0), fields: [
                FieldSpec(name: "weekdays", label: Localized("요일", "Weekdays"), hint: Localized("1=월 … 7=일, 예: 1,2,3,4,5", "1 = Monday … 7 = Sunday, e.g. 1,2,3,4,5")),
                FieldSpec(name: "starts_at", label: Localized("시작 시각", "Starts at"), hint: Localized("예: 09:00", "e.g. 09:00")),
                FieldSpec(name: "ends_at", label: Localized("끝 시각", "Ends at"), hint: Localized("예: 18:00", "e.g. 18:00")),
                FieldSpec(name: "breaks", label: Localized("쉬는 시간", "Breaks"), required: false, hint: Localized("예: 12:00-13:00 (출석 시간에서 빠집니다)", "e.g. 12:00-13:00 (not attendance time)")),
                FieldSpec(name: "holidays", label: Localized("휴일", "Holidays"), kind: .textarea, required: false, hint: Localized("한 줄에 하나씩 YYYY-MM-DD", "One YYYY-MM-DD per line")),
            ], values: values, errors: errors, submit: Localized("저장하고 훈련일 만들기", "Save and lay out the days")))
            """ : .empty
        let body: HTML = """
            <p><a href="\(CohortResource.record(cohort.id ?? 0))">← \(cohort.name)</a></p>
            \(Components.definitionList([
                (lang.pick("기간", "Dates"), "\(cohort.startsOn) ~ \(cohort.endsOn)"),
                (lang.pick("훈련일", "Training days"), "\(out.trainingDays.count)"),
                (lang.pick("수업 시간", "Hours"), "\(out.startsAt)–\(out.endsAt) (\(lang.pick("쉬는 시간", "breaks")) \(out.breaks.isEmpty ? "—" : out.breaks))"),
            ]))
            <h2>\(lang.pick("단위기간", "Unit periods"))</h2>
            <p class="muted">\(lang.pick("개강일부터 한 달씩 셉니다. 훈련장려금은 단위기간마다 출석률 80% 이상이어야 받습니다.", "Counted month by month from the start date; the training allowance needs 80% attendance in each."))</p>
            \(Components.table(headers: ["#", lang.pick("기간", "Dates"), lang.pick("훈련일", "Training days")], rows: periodRows, empty: "", compact: true))
            <h2>\(lang.pick("월별 훈련일", "Training days by month"))</h2>
            \(Components.table(headers: [lang.pick("월", "Month"), lang.pick("일수", "Days"), lang.pick("날짜", "Dates")], rows: monthRows, empty: lang.pick("아직 훈련일이 없습니다. 아래에서 일정을 만드세요.", "No training days yet: lay them out below.")))
            \(form)
            """
        return Layout.page(req, title: lang.pick("\(cohort.name) 훈련 일정", "\(cohort.name) schedule"), body: body, status: status)
    }
}
