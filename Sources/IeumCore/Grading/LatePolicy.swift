import Foundation

/// What a submission after the deadline is worth.
public enum LatePolicy: Sendable, Equatable, Codable {
    /// Not accepted at all after the deadline.
    case refuse
    /// Accepted; the score loses `percentPerDay` for every started day late, down to `floorPercent` of it.
    case penalty(percentPerDay: Int, floorPercent: Int)
    /// Accepted at full value, only flagged late.
    case flagOnly

    /// Whether a submission made at `submittedAt` is accepted at all.
    public func accepts(submittedAt: Date, deadline: Date) -> Bool {
        if case .refuse = self { return submittedAt <= deadline }
        return true
    }

    /// Started days late (a minute late is one day).
    public static func daysLate(submittedAt: Date, deadline: Date) -> Int {
        guard submittedAt > deadline else { return 0 }
        return Int((submittedAt.timeIntervalSince(deadline) / 86_400).rounded(.up))
    }

    /// The score after the penalty, rounded to hundredths.
    public func apply(to points: Double, submittedAt: Date, deadline: Date) -> Double {
        let days = Self.daysLate(submittedAt: submittedAt, deadline: deadline)
        guard days > 0, case .penalty(let perDay, let floor) = self else { return points }
        let kept = max(Double(floor), 100 - Double(perDay * days)) / 100
        return (points * kept * 100).rounded() / 100
    }
}
