import Fluent
import SQLKit

struct CreateGradingTables: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("assignments")
            .field("id", .int, .identifier(auto: true))
            .field("cohort_id", .int, .required, .references("cohorts", "id", onDelete: .cascade))
            .field("operator_id", .int, .required)
            .field("campus_id", .int, .required)
            .field("title", .string, .required)
            .field("statement", .string, .required)
            .field("languages", .string, .required)
            .field("starter_code", .string)
            .field("cpu_ms", .int, .required)
            .field("memory_kb", .int, .required)
            .field("output_kb", .int, .required)
            .field("points", .double, .required)
            .field("deadline", .datetime, .required)
            .field("late_policy", .string, .required)
            .field("comparison", .string, .required)
            .field("checker_language", .string)
            .field("checker_source", .string)
            .field("tests_version", .int, .required)
            .field("created_by", .int, .required)
            .field("created_at", .datetime)
            .create()
        try await db.schema("assignment_tests")
            .field("id", .int, .identifier(auto: true))
            .field("assignment_id", .int, .required, .references("assignments", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("name", .string, .required)
            .field("input", .string, .required)
            .field("expected", .string, .required)
            .field("weight", .int, .required)
            .field("is_sample", .bool, .required)
            .create()
        try await db.schema("submissions")
            .field("id", .int, .identifier(auto: true))
            .field("assignment_id", .int, .required, .references("assignments", "id", onDelete: .cascade))
            .field("person_id", .int, .required, .references("people", "id"))
            .field("cohort_id", .int, .required)
            .field("operator_id", .int, .required)
            .field("campus_id", .int, .required)
            .field("attempt", .int, .required)
            .field("language", .string, .required)
            .field("source", .string, .required)
            .field("submitted_at", .datetime, .required)
            .field("late_days", .int, .required)
            .field("state", .string, .required)
            .field("claimed_by", .string)
            .field("claimed_at", .datetime)
            .field("graded_at", .datetime)
            .field("tests_version", .int)
            .field("verdict", .string)
            .field("passed", .int)
            .field("total", .int)
            .field("raw_points", .double)
            .field("points", .double)
            .field("report", .string)
            .field("compile_output", .string)
            .field("first_reviewed_at", .datetime)
            .unique(on: "assignment_id", "person_id", "attempt", name: "submissions_attempt_once")
            .create()
        try await db.schema("review_comments")
            .field("id", .int, .identifier(auto: true))
            .field("submission_id", .int, .required, .references("submissions", "id", onDelete: .cascade))
            .field("mentor_id", .int, .required)
            .field("line", .int, .required)
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.schema("submission_reviews")
            .field("id", .int, .identifier(auto: true))
            .field("submission_id", .int, .required, .references("submissions", "id", onDelete: .cascade))
            .field("mentor_id", .int, .required)
            .field("score", .double)
            .field("feedback", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.schema("cohort_mentors")
            .field("id", .int, .identifier(auto: true))
            .field("cohort_id", .int, .required, .references("cohorts", "id", onDelete: .cascade))
            .field("person_id", .int, .required, .references("people", "id"))
            .unique(on: "cohort_id", "person_id", name: "cohort_mentors_once")
            .create()
        try await db.schema("grader_instances")
            .field("id", .string, .identifier(auto: false))
            .field("seen_at", .datetime, .required)
            .create()
        let sql = db as! any SQLDatabase
        for index in Self.indexes {
            var builder = sql.create(index: index.name).on(index.table)
            for column in index.columns { builder = builder.column(column) }
            try await builder.run()
        }
    }

    /// The queue is read by state; the gradebook and a trainee's attempts by assignment and person.
    static let indexes: [(name: String, table: String, columns: [String])] = [
        ("idx_submissions_queue", "submissions", ["state", "id"]),
        ("idx_submissions_assignment_person", "submissions", ["assignment_id", "person_id"]),
        ("idx_submissions_cohort", "submissions", ["cohort_id"]),
        ("idx_assignments_cohort", "assignments", ["cohort_id"]),
        ("idx_assignment_tests_assignment", "assignment_tests", ["assignment_id", "position"]),
        ("idx_review_comments_submission", "review_comments", ["submission_id"]),
        ("idx_submission_reviews_submission", "submission_reviews", ["submission_id"]),
    ]

    func revert(on db: any Database) async throws {
        for index in Self.indexes { try await (db as! any SQLDatabase).drop(index: index.name).run() }
        for table in ["grader_instances", "cohort_mentors", "submission_reviews", "review_comments", "submissions", "assignment_tests", "assignments"] {
            try await db.schema(table).delete()
        }
    }
}
