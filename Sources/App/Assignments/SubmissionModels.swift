import Fluent
import Foundation
import IeumCore

/// A trainee's attempt, stored before anything else happens to it: the table is also the grading queue.
/// queued → grading → graded (or failed: the grader itself could not judge it, shown as an internal error).
final class Submission: Model, @unchecked Sendable {
    static let schema = "submissions"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "assignment_id") var assignment: Assignment
    @Parent(key: "person_id") var person: Person
    @Field(key: "cohort_id") var cohortID: Int
    @Field(key: "operator_id") var operatorID: Int
    @Field(key: "campus_id") var campusID: Int
    @Field(key: "attempt") var attempt: Int
    @Field(key: "language") var language: String
    @Field(key: "source") var source: String
    @Field(key: "submitted_at") var submittedAt: Date
    @Field(key: "late_days") var lateDays: Int
    @Field(key: "state") var state: SubmissionState
    @OptionalField(key: "claimed_by") var claimedBy: String?
    @OptionalField(key: "claimed_at") var claimedAt: Date?
    @OptionalField(key: "graded_at") var gradedAt: Date?
    @OptionalField(key: "tests_version") var testsVersion: Int?
    @OptionalField(key: "verdict") var verdict: String?
    @OptionalField(key: "passed") var passed: Int?
    @OptionalField(key: "total") var total: Int?
    /// Before the late penalty, then after it.
    @OptionalField(key: "raw_points") var rawPoints: Double?
    @OptionalField(key: "points") var points: Double?
    /// The grading report as JSON (per-test verdicts; outputs of samples only).
    @OptionalField(key: "report") var report: String?
    @OptionalField(key: "compile_output") var compileOutput: String?
    @OptionalField(key: "first_reviewed_at") var firstReviewedAt: Date?

    init() {}

    var verdictValue: Verdict? { verdict.flatMap(Verdict.init(rawValue:)) }
}

enum SubmissionState: String, CaseIterable, Codable, Sendable {
    case queued, grading, graded, failed

    var name: Localized {
        switch self {
        case .queued: Localized("채점 대기", "Queued")
        case .grading: Localized("채점 중", "Grading")
        case .graded: Localized("채점 완료", "Graded")
        case .failed: Localized("채점 실패", "Grading failed")
        }
    }
}

/// A mentor's comment on a line of a submission, or on the lines `line`…`lineEnd`.
final class ReviewComment: Model, @unchecked Sendable {
    static let schema = "review_comments"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "submission_id") var submission: Submission
    @Field(key: "mentor_id") var mentorID: Int
    @Field(key: "line") var line: Int
    /// The last line of the range; nil for a comment on one line.
    @OptionalField(key: "line_end") var lineEnd: Int?
    @Field(key: "body") var body: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var lastLine: Int { max(line, lineEnd ?? line) }
}

/// A mentor's score and written feedback on a submission; the latest one counts.
final class SubmissionReview: Model, @unchecked Sendable {
    static let schema = "submission_reviews"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "submission_id") var submission: Submission
    @Field(key: "mentor_id") var mentorID: Int
    @OptionalField(key: "score") var score: Double?
    @Field(key: "feedback") var feedback: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// Mentors assigned to a cohort; its trainees are their mentees.
final class CohortMentor: Model, @unchecked Sendable {
    static let schema = "cohort_mentors"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "cohort_id") var cohortID: Int
    @Field(key: "person_id") var personID: Int

    init() {}

    init(cohortID: Int, personID: Int) {
        self.cohortID = cohortID
        self.personID = personID
    }
}

/// Every grading process says it is alive here; work claimed by a process that stopped saying so goes back
/// to the queue.
final class GraderInstance: Model, @unchecked Sendable {
    static let schema = "grader_instances"

    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "seen_at") var seenAt: Date

    init() {}
}
