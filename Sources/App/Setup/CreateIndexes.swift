import Fluent
import SQLKit

/// Indexes for the scoped lists. Fluent's schema builder has no index API, so these go through SQLKit's
/// builder, which writes the same statement for SQLite and PostgreSQL.
struct CreateIndexes: AsyncMigration {
    static let indexes: [(name: String, table: String, columns: [String])] = [
        ("idx_cohorts_operator", "cohorts", ["operator_id"]),
        ("idx_cohorts_campus", "cohorts", ["campus_id"]),
        ("idx_enrollments_cohort_state", "enrollments", ["cohort_id", "state"]),
        ("idx_enrollments_operator", "enrollments", ["operator_id"]),
        ("idx_enrollments_person", "enrollments", ["person_id"]),
        ("idx_transitions_enrollment", "enrollment_transitions", ["enrollment_id"]),
        ("idx_grants_person", "role_grants", ["person_id"]),
        ("idx_access_log_subject", "access_log", ["subject_id"]),
        ("idx_access_log_at", "access_log", ["at"]),
        ("idx_employment_person", "employment_records", ["person_id"]),
    ]

    func prepare(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        for index in Self.indexes {
            var builder = sql.create(index: index.name).on(index.table)
            for column in index.columns { builder = builder.column(column) }
            try await builder.run()
        }
    }

    func revert(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        for index in Self.indexes {
            try await sql.drop(index: index.name).run()
        }
    }
}
