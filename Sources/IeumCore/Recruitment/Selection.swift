import Foundation

/// One applicant as selection sees them: the scores that rank them and the groups quotas count.
public struct Candidate: Sendable, Equatable {
    public let id: Int
    public let testScore: Double
    public let reviewScore: Double
    /// Quota groups they belong to, e.g. "resident" (lives in the campus's region), a track.
    public let groups: Set<String>
    /// When the application was submitted: the last tie-break.
    public let submittedAt: Date

    public init(id: Int, testScore: Double, reviewScore: Double, groups: Set<String> = [], submittedAt: Date) {
        self.id = id
        self.testScore = testScore
        self.reviewScore = reviewScore
        self.groups = groups
        self.submittedAt = submittedAt
    }
}

/// How a course ranks and fills its seats.
public struct SelectionPolicy: Sendable, Equatable, Codable {
    /// Composite = testWeight × test + reviewWeight × review (both scores out of 100).
    public var testWeight: Double
    public var reviewWeight: Double
    public var seats: Int
    /// Group → the least number of seats it must get when it has enough applicants (e.g. 40% residents of 30 → 12).
    public var minimums: [String: Int]

    public init(testWeight: Double = 0.5, reviewWeight: Double = 0.5, seats: Int, minimums: [String: Int] = [:]) {
        self.testWeight = testWeight
        self.reviewWeight = reviewWeight
        self.seats = seats
        self.minimums = minimums
    }

    /// A share of the seats, rounded up: 40% of 59 seats is 24.
    public static func minimum(share: Double, of seats: Int) -> Int { Int((share * Double(seats) - 1e-9).rounded(.up)) }
}

/// A decision staff took against the ranking, with its reason (kept and shown).
public struct SelectionOverride: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case select, exclude }
    public let candidateID: Int
    public let kind: Kind
    public let reason: String

    public init(candidateID: Int, kind: Kind, reason: String) {
        self.candidateID = candidateID
        self.kind = kind
        self.reason = reason
    }
}

public struct SelectionDecision: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case selectedOnMerit
        case selectedOnQuota(group: String)
        case selectedByOverride(reason: String)
        case waitlisted(position: Int)
        case excludedByOverride(reason: String)
    }

    public let candidateID: Int
    /// 1 = best composite score.
    public let rank: Int
    public let composite: Double
    public let outcome: Outcome

    public init(candidateID: Int, rank: Int, composite: Double, outcome: Outcome) {
        self.candidateID = candidateID
        self.rank = rank
        self.composite = composite
        self.outcome = outcome
    }

    public var isSelected: Bool {
        switch outcome {
        case .selectedOnMerit, .selectedOnQuota, .selectedByOverride: true
        default: false
        }
    }

    /// "selected on regional quota, rank 12", in words an applicant understands.
    public func explanation(groupNames: [String: Localized] = [:]) -> Localized {
        switch outcome {
        case .selectedOnMerit:
            return Localized("성적순 선발 (순위 \(rank))", "Selected on merit, rank \(rank)")
        case let .selectedOnQuota(group):
            let name = groupNames[group] ?? Localized(group, group)
            return Localized("\(name.ko) 할당으로 선발 (순위 \(rank))", "Selected on the \(name.en) quota, rank \(rank)")
        case let .selectedByOverride(reason):
            return Localized("담당자 결정으로 선발 (순위 \(rank)): \(reason)", "Selected by staff decision (rank \(rank)): \(reason)")
        case let .waitlisted(position):
            return Localized("대기 \(position)번 (순위 \(rank))", "Waitlist number \(position), rank \(rank)")
        case let .excludedByOverride(reason):
            return Localized("담당자 결정으로 제외 (순위 \(rank)): \(reason)", "Excluded by staff decision (rank \(rank)): \(reason)")
        }
    }
}

