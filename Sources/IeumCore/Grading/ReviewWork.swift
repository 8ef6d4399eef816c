import Foundation

/// One attempt as a mentor's review queue needs it.
public struct AttemptRef: Sendable, Equatable {
    public let id: Int
    public let personID: Int
    public let assignmentID: Int
    public let attempt: Int
    public let submittedAt: Date
    /// Still queued or being graded: nothing to review yet.
    public let grading: Bool
    /// A mentor has written a review (score or feedback) of this attempt; line comments alone do not count.
    public let reviewed: Bool

    public init(id: Int, personID: Int, assignmentID: Int, attempt: Int, submittedAt: Date, grading: Bool, reviewed: Bool) {
        self.id = id
        self.personID = personID
        self.assignmentID = assignmentID
        self.attempt = attempt
        self.submittedAt = submittedAt
        self.grading = grading
        self.reviewed = reviewed
    }
}

/// What is in a mentor's queue: a trainee's latest attempt at each assignment (earlier ones are history, not
/// work), waiting until a mentor reviews it; oldest first, so nobody waits longest by being early.
public enum ReviewWork {
    public enum State: String, Sendable, CaseIterable {
        case waiting, reviewed, all

        public var name: Localized {
            switch self {
            case .waiting: Localized("리뷰 대기", "Waiting")
            case .reviewed: Localized("리뷰함", "Reviewed")
            case .all: Localized("전체", "All")
            }
        }
    }

    public static func latest(_ attempts: [AttemptRef]) -> [AttemptRef] {
        var latest: [[Int]: AttemptRef] = [:]
        for a in attempts where latest[[a.personID, a.assignmentID]].map({ a.attempt > $0.attempt }) ?? true {
            latest[[a.personID, a.assignmentID]] = a
        }
        return latest.values.sorted { ($0.submittedAt, $0.id) < ($1.submittedAt, $1.id) }
    }

    public static func queue(_ attempts: [AttemptRef], state: State) -> [AttemptRef] {
        latest(attempts).filter { a in
            switch state {
            case .waiting: !a.grading && !a.reviewed
            case .reviewed: a.reviewed
            case .all: true
            }
        }
    }
}
