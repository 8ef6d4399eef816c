import Foundation
import IeumCore

/// The figures around the tables — progress against the targets, the shares, the mentor load, today's check-ins and
/// the forecast — each shown outside an operator only as far as the program's suppression allows (docs/KPIS.md).
extension KPIData {
    struct YearProgress {
        let progress: TargetProgress
        let actual: LinkedSuppression.Status
        let cumulative: LinkedSuppression.Status

        var shownActual: Int? { actual == .shown ? progress.actual : nil }
        var shownCumulative: Int? { cumulative == .shown ? progress.cumulativeActual : nil }
        var actualText: String { actual == .shown ? Components.number(progress.actual) : SuppressedSums.text(0, actual) }
        var cumulativeText: String { cumulative == .shown ? Components.number(progress.cumulativeActual) : SuppressedSums.text(0, cumulative) }
        var share: Double? { actual == .shown ? progress.share : nil }
        var cumulativeShare: Double? { cumulative == .shown ? progress.cumulativeShare : nil }
    }

    /// Trainees per program year of what the filter shows, and so far.
    func progress(targets: [Int: Int]) -> [YearProgress] {
        TargetProgress.table(rows: allYears, targets: targets, firstYear: firstYear, lastYear: lastYear).map { p in
            YearProgress(progress: p, actual: status(KPIFigure(.enrolled), of: allYears.filter { $0.programYear == p.year }),
                         cumulative: status(KPIFigure(.enrolled), of: allYears.filter { $0.programYear <= p.year }))
        }
    }

    private func share(_ part: Double?, _ terms: [(KPIFigure, [CohortRow])]) -> Double? {
        terms.allSatisfy { isShown($0.0, of: $0.1) } ? part : nil
    }

    var capitalRows: [CohortRow] { rows.filter(\.isCapitalRegion) }
    var openShare: Double? { share(totals.openShare, [(KPIFigure(.completed, .windowOpen), rows), (KPIFigure(.completed), rows)]) }
    var capitalShareOfTrainees: Double? {
        share(totals.capitalShareOfTrainees, [(KPIFigure(.enrolled), capitalRows), (KPIFigure(.enrolled), rows)])
    }
    var capitalShareOfCompleters: Double? {
        share(totals.capitalShareOfCompleters, [(KPIFigure(.completed), capitalRows), (KPIFigure(.completed), rows)])
    }
    var capitalShareOfHires: Double? {
        share(totals.capitalShareOfHires, [(KPIFigure(.employedInCapital), rows), (KPIFigure(.employed), rows)])
    }
    /// Mentors are staff, counted openly; the trainees in training they divide are a KPI count.
    var mentorLoad: Double? { share(totals.mentorLoad, [(KPIFigure(.active), rows)]) }

    var checkedInToday: Int? { todayFigures.checkedInStatus == .shown ? todayFigures.counts.checkedIn : nil }
    var dueToday: Int? { todayFigures.dueStatus == .shown ? todayFigures.counts.due : nil }

    /// From the cohorts whose own counts this viewer may see.
    var forecast: Forecast? {
        Forecast.make(rows: allYears, today: today, firstYear: firstYear, lastYear: lastYear) { cohort in
            [KPIMeasure.enrolled, .active, .completed].allSatisfy { isShown(KPIFigure($0), of: [cohort]) }
        }
    }
}