/// Fills a course's seats: rank by the composite score, fill on merit, then meet each group's minimum by giving
/// the lowest-ranked merit seats that no quota needs to the best-ranked members of the group still out. Nobody
/// outside a group ever takes the place of someone ranked above them except as a minimum requires; a minimum
/// that cannot be met (too few in the group) leaves its seats on merit. The same input always gives the same
/// result (ties: test score, then the earlier application, then the lower id).
public enum Selection {
    public static func select(_ candidates: [Candidate], policy: SelectionPolicy, overrides: [SelectionOverride] = []) -> [SelectionDecision] {
        let composite = Dictionary(uniqueKeysWithValues: candidates.map { ($0.id, policy.testWeight * $0.testScore + policy.reviewWeight * $0.reviewScore) })
        let ranked = candidates.sorted { a, b in
            let ca = composite[a.id]!, cb = composite[b.id]!
            if ca != cb { return ca > cb }
            if a.testScore != b.testScore { return a.testScore > b.testScore }
            if a.submittedAt != b.submittedAt { return a.submittedAt < b.submittedAt }
            return a.id < b.id
        }
        let rank = Dictionary(uniqueKeysWithValues: ranked.enumerated().map { ($1.id, $0 + 1) })
        let excluded = Dictionary(overrides.filter { $0.kind == .exclude }.map { ($0.candidateID, $0.reason) }, uniquingKeysWith: { a, _ in a })
        let forced = Dictionary(overrides.filter { $0.kind == .select }.map { ($0.candidateID, $0.reason) }, uniquingKeysWith: { a, _ in a })
        var outcome: [Int: SelectionDecision.Outcome] = [:]
        for (id, reason) in excluded { outcome[id] = .excludedByOverride(reason: reason) }
        var selected: [Candidate] = []
        for c in ranked where forced[c.id] != nil && excluded[c.id] == nil && selected.count < policy.seats {
            selected.append(c)
            outcome[c.id] = .selectedByOverride(reason: forced[c.id]!)
        }
        let open = ranked.filter { outcome[$0.id] == nil }
        // Merit first.
        for c in open where selected.count < policy.seats {
            selected.append(c)
            outcome[c.id] = .selectedOnMerit
        }
        // Then each minimum, groups in a fixed order.
        func count(_ group: String) -> Int { selected.filter { $0.groups.contains(group) }.count }
        for group in policy.minimums.keys.sorted() {
            let needed = policy.minimums[group]!
            while count(group) < needed {
                guard let incoming = open.first(where: { outcome[$0.id] == nil && $0.groups.contains(group) }) else { break }
                // The lowest-ranked merit seat whose holder no minimum needs.
                let removable = selected.reversed().first { s in
                    guard case .selectedOnMerit = outcome[s.id]! else { return false }
                    return !s.groups.contains(group)
                        && policy.minimums.allSatisfy { g, m in !s.groups.contains(g) || count(g) > m }
                }
                guard let leaving = removable else { break }
                selected.removeAll { $0.id == leaving.id }
                outcome[leaving.id] = nil
                selected.append(incoming)
                outcome[incoming.id] = .selectedOnQuota(group: group)
            }
        }
        var position = 0
        for c in ranked where outcome[c.id] == nil {
            position += 1
            outcome[c.id] = .waitlisted(position: position)
        }
        return ranked.map { SelectionDecision(candidateID: $0.id, rank: rank[$0.id]!, composite: composite[$0.id]!, outcome: outcome[$0.id]!) }
    }

    /// Who takes a seat that `leaving` gave up (declined, or did not confirm in time): the best-placed on the
    /// waitlist, unless the seat was needed for a group's minimum, in which case the best-placed member of that
    /// group — so the quotas still hold. Nil when nobody suitable is waiting.
    public static func promotion(after leaving: Int, decisions: [SelectionDecision], candidates: [Candidate],
                                 policy: SelectionPolicy) -> Int? {
        let byID = Dictionary(uniqueKeysWithValues: candidates.map { ($0.id, $0) })
        let stillSelected = decisions.filter { $0.isSelected && $0.candidateID != leaving }.compactMap { byID[$0.candidateID] }
        let waiting = decisions.compactMap { d -> (Int, Int)? in
            if case let .waitlisted(position) = d.outcome { return (position, d.candidateID) }
            return nil
        }.sorted { $0.0 < $1.0 }.map(\.1)
        guard let leaver = byID[leaving] else { return waiting.first }
        for group in policy.minimums.keys.sorted() where leaver.groups.contains(group) {
            if stillSelected.filter({ $0.groups.contains(group) }).count < policy.minimums[group]!,
               let member = waiting.first(where: { byID[$0]?.groups.contains(group) == true }) {
                return member
            }
        }
        return waiting.first
    }
}
