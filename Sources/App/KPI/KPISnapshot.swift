import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

struct CreateKPIVersion: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(KPISnapshot.versionTable)
            .field("id", .int, .identifier(auto: false))
            .field("version", .int, .required)
            .create()
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.insert(into: KPISnapshot.versionTable).columns("id", "version").values(SQLBind(1), SQLBind(0)).run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(KPISnapshot.versionTable).delete()
    }
}

/// Every cohort of the program with its roll-up row, decoded once and kept in memory until the roll-up changes.
/// `kpi_state.version` goes up in the transaction of every change to the roll-up or to what a cohort is grouped
/// by (its course's track), so each request asks the database one small question — has it changed? — and every
/// server process sharing the database sees a change as soon as it is committed.
struct KPISnapshot: Sendable {
    static let versionTable = "kpi_state"

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
    let version: Int
    let cohorts: [Cohort]

    /// Marks the roll-up changed; call it in the transaction that changed it.
    static func bump(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("UPDATE kpi_state SET version = version + 1 WHERE id = 1").run()
    }

    static func current(programID: Int, req: Request) async throws -> KPISnapshot {
        let sql = req.db as! any SQLDatabase
        // Read before the rows: rows read afterwards are at least this new, so a stale snapshot is never kept.
        let version = try await sql.raw("SELECT version FROM kpi_state WHERE id = 1").first()?.decode(column: "version", as: Int.self) ?? 0
        let cache = req.application.kpiSnapshots
        if let cached = cache.value, cached.version == version, cached.programID == programID { return cached }
        let snapshot = KPISnapshot(programID: programID, version: version, cohorts: try await load(programID: programID, on: sql))
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

/// The last snapshot this process read; safe from any thread.
final class KPISnapshotCache: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: KPISnapshot?

    var value: KPISnapshot? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

struct KPISnapshotCacheKey: StorageKey { typealias Value = KPISnapshotCache }

extension Application {
    var kpiSnapshots: KPISnapshotCache { storage[KPISnapshotCacheKey.self]! }
}
