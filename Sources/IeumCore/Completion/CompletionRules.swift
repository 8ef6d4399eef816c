import Foundation

/// What a course asks of graded work before a trainee completes, set per course. Attendance is not a setting:
/// completion needs ≥ 80% attendance over the course (PROGRAM.md, "Rules the platform applies"; the threshold is
/// `AttendanceRules.completionThreshold`).
public enum AssessmentRequirement: Sendable, Equatable, Codable {
    /// Graded work does not decide completion.
    case none
    /// Every assignment of the cohort scored at least this percentage of its points.
    case eachAtLeast(percent: Int)
    /// The average over the cohort's assignments (each as a percentage of its points) is at least this.
    case averageAtLeast(percent: Int)

    /// Stored as `none`, `each:60` or `average:60`.
    public var code: String {
        switch self {
        case .none: "none"
        case let .eachAtLeast(p): "each:\(p)"
        case let .averageAtLeast(p): "average:\(p)"
        }
    }

    public init?(code: String) {
        let parts = code.split(separator: ":", omittingEmptySubsequences: false)
        switch (parts.first, parts.count) {
        case ("none", 1): self = .none
        case ("each", 2):
            guard let p = Int(parts[1]), (1...100).contains(p) else { return nil }
            self = .eachAtLeast(percent: p)
        case ("average", 2):
            guard let p = Int(parts[1]), (1...100).contains(p) else { return nil }
            self = .averageAtLeast(percent: p)
        default: return nil
        }
    }

    public var description: Localized {
        switch self {
        case .none: Localized("과제 점수는 수료에 반영하지 않음", "Graded work does not decide completion")
        case let .eachAtLeast(p): Localized("모든 과제 \(p)% 이상", "Every assignment at least \(p)%")
        case let .averageAtLeast(p): Localized("과제 평균 \(p)% 이상", "Assignment average at least \(p)%")
        }
    }
}

/// One assignment's result for one trainee, as completion sees it.
public struct AssessmentResult: Sendable, Equatable {
    public let title: String
    /// The best score that counts (nil: nothing graded was handed in).
    public let score: Double?
    public let points: Double

    public init(title: String, score: Double?, points: Double) {
        self.title = title
        self.score = score
        self.points = points
    }

    public var percent: Double { points > 0 ? (score ?? 0) / points * 100 : 0 }
}

/// What the rules know of one trainee when the cohort closes.
public struct CompletionFacts: Sendable, Equatable {
    public let attendance: CourseSummary?
    public let assessments: [AssessmentResult]

    public init(attendance: CourseSummary?, assessments: [AssessmentResult]) {
        self.attendance = attendance
        self.assessments = assessments
    }
}

public enum CompletionOutcome: String, Sendable, Equatable, Codable, CaseIterable {
    case completed
    case notCompleted = "not_completed"

    public var state: EnrollmentState { self == .completed ? .completed : .notCompleted }
}

/// The rules' proposal for one trainee, with every reason in plain words (met and unmet), so staff can confirm it
/// or override it knowingly.
public struct CompletionProposal: Sendable, Equatable {
    public let outcome: CompletionOutcome
    public let unmet: [Localized]
    public let met: [Localized]

    public init(outcome: CompletionOutcome, unmet: [Localized], met: [Localized]) {
        self.outcome = outcome
        self.unmet = unmet
        self.met = met
    }
}

public enum CompletionRules {
    public static func propose(_ facts: CompletionFacts, requirement: AssessmentRequirement,
                               rules: AttendanceRules = AttendanceRules()) -> CompletionProposal {
        var met: [Localized] = []
        var unmet: [Localized] = []
        let threshold = Int((rules.completionThreshold * 100).rounded())
        if let attendance = facts.attendance {
            let rate = String(format: "%.1f", attendance.rate * 100)
            let line = Localized("출석률 \(rate)% (기준 \(threshold)% 이상, 훈련일 \(attendance.trainingDays)일 중 결석 \(attendance.absences)일)",
                                 "Attendance \(rate)% (needs \(threshold)%; \(attendance.absences) absences in \(attendance.trainingDays) training days)")
            if attendance.completionEligible { met.append(line) } else { unmet.append(line) }
        } else {
            unmet.append(Localized("출석 기록을 계산할 수 없습니다 (과정 일정이 없음).",
                                   "Attendance cannot be worked out (the course has no schedule)."))
        }
        switch requirement {
        case .none:
            break
        case let .eachAtLeast(percent):
            for a in facts.assessments {
                let line = a.score == nil
                    ? Localized("'\(a.title)' 제출 없음 (기준 \(percent)%)", "'\(a.title)' not handed in (needs \(percent)%)")
                    : Localized("'\(a.title)' \(Self.format(a.percent))% (기준 \(percent)%)", "'\(a.title)' \(Self.format(a.percent))% (needs \(percent)%)")
                if a.score != nil && a.percent + 1e-9 >= Double(percent) { met.append(line) } else { unmet.append(line) }
            }
        case let .averageAtLeast(percent):
            if !facts.assessments.isEmpty {
                let average = facts.assessments.map(\.percent).reduce(0, +) / Double(facts.assessments.count)
                let line = Localized("과제 \(facts.assessments.count)개 평균 \(Self.format(average))% (기준 \(percent)%)",
                                     "Average of \(facts.assessments.count) assignments \(Self.format(average))% (needs \(percent)%)")
                if average + 1e-9 >= Double(percent) { met.append(line) } else { unmet.append(line) }
            }
        }
        return CompletionProposal(outcome: unmet.isEmpty ? .completed : .notCompleted, unmet: unmet, met: met)
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
