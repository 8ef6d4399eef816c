import Fluent
import Foundation
import IeumCore
import SQLKit

/// How one cohort recruits: the application window, eligibility rules, questions, the coding test, review and
/// selection settings. Published recruitments appear in the public catalogue.
final class Recruitment: Model, @unchecked Sendable {
    static let schema = "recruitments"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "cohort_id") var cohortID: Int
    @Field(key: "operator_id") var operatorID: Int
    @Field(key: "campus_id") var campusID: Int
    @Field(key: "opens_on") var opensOn: String
    /// Applications are accepted until the end of this day (KST).
    @Field(key: "closes_on") var closesOn: String
    /// JSON `[EligibilityRule]`.
    @Field(key: "rules") var rulesJSON: String
    /// JSON `[ApplicationQuestion]`.
    @Field(key: "questions") var questionsJSON: String
    /// JSON `Rubric`.
    @Field(key: "rubric") var rubricJSON: String
    /// Percent of the composite score that comes from the coding test; the rest comes from review.
    @Field(key: "test_weight") var testWeight: Int
    /// Minutes an applicant has once they start the coding test; 0 when the course has no test.
    @Field(key: "test_minutes") var testMinutes: Int
    /// The last day (KST) an applicant may start the coding test; nil: until the staff close the test stage.
    @OptionalField(key: "test_closes_on") var testClosesOn: String?
    /// Percent of seats kept at least for residents of the campus's region.
    @Field(key: "resident_share") var residentShare: Int
    /// JSON `[GroupQuota]`: further minimum shares (a track chosen in a question, gender, …).
    @Field(key: "quotas") var quotasJSON: String
    @Field(key: "reviews_per_application") var reviewsPerApplication: Int
    @Field(key: "blind_review") var blindReview: Bool
    /// Days a selected applicant has to confirm the place.
    @Field(key: "confirm_days") var confirmDays: Int
    @OptionalField(key: "published_at") var publishedAt: Date?
    @Field(key: "updated_by") var updatedBy: Int
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var rules: [EligibilityRule] { JSONCoding.decode([EligibilityRule].self, rulesJSON) ?? [] }
    var questions: [ApplicationQuestion] { JSONCoding.decode([ApplicationQuestion].self, questionsJSON) ?? [] }
    var rubric: Rubric { JSONCoding.decode(Rubric.self, rubricJSON) ?? .standard }
    var quotas: [GroupQuota] { JSONCoding.decode([GroupQuota].self, quotasJSON) ?? [] }
    var hasTest: Bool { testMinutes > 0 }

    /// The last moment an application is accepted: the end of the closing day in Korea.
    var deadline: Date { KoreanFormats.startOfDay((Day(closesOn) ?? Day(year: 2000, month: 1, day: 1)!).adding(days: 1)) }
    /// The moment the coding test can no longer be started: the end of `testClosesOn` in Korea.
    var testDeadline: Date? { testClosesOn.flatMap { Day($0) }.map { KoreanFormats.startOfDay($0.adding(days: 1)) } }
    func isOpen(at now: Date) -> Bool {
        publishedAt != nil && (Day(opensOn).map { now >= KoreanFormats.startOfDay($0) } ?? false) && now < deadline
    }
}

