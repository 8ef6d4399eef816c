import Fluent
import Foundation

/// A person's place in a cohort. `operator_id` and `campus_id` are copied from the cohort for scoping.
final class Enrollment: Model, @unchecked Sendable {
    static let schema = "enrollments"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "person_id") var person: Person
    @Parent(key: "cohort_id") var cohort: Cohort
    @Field(key: "operator_id") var operatorID: Int
    @Field(key: "campus_id") var campusID: Int
    @Field(key: "state") var state: String
    @OptionalField(key: "drop_reason") var dropReason: String?
    @Field(key: "state_changed_at") var stateChangedAt: Date
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(personID: Int, cohort: Cohort, state: String, at: Date) throws {
        self.$person.id = personID
        self.$cohort.id = try cohort.requireID()
        self.operatorID = cohort.operatorID
        self.campusID = cohort.$campus.id
        self.state = state
        self.stateChangedAt = at
    }
}

final class EnrollmentTransition: Model, @unchecked Sendable {
    static let schema = "enrollment_transitions"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "enrollment_id") var enrollment: Enrollment
    @OptionalField(key: "from_state") var fromState: String?
    @Field(key: "to_state") var toState: String
    @OptionalField(key: "reason") var reason: String?
    @OptionalField(key: "actor_id") var actorID: Int?
    @Field(key: "at") var at: Date

    init() {}

    init(enrollmentID: Int, from: String?, to: String, reason: String?, actorID: Int?, at: Date) {
        self.$enrollment.id = enrollmentID
        self.fromState = from
        self.toState = to
        self.reason = reason
        self.actorID = actorID
        self.at = at
    }
}
