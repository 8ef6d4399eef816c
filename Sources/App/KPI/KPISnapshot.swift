import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

/// The program, its targets, operators, campuses and every cohort with its roll-up row, decoded once and kept in
/// memory until something in it changes. `kpi_state.version` goes up in the transaction of every change to the
/// roll-up or to what the KPIs are grouped or named by (program, operator, campus, course), so each request asks
/// the database one small question — has it changed? — and every server process sharing the database sees a
/// change as soon as it is committed.
struct KPISnapshot: Sendable {
    static let changes = VersionCounter(table: "kpi_state")

    struct Cohort: Sendable {
        let facts: CohortFacts
        let name: String
        let operatorID: Int
        let campusID: Int
        let track: String
        let startsOn: Day
        let endsOn: Day
        let capacity: Int
    }

    let programID: Int
    let programName: String
    let firstYear: Int
    let lastYear: Int
    let cumulativeTarget: Int
    let targets: [Int: Int]
    let version: Int
    let operators: [Int: String]
    let campuses: [Int: KPIData.CampusInfo]
    let cohorts: [Cohort]

    /// Marks the roll-up changed; call it in the transaction that changed it.
    static func bump(on db: any Database) async throws {
        try await changes.bump(on: db)
    }

    /// The program's snapshot (the first program), or nil when there is no program yet.
    static func current(req: Request) async throws -> KPISnapshot? {
        let sql = req.db as! any SQLDatabase
        // Read before the rows: rows read afterwards are at least this new, so a stale snapshot is never kept.
        let version = try await changes.current(on: req.db)
        let cache = req.application.kpiSnapshots
        if let cached = cache.value, cached.version == version { return cached }
        guard let program = try await sql.raw("""
            SELECT id, name, start_year, end_year, cumulative_target FROM programs ORDER BY id LIMIT 1
            """).first() else { return nil }
        let programID = try program.decode(column: "id", as: Int.self)
        var targets: [Int: Int] = [:]
        for t in try await sql.raw("SELECT year, target FROM program_year_targets WHERE program_id = \(bind: programID)").all() {
            targets[try t.decode(column: "year", as: Int.self)] = try t.decode(column: "target", as: Int.self)
        }
        var operators: [Int: String] = [:]
        for op in try await sql.raw("SELECT id, name FROM operators WHERE program_id = \(bind: programID)").all() {
            operators[try op.decode(column: "id", as: Int.self)] = try op.decode(column: "name", as: String.self)
        }
        var campuses: [Int: KPIData.CampusInfo] = [:]
        for c in try await sql.raw("SELECT id, name, operator_id, region FROM campuses").all() {
            let op = try c.decode(column: "operator_id", as: Int.self)
            guard operators[op] != nil else { continue }
            campuses[try c.decode(column: "id", as: Int.self)] = KPIData.CampusInfo(
                name: try c.decode(column: "name", as: String.self), operatorID: op, region: Region(rawValue: try c.decode(column: "region", as: String.self)))
        }
        let snapshot = KPISnapshot(
            programID: programID, programName: try program.decode(column: "name", as: String.self),
            firstYear: try program.decode(column: "start_year", as: Int.self), lastYear: try program.decode(column: "end_year", as: Int.self),
            cumulativeTarget: try program.decode(column: "cumulative_target", as: Int.self), targets: targets, version: version,
            operators: operators, campuses: campuses, cohorts: try await load(programID: programID, on: sql))
        cache.value = snapshot
        return snapshot
    }

    private static func load(programID: Int, on sql: any SQLDatabase) async throws -> [Cohort] {
        try await sql.raw("""
            SELECT c.id, c.name, c.operator_id, c.campus_id, c.starts_on, c.ends_on, c.capacity, co.track,
                   f.cohort_id, f.recruited, f.enrolled, f.active, f.completed, f.dropped, f.employed, f.employed_in_region,
                   f.employed_in_capital, f.attendance_rate_sum, f.attendance_rated
            FROM cohorts c JOIN courses co ON co.id = c.course_id JOIN operators o ON o.id = c.operator_id
            LEFT JOIN kpi_cohort_facts f ON f.cohort_id = c.id
            WHERE o.program_id = \(bind: programID)
            """).all().compactMap { row in
            guard let start = Day(try row.decode(column: "starts_on", as: String.self)),
                  let end = Day(try row.decode(column: "ends_on", as: String.self)) else { return nil }
            let id = try row.decode(column: "id", as: Int.self)
            return Cohort(
                facts: try row.decode(column: "cohort_id", as: Int?.self) == nil ? CohortFacts(cohortID: id) : try KPIRollup.decode(row),
                name: try row.decode(column: "name", as: String.self), operatorID: try row.decode(column: "operator_id", as: Int.self),
                campusID: try row.decode(column: "campus_id", as: Int.self), track: try row.decode(column: "track", as: String.self),
                startsOn: start, endsOn: end, capacity: try row.decode(column: "capacity", as: Int.self))
        }
    }
}

/// The last snapshot this process read.
struct KPISnapshotCacheKey: StorageKey { typealias Value = Locked<KPISnapshot?> }

extension Application {
    var kpiSnapshots: Locked<KPISnapshot?> { storage[KPISnapshotCacheKey.self]! }
}

/// Mentors are counted on every KPI page; without this index that count reads every role grant (one per trainee).
struct IndexRoleGrantsByRole: AsyncMigration {
    func prepare(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.create(index: "role_grants_role").on("role_grants").column("role").column("revoked_at").run()
    }

    func revert(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.drop(index: "role_grants_role").run()
    }
}
