import Fluent
import Foundation
import IeumCore

final class Course: Model, @unchecked Sendable {
    static let schema = "courses"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "operator_id") var `operator`: Operator
    @Field(key: "title") var title: String
    @Field(key: "track") var track: String
    @Field(key: "total_hours") var totalHours: Int
    @Field(key: "theory_hours") var theoryHours: Int
    @Field(key: "project_hours") var projectHours: Int
    /// `AssessmentRequirement.code`: what graded work must reach for completion.
    @Field(key: "completion_assessment") var completionAssessment: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(operatorID: Int, title: String, track: String, totalHours: Int, theoryHours: Int, projectHours: Int) {
        self.$operator.id = operatorID
        self.title = title
        self.track = track
        self.totalHours = totalHours
        self.theoryHours = theoryHours
        self.projectHours = projectHours
        self.completionAssessment = AssessmentRequirement.none.code
    }

    var assessmentRequirement: AssessmentRequirement { AssessmentRequirement(code: completionAssessment) ?? .none }
}

/// One run of a course at one campus. `operator_id` is copied from the course so that every
/// operator-scoped query filters on a column of the row itself.
final class Cohort: Model, @unchecked Sendable {
    static let schema = "cohorts"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "course_id") var course: Course
    @Parent(key: "campus_id") var campus: Campus
    @Field(key: "operator_id") var operatorID: Int
    @Field(key: "name") var name: String
    @Field(key: "starts_on") var startsOn: String
    @Field(key: "ends_on") var endsOn: String
    @Field(key: "capacity") var capacity: Int
    /// Set when staff close the cohort and decide every trainee's completion.
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "closed_by") var closedBy: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(courseID: Int, campusID: Int, operatorID: Int, name: String, startsOn: String, endsOn: String, capacity: Int) {
        self.$course.id = courseID
        self.$campus.id = campusID
        self.operatorID = operatorID
        self.name = name
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.capacity = capacity
    }
}
