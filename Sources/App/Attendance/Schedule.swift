import Fluent
import Foundation
import IeumCore

/// How a cohort's days are laid out: which weekdays, the hours, the breaks, the holidays.
final class CohortSchedule: Model, @unchecked Sendable {
    static let schema = "cohort_schedules"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "cohort_id") var cohort: Cohort
    /// Monday = 1 … Sunday = 7, comma-separated.
    @Field(key: "weekdays") var weekdays: String
    @Field(key: "starts_at") var startsAt: Int
    @Field(key: "ends_at") var endsAt: Int
    @Field(key: "breaks") var breaks: String
    /// YYYY-MM-DD, comma-separated.
    @Field(key: "holidays") var holidays: String

    init() {}
}

/// One scheduled training day of a cohort, with its hours in minutes since midnight (KST).
final class TrainingDayRecord: Model, @unchecked Sendable {
    static let schema = "training_days"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "cohort_id") var cohort: Cohort
    @Field(key: "day") var day: String
    @Field(key: "starts_at") var startsAt: Int
    @Field(key: "ends_at") var endsAt: Int
    @Field(key: "breaks") var breaks: String

    init() {}

    init(cohortID: Int, day: String, startsAt: Int, endsAt: Int, breaks: String) {
        self.$cohort.id = cohortID
        self.day = day
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.breaks = breaks
    }
}

extension TrainingDayRecord {
    var schedule: DaySchedule {
        DaySchedule(start: startsAt, end: endsAt, breaks: TrainingCalendar.breaks(breaks, within: startsAt...endsAt) ?? [])
    }
}

struct CreateSchedules: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("cohort_schedules")
            .field("id", .int, .identifier(auto: true))
            .field("cohort_id", .int, .required, .references("cohorts", "id", onDelete: .cascade))
            .field("weekdays", .string, .required)
            .field("starts_at", .int, .required)
            .field("ends_at", .int, .required)
            .field("breaks", .string, .required)
            .field("holidays", .string, .required)
            .unique(on: "cohort_id")
            .create()
        try await db.schema("training_days")
            .field("id", .int, .identifier(auto: true))
            .field("cohort_id", .int, .required, .references("cohorts", "id", onDelete: .cascade))
            .field("day", .string, .required)
            .field("starts_at", .int, .required)
            .field("ends_at", .int, .required)
            .field("breaks", .string, .required)
            .unique(on: "cohort_id", "day")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("training_days").delete()
        try await db.schema("cohort_schedules").delete()
    }
}
