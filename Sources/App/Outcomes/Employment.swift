import Fluent
import Foundation

/// A company that hires graduates; most of the program's are regional.
final class Employer: Model, @unchecked Sendable {
    static let schema = "employers"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "name") var name: String
    @Field(key: "region") var region: String
    @Field(key: "industry") var industry: String
    @Field(key: "verified") var verified: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(name: String, region: String, industry: String, verified: Bool) {
        self.name = name
        self.region = region
        self.industry = industry
        self.verified = verified
    }
}

final class EmploymentRecord: Model, @unchecked Sendable {
    static let schema = "employment_records"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "enrollment_id") var enrollment: Enrollment
    @Field(key: "person_id") var personID: Int
    @Field(key: "operator_id") var operatorID: Int
    @Field(key: "campus_id") var campusID: Int
    @OptionalParent(key: "employer_id") var employer: Employer?
    @Field(key: "employer_name") var employerName: String
    @Field(key: "job_title") var jobTitle: String
    @Field(key: "region") var region: String
    @Field(key: "starts_on") var startsOn: String
    @Field(key: "verification") var verification: String
    @OptionalField(key: "created_by") var createdBy: Int?
    /// When the record was entered (platform time): the employment rule counts only jobs on record within 7 months.
    @OptionalField(key: "created_at") var createdAt: Date?

    init() {}
}
