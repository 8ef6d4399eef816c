import Fluent
import Foundation
import IeumCore

/// What a graduate shows employers, and whether they may see it at all. Consent is given and withdrawn by the
/// graduate alone; each change is kept in `consent_events`.
final class GraduateProfileRecord: Model, @unchecked Sendable {
    static let schema = "graduate_profiles"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "person_id") var personID: Int
    @Field(key: "headline") var headline: String
    /// Comma-separated, as `SkillList` reads them.
    @Field(key: "skills") var skills: String
    @Field(key: "projects") var projects: String
    /// Comma-separated `Region` raw values.
    @Field(key: "desired_regions") var desiredRegions: String
    /// Comma-separated `JobType` raw values.
    @Field(key: "job_types") var jobTypes: String
    /// Comma-separated submission ids the graduate chose to show.
    @Field(key: "featured_submissions") var featuredSubmissions: String
    /// Set while employers may see the profile.
    @OptionalField(key: "consent_given_at") var consentGivenAt: Date?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(personID: Int, at: Date) {
        self.personID = personID
        headline = ""
        skills = ""
        projects = ""
        desiredRegions = ""
        jobTypes = ""
        featuredSubmissions = ""
        updatedAt = at
    }

    var skillList: [String] { SkillList.parse(skills) }
    var regions: Set<Region> { Set(desiredRegions.split(separator: ",").compactMap { Region(rawValue: String($0)) }) }
    var jobTypeSet: Set<JobType> { Set(jobTypes.split(separator: ",").compactMap { JobType(rawValue: String($0)) }) }
    var featuredIDs: [Int] { featuredSubmissions.split(separator: ",").compactMap { Int($0) } }
}

final class ConsentEvent: Model, @unchecked Sendable {
    static let schema = "consent_events"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "person_id") var personID: Int
    /// given | withdrawn
    @Field(key: "action") var action: String
    @Field(key: "at") var at: Date
    @Field(key: "ip") var ip: String

    init() {}
}

final class JobPosting: Model, @unchecked Sendable {
    static let schema = "job_postings"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "employer_id") var employer: Employer
    @Field(key: "title") var title: String
    @Field(key: "description") var description: String
    @Field(key: "region") var region: String
    @Field(key: "skills") var skills: String
    @Field(key: "job_type") var jobType: String
    /// 만원 a year.
    @Field(key: "salary_min") var salaryMin: Int
    @Field(key: "salary_max") var salaryMax: Int
    @Field(key: "positions") var positions: Int
    /// The last day to apply (KST).
    @Field(key: "deadline") var deadline: String
    @Field(key: "created_by") var createdBy: Int
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var skillList: [String] { SkillList.parse(skills) }
    var type: JobType { JobType(rawValue: jobType) ?? .backend }
    func isOpen(today: Day) -> Bool { Day(deadline).map { today <= $0 } ?? false }
}

final class JobApplication: Model, @unchecked Sendable {
    static let schema = "job_applications"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "job_id") var job: JobPosting
    @Field(key: "person_id") var personID: Int
    @Field(key: "employer_id") var employerID: Int
    @Field(key: "stage") var stage: ApplicationStage
    @Field(key: "message") var message: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "stage_changed_at") var stageChangedAt: Date
    /// The employment a hire created.
    @OptionalField(key: "employment_id") var employmentID: Int?

    init() {}
}

final class ApplicationEvent: Model, @unchecked Sendable {
    static let schema = "application_events"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "application_id") var applicationID: Int
    @OptionalField(key: "from_stage") var fromStage: String?
    @Field(key: "to_stage") var toStage: String
    @Field(key: "actor_id") var actorID: Int
    @Field(key: "at") var at: Date
    /// The employer's word to the applicant with the move (why not, what next); sent with the message.
    @OptionalField(key: "note") var note: String?

    init() {}
}

struct AddApplicationEventNotes: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(ApplicationEvent.schema).field("note", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(ApplicationEvent.schema).deleteField("note").update()
    }
}

struct CreateOutcomeTables: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(GraduateProfileRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field("person_id", .int, .required, .references("people", "id", onDelete: .cascade))
            .field("headline", .string, .required)
            .field("skills", .string, .required)
            .field("projects", .string, .required)
            .field("desired_regions", .string, .required)
            .field("job_types", .string, .required)
            .field("featured_submissions", .string, .required)
            .field("consent_given_at", .datetime)
            .field("updated_at", .datetime, .required)
            .unique(on: "person_id")
            .create()
        try await db.schema(ConsentEvent.schema)
            .field("id", .int, .identifier(auto: true))
            .field("person_id", .int, .required, .references("people", "id", onDelete: .cascade))
            .field("action", .string, .required)
            .field("at", .datetime, .required)
            .field("ip", .string, .required)
            .create()
        try await db.schema(JobPosting.schema)
            .field("id", .int, .identifier(auto: true))
            .field("employer_id", .int, .required, .references("employers", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("region", .string, .required)
            .field("skills", .string, .required)
            .field("job_type", .string, .required)
            .field("salary_min", .int, .required)
            .field("salary_max", .int, .required)
            .field("positions", .int, .required)
            .field("deadline", .string, .required)
            .field("created_by", .int, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.schema(JobApplication.schema)
            .field("id", .int, .identifier(auto: true))
            .field("job_id", .int, .required, .references("job_postings", "id", onDelete: .cascade))
            .field("person_id", .int, .required, .references("people", "id", onDelete: .cascade))
            .field("employer_id", .int, .required)
            .field("stage", .string, .required)
            .field("message", .string, .required)
            .field("created_at", .datetime, .required)
            .field("stage_changed_at", .datetime, .required)
            .field("employment_id", .int)
            .unique(on: "job_id", "person_id")
            .create()
        try await db.schema(ApplicationEvent.schema)
            .field("id", .int, .identifier(auto: true))
            .field("application_id", .int, .required, .references("job_applications", "id", onDelete: .cascade))
            .field("from_stage", .string)
            .field("to_stage", .string, .required)
            .field("actor_id", .int, .required)
            .field("at", .datetime, .required)
            .create()
    }

    func revert(on db: any Database) async throws {
        for schema in [ApplicationEvent.schema, JobApplication.schema, JobPosting.schema, ConsentEvent.schema, GraduateProfileRecord.schema] {
            try await db.schema(schema).delete()
        }
    }
}
