import Foundation

/// One graded attempt, as the gradebook needs it.
public struct AttemptFacts: Sendable, Equatable {
    public let personID: Int
    public let assignmentID: Int
    public let points: Double?
    public let late: Bool
    /// A mentor's score replaces the automatic one for that attempt.
    public let reviewScore: Double?
    /// Who gave `reviewScore`.
    public let reviewerID: Int?

    public init(personID: Int, assignmentID: Int, points: Double?, late: Bool, reviewScore: Double? = nil, reviewerID: Int? = nil) {
        self.personID = personID
        self.assignmentID = assignmentID
        self.points = points
        self.late = late
        self.reviewScore = reviewScore
        self.reviewerID = reviewScore == nil ? nil : reviewerID
    }

    public var score: Double? { reviewScore ?? points }
}

/// A cell of the gradebook: a trainee's record on one assignment.
public struct GradebookCell: Sendable, Equatable {
    public var best: Double?
    public var attempts = 0
    /// The best attempt was late (a late resubmission that did not improve the score is not held against them).
    public var bestWasLate = false
    public var anyLate = false
    /// The mentor whose score is the best one, when a mentor's score it is.
    public var bestScoredBy: Int?
    /// The best score is a mentor's, not the automatic one.
    public var bestIsMentors = false

    public init() {}
}

public enum Gradebook {
    /// Cells keyed by person, then assignment. Attempts still being graded count as attempts with no score.
    public static func cells(_ attempts: [AttemptFacts]) -> [Int: [Int: GradebookCell]] {
        var cells: [Int: [Int: GradebookCell]] = [:]
        for attempt in attempts {
            var cell = cells[attempt.personID]?[attempt.assignmentID] ?? GradebookCell()
            cell.attempts += 1
            cell.anyLate = cell.anyLate || attempt.late
            if let score = attempt.score, score > (cell.best ?? -1) {
                cell.best = score
                cell.bestWasLate = attempt.late
                cell.bestIsMentors = attempt.reviewScore != nil
                cell.bestScoredBy = attempt.reviewerID
            }
            cells[attempt.personID, default: [:]][attempt.assignmentID] = cell
        }
        return cells
    }

    /// A trainee's total over the assignments, missing ones counting zero.
    public static func total(_ row: [Int: GradebookCell], assignments: [Int]) -> Double {
        assignments.reduce(0) { $0 + (row[$1]?.best ?? 0) }
    }
}
