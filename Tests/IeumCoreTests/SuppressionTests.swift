@testable import IeumCore
import Testing

/// Cells of a table as figures over the table's own cells: group rows are the variables, the total row their sums.
private func table(_ rows: [[Int]], rowSums: [(parts: [Int], total: Int)] = []) -> (figures: [LinkedSuppression.Figure], variables: Int) {
    let columns = rows.first?.count ?? 0
    func variable(_ r: Int, _ c: Int) -> Int { r * columns + c }
    var vectors: [[Int]] = []
    for r in rows.indices { for c in 0..<columns { vectors.append([variable(r, c)]) } }
    for c in 0..<columns { vectors.append(rows.indices.map { variable($0, c) }) }
    let values = rows.flatMap { $0 } + (0..<columns).map { c in rows.map { $0[c] }.reduce(0, +) }
    // A column that is the sum of others in every row is not a variable of its own: rewrite it as that sum.
    for sum in rowSums {
        for r in 0...rows.count {
            let cell = r * columns + sum.total
            vectors[cell] = sum.parts.flatMap { p in vectors[r * columns + p] }
        }
    }
    return (zip(vectors, values).map { LinkedSuppression.Figure(terms: $0.map { LinkedSuppression.Term($0) }, value: $1) }, rows.count * columns)
}

/// Whether any hidden figure is a combination of the shown ones, by `IndependentSpan`.
func revealed(_ figures: [LinkedSuppression.Figure], _ status: [LinkedSuppression.Status], variables: Int) -> [Int] {
    var span = IndependentSpan(columns: variables)
    func vector(_ f: LinkedSuppression.Figure) -> [Int: Int] {
        Dictionary(f.terms.map { ($0.variable, $0.coefficient) }, uniquingKeysWith: +)
    }
    for (f, s) in zip(figures, status) where s == .shown { span.add(vector(f)) }
    return figures.indices.filter { status[$0] != .shown && span.contains(vector(figures[$0])) }
}

@Suite("Suppression: exact span arithmetic")
struct SuppressionSpanTests {
    @Test("a difference of two published sums is in their span; a single part is not")
    func differences() {
        var space = ModularRowSpace(columns: 3)
        let first = space.add([(0, 1), (1, 1)]), second = space.add([(1, 1), (2, 1)])
        #expect(first && second)
        let added = space.add([(0, 1), (2, -1)])      // (a+b) − (b+c)
        #expect(!added)
        let difference = space.contains([(0, 1), (2, -1)]), part = space.contains([(0, 1)])
        #expect(difference && !part)
        #expect(space.rank == 2)
    }

    @Test("the certificate names the published vectors that combine into the asked one")
    func certificate() {
        var space = ModularRowSpace(columns: 4, sources: 3)
        space.add([(0, 1), (1, 1), (2, 1)], source: 0)   // total of three
        space.add([(1, 1)], source: 1)
        space.add([(3, 1)], source: 2)
        let sum = space.certificate([(0, 1), (2, 1)]), part = space.certificate([(0, 1)])
        #expect(sum == [0, 1])
        #expect(part == nil)
    }

    @Test("arithmetic modulo 2⁶¹ − 1 near the top of the range")
    func arithmetic() {
        let p = ModularRowSpace.prime
        #expect(ModularRowSpace.multiply(p - 1, p - 1) == 1)            // (−1)² = 1
        #expect(ModularRowSpace.multiply(ModularRowSpace.inverse(12345), 12345) == 1)
        #expect(ModularRowSpace.residue(-3) == p - 3)
    }

    @Test("on random integer matrices the rank and every membership agree with the independent elimination")
    func agreesWithIndependent() {
        var rng = SeededRandom(seed: 7)
        for _ in 0..<300 {
            let columns = Int.random(in: 1...9, using: &rng)
            var space = ModularRowSpace(columns: columns)
            var independent = IndependentSpan(columns: columns)
            for _ in 0..<Int.random(in: 1...9, using: &rng) {
                let v = (0..<columns).compactMap { c in Bool.random(using: &rng) ? (c, Int.random(in: -3...3, using: &rng)) : nil }.filter { $0.1 != 0 }
                space.add(v)
                independent.add(Dictionary(v, uniquingKeysWith: +))
            }
            #expect(space.rank == independent.rank)
            for _ in 0..<5 {
                let v = (0..<columns).compactMap { c in Bool.random(using: &rng) ? (c, Int.random(in: -2...2, using: &rng)) : nil }.filter { $0.1 != 0 }
                let inSpan = space.contains(v)
                #expect(inSpan == independent.contains(Dictionary(v, uniquingKeysWith: +)))
            }
        }
    }
}

