import Foundation
import IeumCore
import SQLKit

/// Loads many scans at once for seeding: multi-row INSERTs with binds, in chunks under both databases'
/// bind limits. Not for live traffic (that is `ScanWriter`).
struct ScanBulkLoader {
    struct Row {
        let enrollmentID: Int
        let personID: Int
        let cohortID: Int
        let campusID: Int
        let operatorID: Int
        let day: String
        let kind: ScanKind
        let at: Date
    }

    static let rowsPerStatement = 3000

    let sql: any SQLDatabase
    private(set) var pending: [Row] = []
    private(set) var written = 0

    init(sql: any SQLDatabase) { self.sql = sql }

    mutating func add(_ row: Row) async throws {
        pending.append(row)
        if pending.count >= Self.rowsPerStatement { try await flush() }
    }

    mutating func flush() async throws {
        guard !pending.isEmpty else { return }
        var builder = sql.insert(into: ScanRecord.schema)
            .columns("enrollment_id", "person_id", "cohort_id", "campus_id", "operator_id", "day", "kind", "at", "source")
        for r in pending {
            builder = builder.values(SQLBind(r.enrollmentID), SQLBind(r.personID), SQLBind(r.cohortID), SQLBind(r.campusID),
                                     SQLBind(r.operatorID), SQLBind(r.day), SQLBind(r.kind.rawValue), SQLBind(r.at), SQLBind(ScanSource.qr.rawValue))
        }
        try await builder.run()
        written += pending.count
        pending.removeAll(keepingCapacity: true)
    }
}
