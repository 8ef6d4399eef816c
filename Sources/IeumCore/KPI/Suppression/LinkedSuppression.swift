import Foundation

/// Small-cell suppression over every figure one audience sees, taken together: each figure is a sum of the same
/// finest-grain counts (a cohort's trainees in training, completed, dropped out, …), so a figure is given away
/// exactly when its vector of finest-grain coefficients is a linear combination of the published figures' vectors —
/// whatever table, total, drill-down, export or chart each of them comes from.
///
/// Primary suppression hides every figure of 1 to 4 people. Zero is shown: it describes nobody. Then, round after
/// round, every hidden figure is checked against the span of the published ones (`ModularRowSpace`); for each one
/// still worked out, one published figure of the combination that works it out is hidden too, until no hidden
/// figure can be worked out. Of that combination it takes, first, a figure no other published figure can stand in
/// for (hiding it surely breaks the combination), then the narrowest non-zero one, then the smallest; ties go by
/// order, so the result is the same every time. Figures with the same vector are one figure (shown or hidden
/// together).
public struct LinkedSuppression: Sendable {
    public struct Term: Sendable, Hashable, Comparable {
        public let variable: Int
        public let coefficient: Int
        public init(_ variable: Int, _ coefficient: Int = 1) {
            self.variable = variable
            self.coefficient = coefficient
        }
        public static func < (a: Term, b: Term) -> Bool { (a.variable, a.coefficient) < (b.variable, b.coefficient) }
    }

    public struct Figure: Sendable {
        /// Sorted by variable, one term per variable.
        public let terms: [Term]
        public let value: Int
        public init(terms: [Term], value: Int) {
            self.terms = terms.sorted()
            self.value = value
        }
    }

    public enum Status: Sendable, Equatable {
        case shown
        /// 1 to 4 people: printed "<5".
        case small
        /// Hidden so that a small figure cannot be worked out: printed "×".
        case protected
    }

    public static let threshold = 5
    public static func isSmall(_ value: Int) -> Bool { value > 0 && value < threshold }

    public let status: [Status]
    /// Rounds of complementary suppression it took (for tests and measurements).
    public let rounds: Int
    private let published: SpanOracle

    /// `alsoHidden`: figures to hide whatever their value (shown elsewhere under a rule of their own).
    public init(variables: Int, figures: [Figure], alsoHidden: Set<Int> = []) {
        // One class per distinct vector; a figure without terms is always zero and says nothing.
        var classOf = [Int](repeating: -1, count: figures.count)
        var classes: [(terms: [Term], value: Int)] = []
        var index: [[Term]: Int] = [:]
        for (i, figure) in figures.enumerated() where !figure.terms.isEmpty {
            if let c = index[figure.terms] {
                classOf[i] = c
            } else {
                index[figure.terms] = classes.count
                classOf[i] = classes.count
                classes.append((figure.terms, figure.value))
            }
        }
        var hidden = [Bool](repeating: false, count: classes.count)
        for (c, entry) in classes.enumerated() where Self.isSmall(entry.value) { hidden[c] = true }
        for i in alsoHidden where classOf[i] >= 0 { hidden[classOf[i]] = true }

        // Sparse figures first keeps the echelon rows short; small values first make the combinations found
        // (and so the figures hidden to break them) the small ones.
        let insertionOrder = classes.indices.sorted {
            (classes[$0].terms.count, classes[$0].value, $0) < (classes[$1].terms.count, classes[$1].value, $1)
        }
        // Which published figure to hide to break a combination: a non-zero one before a zero (hiding a zero
        // protects little), the narrowest (a cohort before a campus before an operator: a wide figure hidden must
        // be protected in its turn in every table it sums up, and the hiding climbs to the program's totals), then
        // the smallest.
        var candidateRank = [Int](repeating: 0, count: classes.count)
        for (rank, c) in classes.indices.sorted(by: {
            (classes[$0].value == 0 ? 1 : 0, classes[$0].terms.count, classes[$0].value, $0)
                < (classes[$1].value == 0 ? 1 : 0, classes[$1].terms.count, classes[$1].value, $1)
        }).enumerated() { candidateRank[c] = rank }
        let hiddenOrder = classes.indices.sorted { (classes[$0].value, $0) < (classes[$1].value, $1) }

        var rounds = 0
        var space: ModularRowSpace
        while true {
            rounds += 1
            space = ModularRowSpace(columns: variables, sources: classes.count)
            for c in insertionOrder where !hidden[c] {
                space.add(classes[c].terms.map { ($0.variable, $0.coefficient) }, source: c)
            }
            var hiddenThisRound = Set<Int>()
            for c in hiddenOrder where hidden[c] {
                guard let combination = space.certificate(classes[c].terms.map { ($0.variable, $0.coefficient) }) else { continue }
                // Already broken by a figure hidden this round that nothing else stands in for.
                if combination.contains(where: { hiddenThisRound.contains($0) && !space.isReplaceable[$0] }) { continue }
                // Hiding a figure no other published figure can stand in for is sure to break this combination.
                let open = combination.filter { !hidden[$0] }
                let sure = open.filter { !space.isReplaceable[$0] }
                guard let pick = (sure.isEmpty ? open : sure).min(by: { candidateRank[$0] < candidateRank[$1] }) else { continue }
                hidden[pick] = true
                hiddenThisRound.insert(pick)
            }
            if hiddenThisRound.isEmpty { break }
        }
        self.rounds = rounds
        status = figures.indices.map { i in
            let c = classOf[i]
            guard c >= 0, hidden[c] else { return .shown }
            return Self.isSmall(classes[c].value) ? .small : .protected
        }
        published = SpanOracle(space)
    }

    /// Whether the published figures determine this combination of finest-grain counts.
    public func determines(_ terms: [Term]) -> Bool {
        terms.isEmpty || published.contains(terms.map { ($0.variable, $0.coefficient) })
    }
}

/// The published span, shared by concurrent readers (a reduction uses scratch space).
private final class SpanOracle: @unchecked Sendable {
    private var space: ModularRowSpace
    private let lock = NSLock()

    init(_ space: ModularRowSpace) { self.space = space }

    func contains(_ vector: [(column: Int, coefficient: Int)]) -> Bool {
        lock.withLock { space.contains(vector) }
    }
}