/// One person's application to one cohort, with the facts they gave (kept as given, so a later profile change
/// does not change what was judged) and where it stands.
final class Admission: Model, @unchecked Sendable {
    static let schema = "admissions"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "recruitment_id") var recruitmentID: Int
    @Field(key: "cohort_id") var cohortID: Int
    @Field(key: "operator_id") var operatorID: Int
    @Field(key: "campus_id") var campusID: Int
    @Field(key: "person_id") var personID: Int
    @Field(key: "state") var state: String
    @OptionalField(key: "birth_date") var birthDate: String?
    @OptionalField(key: "gender") var gender: String?
    @OptionalField(key: "residence") var residence: String?
    @OptionalField(key: "education") var education: String?
    @OptionalField(key: "school") var school: String?
    @OptionalField(key: "employment") var employment: String?
    @Field(key: "other_funded_course") var otherFundedCourse: Bool
    @Field(key: "motivation") var motivation: String
    /// JSON `[question key: answer]`; a file answer holds the file's name.
    @Field(key: "answers") var answersJSON: String
    /// A draft's fields as typed that did not pass their checks (field name → text), kept so a draft saves
    /// everything; they must be put right before the application can be sent.
    @OptionalField(key: "unsettled") var unsettledJSON: String?
    /// JSON `[Localized]`: the eligibility rules not met at submission.
    @Field(key: "eligibility_failures") var failuresJSON: String
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalField(key: "test_started_at") var testStartedAt: Date?
    /// 0–100.
    @OptionalField(key: "test_score") var testScore: Double?
    /// Mean of the reviews' totals, 0–100.
    @OptionalField(key: "review_score") var reviewScore: Double?
    @OptionalField(key: "composite") var composite: Double?
    @OptionalField(key: "rank") var rank: Int?
    @OptionalField(key: "explanation_ko") var explanationKo: String?
    @OptionalField(key: "explanation_en") var explanationEn: String?
    @OptionalField(key: "confirm_by") var confirmBy: Date?
    @OptionalField(key: "enrollment_id") var enrollmentID: Int?
    @Field(key: "state_changed_at") var stateChangedAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var status: AdmissionState { AdmissionState(rawValue: state) ?? .draft }
    var answers: [String: String] { JSONCoding.decode([String: String].self, answersJSON) ?? [:] }
    var unsettled: [String: String] { unsettledJSON.flatMap { JSONCoding.decode([String: String].self, $0) } ?? [:] }
    var failures: [Localized] { JSONCoding.decode([Localized].self, failuresJSON) ?? [] }
    var explanation: Localized? { explanationKo.map { Localized($0, explanationEn ?? $0) } }

    /// The answer a quota looks at: a standard field or a question.
    func value(of field: String) -> String? {
        switch field {
        case "gender": gender
        case "education": education
        case "employment": employment
        case "residence": residence
        default: answers[field]
        }
    }

    var facts: ApplicantFacts {
        ApplicantFacts(birthDate: birthDate.flatMap(Day.init), residence: residence.flatMap(Region.init(rawValue:)),
                       education: education.flatMap(EducationLevel.init(rawValue:)),
                       employment: employment.flatMap(EmploymentStatus.init(rawValue:)), inOtherFundedCourse: otherFundedCourse)
    }
}

struct AddRecruitmentTestDeadline: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Recruitment.schema).field("test_closes_on", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Recruitment.schema).deleteField("test_closes_on").update()
    }
}

struct AddAdmissionUnsettledFields: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Admission.schema).field("unsettled", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Admission.schema).deleteField("unsettled").update()
    }
}

/// Every change of an application's state, with who made it and why.
final class AdmissionEvent: Model, @unchecked Sendable {
    static let schema = "admission_events"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "admission_id") var admissionID: Int
    @OptionalField(key: "from_state") var fromState: String?
    @Field(key: "to_state") var toState: String
    @OptionalField(key: "actor_id") var actorID: Int?
    @OptionalField(key: "note") var note: String?
    @Field(key: "at") var at: Date

    init() {}

    init(admissionID: Int, from: AdmissionState?, to: AdmissionState, actorID: Int?, note: String?, at: Date) {
        self.admissionID = admissionID
        self.fromState = from?.rawValue
        self.toState = to.rawValue
        self.actorID = actorID
        self.note = note
        self.at = at
    }
}

/// A file an applicant attached to a file question (PDF, PNG or JPEG, never served inline).
final class AdmissionFile: Model, @unchecked Sendable {
    static let schema = "admission_files"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "admission_id") var admissionID: Int
    @Field(key: "question_key") var questionKey: String
    @Field(key: "name") var name: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "content") var content: Data

    init() {}
}

/// One reviewer's scores for one application.
final class AdmissionReview: Model, @unchecked Sendable {
    static let schema = "admission_reviews"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "admission_id") var admissionID: Int
    @Field(key: "recruitment_id") var recruitmentID: Int
    @Field(key: "reviewer_id") var reviewerID: Int
    @Field(key: "assigned_by") var assignedBy: Int
    @Field(key: "assigned_at") var assignedAt: Date
    /// JSON `[criterion key: 1–5]`.
    @Field(key: "scores") var scoresJSON: String
    @OptionalField(key: "total") var total: Double?
    @Field(key: "comment") var comment: String
    @OptionalField(key: "submitted_at") var submittedAt: Date?

    init() {}

    var scores: [String: Int] { JSONCoding.decode([String: Int].self, scoresJSON) ?? [:] }
}

/// A selection as it was computed: the policy, the overrides and every applicant's outcome, so it can be
/// explained and reproduced later.
final class SelectionRun: Model, @unchecked Sendable {
    static let schema = "selection_runs"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "recruitment_id") var recruitmentID: Int
    @Field(key: "policy") var policyJSON: String
    @Field(key: "overrides") var overridesJSON: String
    @Field(key: "candidates") var candidatesJSON: String
    @Field(key: "run_by") var runBy: Int
    @Field(key: "run_at") var runAt: Date

    init() {}
}

enum JSONCoding {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) } ?? "null"
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        try? JSONDecoder().decode(type, from: Data(text.utf8))
    }
}

