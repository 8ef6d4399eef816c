import Fluent
import Foundation
import IeumCore

/// The score that counts for an attempt: the latest mentor's score when there is one, else the grader's.
struct CountedScore: Sendable {
    let points: Double?
    let automatic: Double?
    let mentorID: Int?
    let mentorName: String?

    var isMentors: Bool { mentorID != nil }

    init(_ s: Submission, review: SubmissionReview? = nil, names: [Int: String] = [:]) {
        automatic = s.points
        if let review, let score = review.score {
            points = score
            mentorID = review.mentorID
            mentorName = names[review.mentorID]
        } else {
            points = s.points
            mentorID = nil
            mentorName = nil
        }
    }

    /// "95 (멘토 김하늘)" beside the number; the automatic score stays in the title.
    func label(_ lang: Lang) -> HTML {
        guard let points else { return "—" }
        let number = AssignmentPages.points(points)
        guard isMentors else { return "\(number)" }
        let auto = automatic.map(AssignmentPages.points) ?? "—"
        return "<span title=\"\(lang.pick("자동 채점 \(auto)점", "automatic score \(auto)"))\">\(number) <small class=\"muted\">(\(lang.pick("멘토", "mentor")) \(mentorName ?? ""))</small></span>"
    }
}

enum MentorScores {
    /// The latest scored review of each submission.
    static func latest(of ids: [Int], on db: any Database) async throws -> [Int: SubmissionReview] {
        var latest: [Int: SubmissionReview] = [:]
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            for r in try await SubmissionReview.query(on: db).filter(\.$submission.$id ~~ chunk).filter(\.$score != nil).sort(\.$id).all() {
                latest[r.$submission.id] = r
            }
        }
        return latest
    }

    /// Counted scores of the submissions, with the mentors' names.
    static func counted(_ submissions: [Submission], on db: any Database) async throws -> [Int: CountedScore] {
        let reviews = try await latest(of: submissions.compactMap(\.id), on: db)
        let names = try await ReviewPages.mentorNames(reviews.values.map(\.mentorID), on: db)
        return Dictionary(uniqueKeysWithValues: submissions.compactMap { s in
            s.id.map { ($0, CountedScore(s, review: reviews[$0], names: names)) }
        })
    }
}
