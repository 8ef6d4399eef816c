import Fluent
import Foundation
import IeumCore
import IeumGrader

/// A coding assignment of one cohort. Tests live in `assignment_tests`; `tests_version` grows whenever they
/// change, so a submission graded against old tests can be told apart (and re-graded in one action).
final class Assignment: Model, @unchecked Sendable {
    static let schema = "assignments"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "cohort_id") var cohort: Cohort
    @Field(key: "operator_id") var operatorID: Int
    @Field(key: "campus_id") var campusID: Int
    @Field(key: "title") var title: String
    @Field(key: "statement") var statement: String
    /// Comma-separated `Language.id`s.
    @Field(key: "languages") var languages: String
    @OptionalField(key: "starter_code") var starterCode: String?
    @Field(key: "cpu_ms") var cpuMilliseconds: Int
    @Field(key: "memory_kb") var memoryKilobytes: Int
    @Field(key: "output_kb") var outputKilobytes: Int
    @Field(key: "points") var points: Double
    @Field(key: "deadline") var deadline: Date
    /// refuse | flag | penalty:<percent per day>:<floor percent>
    @Field(key: "late_policy") var latePolicy: String
    /// exact | whitespace | float:<tolerance>
    @Field(key: "comparison") var comparison: String
    @OptionalField(key: "checker_language") var checkerLanguage: String?
    @OptionalField(key: "checker_source") var checkerSource: String?
    @Field(key: "tests_version") var testsVersion: Int
    @Field(key: "created_by") var createdBy: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    /// Nil for course work; `admission_test` for a problem of the cohort's timed selection test, which only
    /// applicants in the test stage see (never trainees, gradebooks, completion or review queues).
    @OptionalField(key: "purpose") var purpose: String?

    init() {}

    static let admissionTest = "admission_test"
    var isAdmissionTest: Bool { purpose == Self.admissionTest }

    var languageList: [Language] { languages.split(separator: ",").compactMap { Language.named(String($0)) } }

    var policy: LatePolicy { AssignmentCodec.latePolicy(latePolicy) ?? .flagOnly }
    var outputComparison: OutputComparison { AssignmentCodec.comparison(comparison) ?? .whitespace }

    var limits: SandboxLimits {
        var limits = SandboxLimits()
        limits.cpuMilliseconds = cpuMilliseconds
        limits.wallMilliseconds = SandboxLimits.wallGuard(cpuMilliseconds: cpuMilliseconds)
        limits.memoryKilobytes = memoryKilobytes
        limits.outputKilobytes = outputKilobytes
        return limits
    }
}

final class AssignmentTest: Model, @unchecked Sendable {
    static let schema = "assignment_tests"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "assignment_id") var assignment: Assignment
    @Field(key: "position") var position: Int
    @Field(key: "name") var name: String
    @Field(key: "input") var input: String
    @Field(key: "expected") var expected: String
    @Field(key: "weight") var weight: Int
    @Field(key: "is_sample") var isSample: Bool

    init() {}

    init(assignmentID: Int, position: Int, name: String, input: String, expected: String, weight: Int, isSample: Bool) {
        self.$assignment.id = assignmentID
        self.position = position
        self.name = name
        self.input = input
        self.expected = expected
        self.weight = weight
        self.isSample = isSample
    }

    var gradingTest: GradingTest { GradingTest(name: name, input: input, expected: expected, weight: weight, isSample: isSample) }
}

/// The textual forms of late policies and comparisons stored with an assignment.
enum AssignmentCodec {
    static func latePolicy(_ text: String) -> LatePolicy? {
        let parts = text.split(separator: ":")
        switch parts.first {
        case "refuse": return .refuse
        case "flag": return .flagOnly
        case "penalty":
            guard parts.count == 3, let perDay = Int(parts[1]), let floor = Int(parts[2]),
                  (1...100).contains(perDay), (0...100).contains(floor) else { return nil }
            return .penalty(percentPerDay: perDay, floorPercent: floor)
        default: return nil
        }
    }

    static func text(_ policy: LatePolicy) -> String {
        switch policy {
        case .refuse: "refuse"
        case .flagOnly: "flag"
        case let .penalty(perDay, floor): "penalty:\(perDay):\(floor)"
        }
    }

    static func comparison(_ text: String) -> OutputComparison? {
        if text == "exact" { return .exact }
        if text == "whitespace" { return .whitespace }
        if text.hasPrefix("float:"), let tolerance = Double(text.dropFirst(6)), tolerance >= 0, tolerance < 1 {
            return .float(tolerance: tolerance)
        }
        return nil
    }
}
