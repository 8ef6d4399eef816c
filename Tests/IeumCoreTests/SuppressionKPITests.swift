import Foundation
@testable import IeumCore
import Testing

private let today = Day("2026-10-15")!

/// The finest-grain vector of a figure: per cohort, in training / completed / dropped out for the trainee counts
/// and one count for every other measure, numbered across all years (the attacker does not stop at a year).
private func vector(_ figure: KPIFigure, _ cohorts: [CohortRow], index: [Int: Int]) -> [Int: Int] {
    let width = KPIYearPublication.width(figure.measure.family)
    var v: [Int: Int] = [:]
    for row in cohorts where figure.phase.includes(row, today: today) {
        for component in figure.measure.components { v[index[row.facts.cohortID]! * width + component, default: 0] += 1 }
    }
    return v
}

/// Solves, per family of measures, for every hidden figure from everything shown; returns those worked out.
private func recovered(_ rows: [CohortRow], _ publication: KPIPublication) -> [(KPIFigure, [Int], Int)] {
    let index = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1.facts.cohortID, $0) })
    let figures = SyntheticProgram.everyFigure(rows)
    var found: [(KPIFigure, [Int], Int)] = []
    for family in KPIMeasure.Family.allCases {
        let mine = figures.filter { $0.figure.measure.family == family }
        var span = IndependentSpan(columns: rows.count * KPIYearPublication.width(family))
        let status = mine.map { publication.status($0.figure, of: $0.cohorts) }
        for (f, s) in zip(mine, status) where s == .shown { span.add(vector(f.figure, f.cohorts, index: index)) }
        for (f, s) in zip(mine, status) where s != .shown {
            let v = vector(f.figure, f.cohorts, index: index)
            if !v.isEmpty && span.contains(v) {
                found.append((f.figure, f.cohorts.map(\.facts.cohortID), f.cohorts.filter { f.figure.phase.includes($0, today: today) }
                    .reduce(0) { $0 + f.figure.measure.value($1.facts) }))
            }
        }
    }
    return found
}

@Suite("Suppression: the KPI figures of a program")
struct SuppressionKPITests {
    @Test("every figure of every filter, grouping, year and rate term: 1–4 never shown, no hidden one worked out from the rest",
          arguments: [UInt64(1), 2, 3])
    func noFigureRecovered(seed: UInt64) {
        let rows = SyntheticProgram.rows(cohorts: 36, years: 2024...2026, operators: 3, campusesPerOperator: 2, tracks: ["AI", "웹"],
                                         sizes: 1...24, today: today, seed: seed)
        let publication = KPIPublication(rows: rows, today: today)
        var small = 0
        for (figure, cohorts) in SyntheticProgram.everyFigure(rows) {
            let value = cohorts.filter { figure.phase.includes($0, today: today) }.reduce(0) { $0 + figure.measure.value($1.facts) }
            if LinkedSuppression.isSmall(value) {
                small += 1
                #expect(publication.status(figure, of: cohorts) == .small, "\(figure) \(cohorts.map(\.facts.cohortID))")
            }
        }
        #expect(small > 50)
        let found = recovered(rows, publication)
        #expect(found.isEmpty, "\(found.prefix(5))")
    }

    /// Measured 2026-12-03 on the shared 2-core machine: 1.8–6 s a year in this debug build; the same code built with
    /// `swiftc -O` takes 0.13–0.28 s a year (0.9 s for all six), and a page recomputes only the years that changed.
    @Test("a national program is decided year by year in bounded time (measured)")
    func nationalScale() {
        // The national seed's shape: 2,250 cohorts of 40 over six years, 18 operators, 72 campuses, three tracks.
        let rows = SyntheticProgram.rows(cohorts: 2_250, years: 2022...2027, operators: 18, campusesPerOperator: 4,
                                         tracks: ["백엔드", "AI", "웹"], sizes: 40...40, today: today, seed: 90)
        var report: [String] = []
        var slowest = 0.0
        for (year, cohorts) in Dictionary(grouping: rows, by: \.programYear).sorted(by: { $0.key < $1.key }) {
            let start = Date()
            let p = KPIYearPublication(year: year, rows: cohorts, today: today)
            let seconds = Date().timeIntervalSince(start)
            slowest = max(slowest, seconds)
            report.append("\(year): \(cohorts.count) cohorts, \(p.figureCount) figures, hidden \(p.hiddenCount.small) small + \(p.hiddenCount.protected) protected, \(String(format: "%.3f", seconds)) s")
        }
        print("national-scale suppression (debug build):\n" + report.joined(separator: "\n"))
        #expect(slowest < 30)
    }
}
