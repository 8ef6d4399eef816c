import Foundation

/// An enrollment moves applied → selected → enrolled → completed or not completed (the course ended without
/// meeting its completion rules), or leaves for dropped (with a reason). The last three are final: a finished
/// record is history the program reports on.
public enum EnrollmentState: String, CaseIterable, Sendable, Codable {
    case applied, selected, enrolled, completed
    case notCompleted = "not_completed"
    case dropped

    public var isFinal: Bool { self == .completed || self == .notCompleted || self == .dropped }

    public var name: Localized {
        switch self {
        case .applied: Localized("지원", "Applied")
        case .selected: Localized("선발", "Selected")
        case .enrolled: Localized("수강 중", "Enrolled")
        case .completed: Localized("수료", "Completed")
        case .notCompleted: Localized("미수료", "Not completed")
        case .dropped: Localized("중도 탈락", "Dropped")
        }
    }

    public var allowedNext: [EnrollmentState] {
        switch self {
        case .applied: [.selected, .dropped]
        case .selected: [.enrolled, .dropped]
        case .enrolled: [.completed, .notCompleted, .dropped]
        case .completed, .notCompleted, .dropped: []
        }
    }
}

public enum EnrollmentTransitionError: Error, Equatable, Sendable {
    case notAllowed(from: EnrollmentState, to: EnrollmentState)
    case reasonRequired
    case unchanged(EnrollmentState)

    public var message: Localized {
        switch self {
        case let .notAllowed(from, to):
            Localized(
                "'\(from.name.ko)' 상태에서 '\(to.name.ko)'(으)로 바꿀 수 없습니다.",
                "An enrollment that is \(from.name.en.lowercased()) cannot become \(to.name.en.lowercased())."
            )
        case .reasonRequired:
            Localized("중도 탈락과 미수료에는 사유가 필요합니다.", "Dropping an enrollment or ending it as not completed needs a reason.")
        case let .unchanged(state):
            Localized("이미 '\(state.name.ko)' 상태입니다.", "The enrollment is already \(state.name.en.lowercased()).")
        }
    }
}

public enum EnrollmentLifecycle {
    /// Checks one step of the lifecycle. Returns the reason to store (trimmed; nil when none is needed).
    public static func transition(
        from: EnrollmentState, to: EnrollmentState, reason: String?
    ) throws(EnrollmentTransitionError) -> String? {
        if from == to { throw .unchanged(from) }
        guard from.allowedNext.contains(to) else { throw .notAllowed(from: from, to: to) }
        let trimmed = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if (to == .dropped || to == .notCompleted) && trimmed.isEmpty { throw .reasonRequired }
        return trimmed.isEmpty ? nil : trimmed
    }
}