@Suite("Suppression: one rule over linked figures")
struct SuppressionTests {
    @Test("a count under five is hidden, and so is the next smallest cell of its column so the total cannot reveal it")
    func column() {
        let (figures, variables) = table([[12, 3], [7, 9], [20, 0]])
        let s = LinkedSuppression(variables: variables, figures: figures).status
        // Cells row by row, then the totals 39 and 12.
        #expect(s == [.shown, .small, .shown, .protected, .shown, .shown, .shown, .shown])
        #expect(revealed(figures, s, variables: variables).isEmpty)
    }

    @Test("in training + completed + dropped out = enrolled protects a small count within its row")
    func rowIdentity() {
        // enrolled, active, completed, dropped
        let (figures, variables) = table([[10, 0, 8, 2], [30, 5, 20, 5]], rowSums: [(parts: [1, 2, 3], total: 0)])
        let s = LinkedSuppression(variables: variables, figures: figures).status
        #expect(s[3] == .small)                                        // 2 drop-outs
        #expect(s[2] == .protected || s[0] == .protected)             // else 10 − 0 − 8 gives them away
        #expect(revealed(figures, s, variables: variables).isEmpty)
    }

    @Test("a lone small group: its total is hidden too")
    func lone() {
        let (figures, variables) = table([[3]])
        #expect(LinkedSuppression(variables: variables, figures: figures).status == [.small, .small])
    }

    @Test("the audit's subtraction: the operator table's total less the cohorts shown elsewhere is protected against")
    func acrossTables() {
        // Cohorts 1–4 (variables 0–3); operator A runs 1 and 2, operator B 3 and 4.
        let cohorts = [3, 10, 8, 9]
        let sets: [[Int]] = [[0], [1], [2], [3], [0, 1], [2, 3], [0, 1, 2, 3]]
        let figures = sets.map { LinkedSuppression.Figure(terms: $0.map { LinkedSuppression.Term($0) }, value: $0.map { cohorts[$0] }.reduce(0, +)) }
        // Per table, the old rule hid cohort 1 and cohort 3 (the smallest other in the cohort table's column) and
        // showed operator A = 13, so 13 − 10 = 3.
        #expect(!revealed(figures, [.small, .shown, .protected, .shown, .shown, .shown, .shown], variables: 4).isEmpty)
        let s = LinkedSuppression(variables: 4, figures: figures).status
        #expect(s[0] == .small)
        #expect(revealed(figures, s, variables: 4).isEmpty)
    }

    @Test("a figure hidden under a rule of its own is protected like a small one")
    func alsoHidden() {
        let s = SuppressedSums(units: [20, 30, 40], sums: [[0], [1], [2], [0, 1, 2]], alsoHidden: [1]).status
        #expect(s[1] == .protected)
        #expect(s.filter { $0 != .shown }.count >= 2)
    }

    @Test("the same input gives the same answer")
    func deterministic() {
        let (figures, variables) = table([[12, 3, 1], [7, 9, 2], [20, 0, 4], [6, 6, 6]])
        let a = LinkedSuppression(variables: variables, figures: figures).status
        let b = LinkedSuppression(variables: variables, figures: figures).status
        #expect(a == b)
    }

    @Test("on random linked tables every count from 1 to 4 is hidden and no hidden figure is a combination of the shown ones")
    func property() {
        var rng = SeededRandom(seed: 2026)
        for _ in 0..<200 {
            // Random units grouped by two independent partitions and their crossing: three tables over the same counts.
            let units = (0..<Int.random(in: 1...14, using: &rng)).map { _ in Int.random(in: 0...12, using: &rng) }
            let a = units.indices.map { _ in Int.random(in: 0..<3, using: &rng) }
            let b = units.indices.map { _ in Int.random(in: 0..<3, using: &rng) }
            var sets: [[Int]] = units.indices.map { [$0] } + [Array(units.indices)]
            for g in 0..<3 {
                sets.append(units.indices.filter { a[$0] == g })
                sets.append(units.indices.filter { b[$0] == g })
                for h in 0..<3 { sets.append(units.indices.filter { a[$0] == g && b[$0] == h }) }
            }
            sets = sets.filter { !$0.isEmpty }
            let figures = sets.map { LinkedSuppression.Figure(terms: $0.map { LinkedSuppression.Term($0) }, value: $0.map { units[$0] }.reduce(0, +)) }
            let s = LinkedSuppression(variables: units.count, figures: figures).status
            for (f, status) in zip(figures, s) where LinkedSuppression.isSmall(f.value) { #expect(status == .small) }
            #expect(revealed(figures, s, variables: units.count).isEmpty, "units \(units), a \(a), b \(b)")
        }
    }
}