struct CreateRecruitmentTables: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Recruitment.schema)
            .field("id", .int, .identifier(auto: true))
            .field("cohort_id", .int, .required, .references("cohorts", "id", onDelete: .cascade))
            .field("operator_id", .int, .required)
            .field("campus_id", .int, .required)
            .field("opens_on", .string, .required)
            .field("closes_on", .string, .required)
            .field("rules", .string, .required)
            .field("questions", .string, .required)
            .field("rubric", .string, .required)
            .field("test_weight", .int, .required)
            .field("test_minutes", .int, .required)
            .field("resident_share", .int, .required)
            .field("quotas", .string, .required)
            .field("reviews_per_application", .int, .required)
            .field("blind_review", .bool, .required)
            .field("confirm_days", .int, .required)
            .field("published_at", .datetime)
            .field("updated_by", .int, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "cohort_id")
            .create()
        try await db.schema(Admission.schema)
            .field("id", .int, .identifier(auto: true))
            .field("recruitment_id", .int, .required, .references("recruitments", "id", onDelete: .cascade))
            .field("cohort_id", .int, .required)
            .field("operator_id", .int, .required)
            .field("campus_id", .int, .required)
            .field("person_id", .int, .required, .references("people", "id", onDelete: .cascade))
            .field("state", .string, .required)
            .field("birth_date", .string)
            .field("gender", .string)
            .field("residence", .string)
            .field("education", .string)
            .field("school", .string)
            .field("employment", .string)
            .field("other_funded_course", .bool, .required)
            .field("motivation", .string, .required)
            .field("answers", .string, .required)
            .field("eligibility_failures", .string, .required)
            .field("submitted_at", .datetime)
            .field("test_started_at", .datetime)
            .field("test_score", .double)
            .field("review_score", .double)
            .field("composite", .double)
            .field("rank", .int)
            .field("explanation_ko", .string)
            .field("explanation_en", .string)
            .field("confirm_by", .datetime)
            .field("enrollment_id", .int)
            .field("state_changed_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "recruitment_id", "person_id")
            .create()
        try await db.schema(AdmissionEvent.schema)
            .field("id", .int, .identifier(auto: true))
            .field("admission_id", .int, .required, .references("admissions", "id", onDelete: .cascade))
            .field("from_state", .string)
            .field("to_state", .string, .required)
            .field("actor_id", .int)
            .field("note", .string)
            .field("at", .datetime, .required)
            .create()
        try await db.schema(AdmissionFile.schema)
            .field("id", .int, .identifier(auto: true))
            .field("admission_id", .int, .required, .references("admissions", "id", onDelete: .cascade))
            .field("question_key", .string, .required)
            .field("name", .string, .required)
            .field("content_type", .string, .required)
            .field("content", .data, .required)
            .unique(on: "admission_id", "question_key")
            .create()
        try await db.schema(AdmissionReview.schema)
            .field("id", .int, .identifier(auto: true))
            .field("admission_id", .int, .required, .references("admissions", "id", onDelete: .cascade))
            .field("recruitment_id", .int, .required)
            .field("reviewer_id", .int, .required, .references("people", "id", onDelete: .cascade))
            .field("assigned_by", .int, .required)
            .field("assigned_at", .datetime, .required)
            .field("scores", .string, .required)
            .field("total", .double)
            .field("comment", .string, .required)
            .field("submitted_at", .datetime)
            .unique(on: "admission_id", "reviewer_id")
            .create()
        try await db.schema(SelectionRun.schema)
            .field("id", .int, .identifier(auto: true))
            .field("recruitment_id", .int, .required, .references("recruitments", "id", onDelete: .cascade))
            .field("policy", .string, .required)
            .field("overrides", .string, .required)
            .field("candidates", .string, .required)
            .field("run_by", .int, .required)
            .field("run_at", .datetime, .required)
            .create()
        try await db.schema(OutboxMessage.schema)
            .field("id", .int, .identifier(auto: true))
            .field("person_id", .int, .required, .references("people", "id", onDelete: .cascade))
            .field("to_address", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("link", .string)
            .field("created_at", .datetime, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("sent_at", .datetime)
            .field("last_error", .string)
            .field("read_at", .datetime)
            .create()
        try await (db as! any SQLDatabase).create(index: "idx_admissions_cohort_state").on(Admission.schema)
            .column("cohort_id").column("state").run()
        try await (db as! any SQLDatabase).create(index: "idx_admission_reviews_reviewer").on(AdmissionReview.schema)
            .column("reviewer_id").run()
    }

    func revert(on db: any Database) async throws {
        for schema in [OutboxMessage.schema, SelectionRun.schema, AdmissionReview.schema, AdmissionFile.schema, AdmissionEvent.schema,
                       Admission.schema, Recruitment.schema] {
            try await db.schema(schema).delete()
        }
    }
}

/// Coding-test problems are assignments with a purpose; older databases get the column here.
struct AddAssignmentPurpose: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Assignment.schema).field("purpose", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Assignment.schema).deleteField("purpose").update()
    }
}
