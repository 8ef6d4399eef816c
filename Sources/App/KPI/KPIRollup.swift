import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

struct CreateKPIFacts: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(KPIRollup.table)
            .field("cohort_id", .int, .required, .references("cohorts", "id", onDelete: .cascade))
            .field("recruited", .int, .required)
            .field("enrolled", .int, .required)
            .field("active", .int, .required)
            .field("completed", .int, .required)
            .field("dropped", .int, .required)
            .field("employed", .int, .required)
            .field("employed_in_region", .int, .required)
            .field("employed_in_capital", .int, .required)
            .field("attendance_rate_sum", .double, .required)
            .field("attendance_rated", .int, .required)
            .unique(on: "cohort_id")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(KPIRollup.table).delete()
    }
}

/// The KPI roll-up: one row of counts per cohort (`CohortFacts`), rewritten from the cohort's enrollments,
/// jobs and attendance summaries in the same transaction as every change to them. The dashboard then sums a
/// few thousand rows instead of ninety thousand trainees and their records, and is never behind.
enum KPIRollup {
    static let table = "kpi_cohort_facts"
    static let chunk = 200

    /// Rewrites the rows of these cohorts. Call it inside the transaction that changed them.
    static func refresh(cohorts cohortIDs: some Sequence<Int>, on db: any Database) async throws {
        let ids = Array(Set(cohortIDs)).sorted()
        for start in stride(from: 0, to: ids.count, by: chunk) {
            let part = Array(ids[start..<min(start + chunk, ids.count)])
            let facts = try await compute(cohorts: part, on: db)
            try await write(facts, replacing: part, on: db)
        }
        try await KPISnapshot.bump(on: db)
    }

    /// Rewrites every cohort's row (after a seed, or to repair).
    static func refreshAll(on db: any Database) async throws {
        let ids = try await Cohort.query(on: db).all(\.$id)
        try await refresh(cohorts: ids, on: db)
    }

    /// Counts straight from the source tables: the roll-up's definition, and what tests compare it with.
    static func compute(cohorts ids: [Int], on db: any Database) async throws -> [CohortFacts] {
        guard !ids.isEmpty else { return [] }
        let sql = db as! any SQLDatabase
        var cohorts: [Int: (end: Day, region: Region?)] = [:]
        for row in try await sql.raw("""
            SELECT c.id, c.ends_on, p.region FROM cohorts c JOIN campuses p ON p.id = c.campus_id WHERE c.id IN (\(binds: ids))
            """).all() {
            guard let end = Day(try row.decode(column: "ends_on", as: String.self)) else { continue }
            cohorts[try row.decode(column: "id", as: Int.self)] = (end, Region(rawValue: try row.decode(column: "region", as: String.self)))
        }
        var jobs: [Int: [JobFact]] = [:]
        for row in try await sql.raw("""
            SELECT j.enrollment_id, j.starts_on, j.created_at, j.region
            FROM employment_records j JOIN enrollments e ON e.id = j.enrollment_id WHERE e.cohort_id IN (\(binds: ids))
            """).all() {
            guard let starts = Day(try row.decode(column: "starts_on", as: String.self)) else { continue }
            let recorded = try row.decode(column: "created_at", as: Date?.self).map { Day($0) } ?? starts
            jobs[try row.decode(column: "enrollment_id", as: Int.self), default: []].append(
                JobFact(startsOn: starts, recordedOn: recorded, region: Region(rawValue: try row.decode(column: "region", as: String.self))))
        }
        var enrollments: [Int: [EnrollmentFacts]] = [:]
        for row in try await sql.raw("""
            SELECT e.id, e.cohort_id, e.state, s.rate,
                   (SELECT t.from_state FROM enrollment_transitions t
                    WHERE t.enrollment_id = e.id AND t.to_state = \(bind: EnrollmentState.dropped.rawValue)
                    ORDER BY t.id DESC LIMIT 1) AS dropped_from
            FROM enrollments e LEFT JOIN attendance_summaries s ON s.enrollment_id = e.id
            WHERE e.cohort_id IN (\(binds: ids))
            """).all() {
            guard let state = EnrollmentState(rawValue: try row.decode(column: "state", as: String.self)) else { continue }
            let id = try row.decode(column: "id", as: Int.self)
            enrollments[try row.decode(column: "cohort_id", as: Int.self), default: []].append(EnrollmentFacts(
                state: state,
                droppedFrom: try row.decode(column: "dropped_from", as: String?.self).flatMap(EnrollmentState.init(rawValue:)),
                jobs: jobs[id] ?? [],
                attendanceRate: try row.decode(column: "rate", as: Double?.self)))
        }
        return ids.compactMap { id in
            guard let cohort = cohorts[id] else { return nil }
            return CohortFacts(cohortID: id, courseEnd: cohort.end, campusRegion: cohort.region, enrollments: enrollments[id] ?? [])
        }
    }

