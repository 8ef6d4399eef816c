import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

/// A scan as the ledger pages and exports show it.
struct LedgerScan: Sendable {
    let id: Int
    let personID: Int
    let day: String
    let kind: ScanKind
    let at: Date
    let source: ScanSource
    let manualReason: String?
    let recordedBy: Int?
    let correctionID: Int?

    var scan: Scan { Scan(kind, KoreanFormats.minuteOfDay(at)) }
}

/// One trainee's day in the ledger: what was scheduled, scanned and excused, and what the rules make of it.
struct LedgerDay: Sendable {
    let day: Day
    let schedule: DaySchedule
    let scans: [LedgerScan]
    let excuse: ExcuseKind?
    /// Nil for today and days to come: a day is decided at midnight ("no check-out by midnight = absent").
    let result: DayResult?
}

/// A cohort's attendance over a range of days, read in four queries and evaluated by `AttendanceRules`.
struct CohortLedger: Sendable {
    let cohort: Cohort
    let rules: AttendanceRules
    let today: Day
    let schedule: [Day: DaySchedule]
    let scans: [Int: [String: [LedgerScan]]]
    let excuses: [Int: [String: ExcuseKind]]

    var trainingDays: [Day] { schedule.keys.sorted() }

    func days(of personID: Int, in range: ClosedRange<Day>? = nil) -> [LedgerDay] {
        trainingDays.filter { range?.contains($0) ?? true }.map { day in
            let key = day.description
            let dayScans = scans[personID]?[key] ?? []
            let excuse = excuses[personID]?[key]
            let result = day < today ? rules.evaluate(day: schedule[day]!, scans: dayScans.map(\.scan), excuse: excuse) : nil
            return LedgerDay(day: day, schedule: schedule[day]!, scans: dayScans, excuse: excuse, result: result)
        }
    }

    func summary(of personID: Int) -> CourseSummary? {
        guard let start = Day(cohort.startsOn), let end = Day(cohort.endsOn) else { return nil }
        let days = days(of: personID).map { TrainingDay(day: $0.day, result: $0.result) }
        return rules.summarise(courseStart: start, courseEnd: end, days: days)
    }

    /// A cohort's scans that count (not voided, not taken back), in time order: all of them, or one day's (the live roster, the check-in
    /// page), for everyone or one person.
    static func scans(cohortID: Int, personID: Int? = nil, day: Day? = nil, on sql: any SQLDatabase) async throws -> [LedgerScan] {
        var query = sql.select()
            .columns("id", "person_id", "day", "kind", "at", "source", "manual_reason", "recorded_by", "correction_id")
            .from(ScanRecord.schema)
            .where("cohort_id", .equal, SQLBind(cohortID))
            .where(SQLColumn("voided_by"), .is, SQLLiteral.null)
            .where(SQLColumn("withdrawn_at"), .is, SQLLiteral.null)
        if let day { query = query.where("day", .equal, SQLBind(day.description)) }
        if let personID { query = query.where("person_id", .equal, SQLBind(personID)) }
        return try await query.orderBy("at").all().compactMap { row in
            guard let kind = ScanKind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
            return LedgerScan(
                id: try row.decode(column: "id", as: Int.self), personID: try row.decode(column: "person_id", as: Int.self),
                day: try row.decode(column: "day", as: String.self), kind: kind, at: try row.decode(column: "at", as: Date.self),
                source: ScanSource(rawValue: try row.decode(column: "source", as: String.self)) ?? .qr,
                manualReason: try row.decode(column: "manual_reason", as: String?.self),
                recordedBy: try row.decode(column: "recorded_by", as: Int?.self),
                correctionID: try row.decode(column: "correction_id", as: Int?.self))
        }
    }

    /// Loads `cohort`'s schedule, scans (not voided) and approved excuses, for everyone or one person.
    static func load(_ cohort: Cohort, personID: Int? = nil, today: Day, on db: any Database) async throws -> CohortLedger {
        let cohortID = try cohort.requireID()
        let sql = db as! any SQLDatabase
        var schedule: [Day: DaySchedule] = [:]
        for row in try await sql.select().columns("day", "starts_at", "ends_at", "breaks").from(TrainingDayRecord.schema)
            .where("cohort_id", .equal, SQLBind(cohortID)).all() {
            guard let day = Day(try row.decode(column: "day", as: String.self)) else { continue }
            let start = try row.decode(column: "starts_at", as: Int.self), end = try row.decode(column: "ends_at", as: Int.self)
            let breaks = TrainingCalendar.breaks(try row.decode(column: "breaks", as: String.self), within: start...end) ?? []
            schedule[day] = DaySchedule(start: start, end: end, breaks: breaks)
        }
        var scans: [Int: [String: [LedgerScan]]] = [:]
        for scan in try await Self.scans(cohortID: cohortID, personID: personID, on: sql) {
            scans[scan.personID, default: [:]][scan.day, default: []].append(scan)
        }
        var excuseQuery = sql.select().columns("person_id", "day", "excuse").from(CorrectionRecord.schema)
            .where("cohort_id", .equal, SQLBind(cohortID))
            .where("kind", .equal, SQLBind(CorrectionKind.excuse.rawValue))
            .where("state", .equal, SQLBind(CorrectionState.approved))
        if let personID { excuseQuery = excuseQuery.where("person_id", .equal, SQLBind(personID)) }
        var excuses: [Int: [String: ExcuseKind]] = [:]
        for row in try await excuseQuery.all() {
            if let kind = ExcuseKind(rawValue: try row.decode(column: "excuse", as: String?.self) ?? "") {
                excuses[try row.decode(column: "person_id", as: Int.self), default: [:]][try row.decode(column: "day", as: String.self)] = kind
            }
        }
        let rules = try await AttendanceSettings.rules(forOperator: cohort.operatorID, on: db)
        return CohortLedger(cohort: cohort, rules: rules, today: today, schedule: schedule, scans: scans, excuses: excuses)
    }
}

/// A program's attendance rules; the defaults of PROGRAM.md until a program manager changes them.
final class AttendanceSettings: Model, @unchecked Sendable {
    static let schema = "attendance_settings"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "program_id") var programID: Int
    @Field(key: "rules") var rules: String

    init() {}

    static func rules(forProgram programID: Int, on db: any Database) async throws -> AttendanceRules {
        guard let stored = try await AttendanceSettings.query(on: db).filter(\.$programID == programID).first(),
              let rules = try? JSONDecoder().decode(AttendanceRules.self, from: Data(stored.rules.utf8)) else { return AttendanceRules() }
        return rules
    }

    static func rules(forOperator operatorID: Int, on db: any Database) async throws -> AttendanceRules {
        guard let op = try await Operator.find(operatorID, on: db) else { return AttendanceRules() }
        return try await rules(forProgram: op.$program.id, on: db)
    }
}
