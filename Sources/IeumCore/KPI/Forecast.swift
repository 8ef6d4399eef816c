import Foundation

/// The program's trainees and completers per year to its final year, from the cohorts already scheduled and
/// what past cohorts did:
/// - a cohort that has started counts its real trainees; one not yet started counts its capacity times the fill
///   rate (trainees over capacity) of cohorts that have started;
/// - completers: those already completed, plus the trainees still in training and those expected in cohorts not
///   yet started, times the completion rate of cohorts that have ended.
/// The range takes the 10th and 90th percentile of the per-cohort fill and completion rates instead of the
/// pooled rate. Years without scheduled cohorts add nothing: the forecast does not invent cohorts.
public struct Forecast: Sendable, Equatable {
    public struct Range: Sendable, Equatable {
        public var low: Double
        public var expected: Double
        public var high: Double

        public init(low: Double, expected: Double, high: Double) {
            self.low = low
            self.expected = expected
            self.high = high
        }

        static func + (a: Range, b: Range) -> Range { Range(low: a.low + b.low, expected: a.expected + b.expected, high: a.high + b.high) }
        static let zero = Range(low: 0, expected: 0, high: 0)
    }

    public struct Year: Sendable, Equatable {
        public let year: Int
        public let trainees: Range
        public let completers: Range
        public let cumulativeTrainees: Range
        public let cumulativeCompleters: Range
    }

    public let years: [Year]
    /// Pooled and percentile rates used, for the explanation beside the chart.
    public let fillRate: Range
    public let completionRate: Range
    /// Cohorts the rates were learned from.
    public let startedCohorts: Int
    public let endedCohorts: Int

    public var final: Year? { years.last }

    /// Nil when no cohort has both started and ended yet: there is no history to forecast from.
    ///
    /// `known`: the cohorts whose counts may be used. One that may not (its counts are hidden from this viewer) is
    /// forecast as if it had not started — from its capacity — and teaches no rate, so the forecast is made from
    /// what the viewer may see and cannot give a hidden count away.
    public static func make(rows: [CohortRow], today: Day, firstYear: Int, lastYear: Int,
                            known: (CohortRow) -> Bool = { _ in true }) -> Forecast? {
        let started = rows.filter { $0.startsOn <= today && $0.capacity > 0 && known($0) }
        let ended = rows.filter { $0.endsOn < today && $0.facts.enrolled > 0 && known($0) }
        guard !started.isEmpty, !ended.isEmpty else { return nil }
        let fill = Range(
            low: percentile(started.map { Double($0.facts.enrolled) / Double($0.capacity) }, 0.1),
            expected: Double(started.map(\.facts.enrolled).reduce(0, +)) / Double(started.map(\.capacity).reduce(0, +)),
            high: percentile(started.map { Double($0.facts.enrolled) / Double($0.capacity) }, 0.9))
        let completion = Range(
            low: percentile(ended.map { Double($0.facts.completed) / Double($0.facts.enrolled) }, 0.1),
            expected: Double(ended.map(\.facts.completed).reduce(0, +)) / Double(ended.map(\.facts.enrolled).reduce(0, +)),
            high: percentile(ended.map { Double($0.facts.completed) / Double($0.facts.enrolled) }, 0.9))
        var trainees: [Int: Range] = [:]
        var completers: [Int: Range] = [:]
        for row in rows where (firstYear...lastYear).contains(row.programYear) {
            let f = row.facts
            let t: Range
            let c: Range
            if row.startsOn <= today && known(row) {
                t = Range(low: Double(f.enrolled), expected: Double(f.enrolled), high: Double(f.enrolled))
                let active = Double(f.active)
                c = Range(low: Double(f.completed) + active * completion.low, expected: Double(f.completed) + active * completion.expected,
                          high: Double(f.completed) + active * completion.high)
            } else {
                let capacity = Double(row.capacity)
                t = Range(low: capacity * fill.low, expected: capacity * fill.expected, high: capacity * fill.high)
                c = Range(low: t.low * completion.low, expected: t.expected * completion.expected, high: t.high * completion.high)
            }
            trainees[row.programYear] = (trainees[row.programYear] ?? .zero) + t
            completers[row.programYear] = (completers[row.programYear] ?? .zero) + c
        }
        var cumulativeT = Range.zero
        var cumulativeC = Range.zero
        let years = (firstYear...max(firstYear, lastYear)).map { year in
            let t = trainees[year] ?? .zero
            let c = completers[year] ?? .zero
            cumulativeT = cumulativeT + t
            cumulativeC = cumulativeC + c
            return Year(year: year, trainees: t, completers: c, cumulativeTrainees: cumulativeT, cumulativeCompleters: cumulativeC)
        }
        return Forecast(years: years, fillRate: fill, completionRate: completion, startedCohorts: started.count, endedCohorts: ended.count)
    }

    /// Linear interpolation between closest ranks.
    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        guard sorted.count > 1 else { return sorted.first ?? 0 }
        let position = p * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}