    private static func write(_ facts: [CohortFacts], replacing ids: [Int], on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.delete(from: table).where("cohort_id", .in, SQLBind.group(ids)).run()
        guard !facts.isEmpty else { return }
        var insert = sql.insert(into: table).columns(
            "cohort_id", "recruited", "enrolled", "active", "completed", "dropped", "employed", "employed_in_region",
            "employed_in_capital", "attendance_rate_sum", "attendance_rated")
        for f in facts {
            insert = insert.values(
                SQLBind(f.cohortID), SQLBind(f.recruited), SQLBind(f.enrolled), SQLBind(f.active), SQLBind(f.completed),
                SQLBind(f.dropped), SQLBind(f.employed), SQLBind(f.employedInRegion), SQLBind(f.employedInCapital),
                SQLBind(f.attendanceRateSum), SQLBind(f.attendanceRated))
        }
        try await insert.run()
    }

    /// The stored rows of these cohorts (all, when nil).
    static func stored(cohorts ids: [Int]? = nil, on db: any Database) async throws -> [CohortFacts] {
        let sql = db as! any SQLDatabase
        var query = sql.select().column("*").from(table).orderBy("cohort_id")
        if let ids { query = query.where("cohort_id", .in, SQLBind.group(ids)) }
        return try await query.all().map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> CohortFacts {
        var f = CohortFacts(cohortID: try row.decode(column: "cohort_id", as: Int.self))
        f.recruited = try row.decode(column: "recruited", as: Int.self)
        f.enrolled = try row.decode(column: "enrolled", as: Int.self)
        f.active = try row.decode(column: "active", as: Int.self)
        f.completed = try row.decode(column: "completed", as: Int.self)
        f.dropped = try row.decode(column: "dropped", as: Int.self)
        f.employed = try row.decode(column: "employed", as: Int.self)
        f.employedInRegion = try row.decode(column: "employed_in_region", as: Int.self)
        f.employedInCapital = try row.decode(column: "employed_in_capital", as: Int.self)
        f.attendanceRateSum = try row.decode(column: "attendance_rate_sum", as: Double.self)
        f.attendanceRated = try row.decode(column: "attendance_rated", as: Int.self)
        return f
    }
}

/// Widens the scans' cohort index so that today's check-ins per cohort (the dashboard's live figure) are counted
/// from the index alone, without visiting 10⁴–10⁵ rows of a table of millions. Same number of indexes on `scans`
/// as before, so the morning rush pays the same number of index updates. On a large table the first start after
/// this migration spends a few seconds (26 s for 14 million scans) building it.
struct WidenScansCohortIndex: AsyncMigration {
    func prepare(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        // In an order that a second try can repeat, should the first be cut short (building it takes a while).
        try await sql.drop(index: "scans_cohort_day_kind").ifExists().run()
        try await sql.create(index: "scans_cohort_day_kind").on("scans")
            .column("cohort_id").column("day").column("kind").column("voided_by").column("person_id").run()
        try await sql.drop(index: "scans_cohort_day").ifExists().run()
    }

    func revert(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.drop(index: "scans_cohort_day").ifExists().run()
        try await sql.create(index: "scans_cohort_day").on("scans").column("cohort_id").column("day").run()
        try await sql.drop(index: "scans_cohort_day_kind").ifExists().run()
    }
}
