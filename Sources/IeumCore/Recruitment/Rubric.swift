import Foundation

/// The criteria reviewers score an application on, each 1–5, with weights.
public struct Rubric: Sendable, Equatable, Codable {
    public struct Criterion: Sendable, Equatable, Codable {
        public let key: String
        public let name: String
        public let weight: Int

        public init(key: String, name: String, weight: Int) {
            self.key = key
            self.name = name
            self.weight = weight
        }
    }

    public static let lowest = 1
    public static let highest = 5
    /// Reviews whose totals differ by this many points or more are shown as needing a discussion.
    public static let discussAt = 25.0

    public let criteria: [Criterion]

    public init(criteria: [Criterion]) { self.criteria = criteria }

    public static let standard = Rubric(criteria: [
        Criterion(key: "c1", name: "학습 동기와 목표", weight: 30),
        Criterion(key: "c2", name: "문제 해결 경험", weight: 40),
        Criterion(key: "c3", name: "협업과 태도", weight: 30),
    ])

    /// A review's total on 0–100: the weighted mean of the 1–5 scores, with 1 as 0 and 5 as 100.
    /// Nil unless every criterion has a score in range.
    public func total(_ scores: [String: Int]) -> Double? {
        let weights = criteria.reduce(0) { $0 + $1.weight }
        guard weights > 0 else { return nil }
        var sum = 0.0
        for c in criteria {
            guard let s = scores[c.key], (Self.lowest...Self.highest).contains(s) else { return nil }
            sum += Double(c.weight) * Double(s - Self.lowest) / Double(Self.highest - Self.lowest)
        }
        return (sum / Double(weights) * 100 * 10).rounded() / 10
    }

    /// An application's review score: the mean of its finished reviews' totals, to one decimal; nil with none.
    public static func mean(_ totals: [Double]) -> Double? {
        totals.isEmpty ? nil : (totals.reduce(0, +) / Double(totals.count) * 10).rounded() / 10
    }

    /// Highest minus lowest total of an application's reviews (0 with fewer than two).
    public static func spread(_ totals: [Double]) -> Double {
        guard let lo = totals.min(), let hi = totals.max() else { return 0 }
        return hi - lo
    }

    /// Reads one criterion per line as `name | weight`.
    public static func parse(_ text: String) -> (rubric: Rubric, problems: [Localized]) {
        var criteria: [Criterion] = []
        var problems: [Localized] = []
        for (index, raw) in TextLines.split(text).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            let parts = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 100, let weight = Int(parts[1]), (1...100).contains(weight) else {
                problems.append(Localized("\(index + 1)번째 줄: '기준 | 가중치(1~100)' 꼴로 적으세요.",
                                          "Line \(index + 1): write 'criterion | weight (1–100)'."))
                continue
            }
            criteria.append(Criterion(key: "c\(criteria.count + 1)", name: parts[0], weight: weight))
        }
        if criteria.isEmpty && problems.isEmpty {
            problems.append(Localized("심사 기준을 하나 이상 적으세요.", "Give at least one criterion."))
        }
        if criteria.count > 10 { problems.append(Localized("심사 기준은 10개까지 둘 수 있습니다.", "At most 10 criteria.")) }
        return (Rubric(criteria: criteria), problems)
    }

    public var text: String { criteria.map { "\($0.name) | \($0.weight)" }.joined(separator: "\n") }
}

/// Who reviews what: each application gets `perApplication` different reviewers, the load spread evenly.
public enum ReviewAssignment {
    /// New (application, reviewer) pairs that bring every application up to `perApplication` reviews, given the
    /// existing ones. The least-loaded reviewer goes first (lower id on ties), never twice on one application.
    /// Applications that cannot get enough distinct reviewers get as many as there are.
    public static func assign(applications: [Int], reviewers: [Int], existing: [Int: Set<Int>], perApplication: Int) -> [(application: Int, reviewer: Int)] {
        var load: [Int: Int] = Dictionary(uniqueKeysWithValues: reviewers.map { ($0, 0) })
        for (_, set) in existing { for r in set where load[r] != nil { load[r]! += 1 } }
        var pairs: [(Int, Int)] = []
        for app in applications.sorted() {
            var have = existing[app] ?? []
            while have.count < perApplication {
                guard let next = reviewers.filter({ !have.contains($0) }).min(by: { (load[$0]!, $0) < (load[$1]!, $1) }) else { break }
                have.insert(next)
                load[next]! += 1
                pairs.append((app, next))
            }
        }
        return pairs
    }
}
