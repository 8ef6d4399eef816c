import Fluent

struct CreateEnrollments: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("enrollments")
            .field("id", .int, .identifier(auto: true))
            .field("person_id", .int, .required, .references("people", "id"))
            .field("cohort_id", .int, .required, .references("cohorts", "id"))
            .field("operator_id", .int, .required, .references("operators", "id"))
            .field("campus_id", .int, .required, .references("campuses", "id"))
            .field("state", .string, .required)
            .field("drop_reason", .string)
            .field("state_changed_at", .datetime, .required)
            .field("created_at", .datetime)
            .unique(on: "person_id", "cohort_id")
            .create()
        try await db.schema("enrollment_transitions")
            .field("id", .int, .identifier(auto: true))
            .field("enrollment_id", .int, .required, .references("enrollments", "id"))
            .field("from_state", .string)
            .field("to_state", .string, .required)
            .field("reason", .string)
            .field("actor_id", .int, .references("people", "id"))
            .field("at", .datetime, .required)
            .create()
        try await db.schema("employment_records")
            .field("id", .int, .identifier(auto: true))
            .field("enrollment_id", .int, .required, .references("enrollments", "id"))
            .field("person_id", .int, .required, .references("people", "id"))
            .field("operator_id", .int, .required, .references("operators", "id"))
            .field("campus_id", .int, .required, .references("campuses", "id"))
            .field("employer_id", .int, .references("employers", "id"))
            .field("employer_name", .string, .required)
            .field("job_title", .string, .required)
            .field("region", .string, .required)
            .field("starts_on", .string, .required)
            .field("verification", .string, .required)
            .field("created_by", .int, .references("people", "id"))
            .field("created_at", .datetime)
            .create()
    }

    func revert(on db: any Database) async throws {
        for table in ["employment_records", "enrollment_transitions", "enrollments"] {
            try await db.schema(table).delete()
        }
    }
}
