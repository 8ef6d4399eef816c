import Foundation
import IeumCore
import Vapor

/// A KPI table — groups of cohorts (operators, campuses, regions, years, …) above a total row — as the pages,
/// the exports and the API show it. Outside an operator every count and every rate's terms go through the program's
/// small-cell suppression (`KPIPublication`, decided for all KPI views together); a rate is shown only when both its
/// terms are.
struct KPITable: Sendable {
    typealias Status = LinkedSuppression.Status

    struct Row: Sendable {
        let key: String
        let label: String
        let link: String?
        let cohorts: [CohortRow]
        let totals: KPITotals
    }

    struct CountColumn: Sendable {
        let key: String
        let title: Localized
        let measure: KPIMeasure
        let value: @Sendable (KPITotals) -> Int
    }

    struct RateColumn: Sendable {
        let key: String
        let title: Localized
        let value: @Sendable (KPITotals) -> Double?
        /// What it divides by what: published only when both are.
        let terms: [KPIFigure]
    }

    static let counts: [CountColumn] = [
        CountColumn(key: "recruited", title: Localized("선발", "Recruited"), measure: .recruited) { $0.recruited },
        CountColumn(key: "enrolled", title: Localized("훈련 시작", "Enrolled"), measure: .enrolled) { $0.enrolled },
        CountColumn(key: "active", title: Localized("훈련 중", "In training"), measure: .active) { $0.active },
        CountColumn(key: "completed", title: Localized("수료", "Completed"), measure: .completed) { $0.completed },
        CountColumn(key: "dropped", title: Localized("중도 탈락", "Dropped out"), measure: .dropped) { $0.dropped },
        CountColumn(key: "employed", title: Localized("취업", "Employed"), measure: .employed) { $0.employed },
    ]

    static let rates: [RateColumn] = [
        RateColumn(key: "completion_rate", title: Localized("수료율", "Completion"), value: \.completionRate,
                   terms: [KPIFigure(.completed, .ended), KPIFigure(.enrolled, .ended)]),
        RateColumn(key: "dropout_rate", title: Localized("중도 탈락률", "Drop-out"), value: \.dropoutRate,
                   terms: [KPIFigure(.dropped), KPIFigure(.enrolled)]),
        RateColumn(key: "employment_rate", title: Localized("취업률(6개월)", "Employed ≤ 6 months"), value: \.employmentRate,
                   terms: [KPIFigure(.employed, .windowClosed), KPIFigure(.completed, .windowClosed)]),
        RateColumn(key: "regional_retention", title: Localized("지역 정착률", "Regional retention"), value: \.regionalRetention,
                   terms: [KPIFigure(.employedInRegion), KPIFigure(.employed)]),
        RateColumn(key: "average_attendance", title: Localized("평균 출석률", "Average attendance"), value: \.averageAttendance,
                   terms: [KPIFigure(.attendanceRated)]),
    ]

    let name: Localized
    let groupTitle: Localized
    let rows: [Row]
    let total: KPITotals
    let suppressed: Bool
    /// Per row (the total row last), per count column.
    private let countStatus: [[Status]]
    private let rateShown: [[Bool]]

    init(name: Localized, groupTitle: Localized, rows: [Row], total: KPITotals, totalCohorts: [CohortRow], data: KPIData) {
        self.name = name
        self.groupTitle = groupTitle
        self.rows = rows
        self.total = total
        suppressed = data.publication != nil
        let cohorts = rows.map(\.cohorts) + [totalCohorts]
        countStatus = cohorts.map { c in Self.counts.map { data.status(KPIFigure($0.measure), of: c) } }
        rateShown = cohorts.map { c in Self.rates.map { $0.terms.allSatisfy { data.isShown($0, of: c) } } }
    }

    /// Row index `rows.count` is the total row.
    func totals(_ row: Int) -> KPITotals { row == rows.count ? total : rows[row].totals }

    func countStatus(_ row: Int, _ column: Int) -> Status { countStatus[row][column] }

    func count(_ row: Int, _ column: Int) -> Int? {
        countStatus[row][column] == .shown ? Self.counts[column].value(totals(row)) : nil
    }

    func rate(_ row: Int, _ column: Int) -> Double? {
        rateShown[row][column] ? Self.rates[column].value(totals(row)) : nil
    }

    /// Whether a rate is missing because it was hidden (rather than having nothing to divide by).
    func rateHidden(_ row: Int, _ column: Int) -> Bool { !rateShown[row][column] && Self.rates[column].value(totals(row)) != nil }

    func countText(_ row: Int, _ column: Int) -> String {
        let status = countStatus[row][column]
        return status == .shown ? Components.number(Self.counts[column].value(totals(row))) : SuppressedSums.text(0, status)
    }

    func rateText(_ row: Int, _ column: Int) -> String {
        if rateHidden(row, column) { return SuppressedSums.protectedMark }
        return KPIFormat.percent(rate(row, column))
    }

    var headers: [Localized] { [groupTitle] + Self.counts.map(\.title) + Self.rates.map(\.title) }

    func spreadsheet(_ lang: Lang) -> Spreadsheet {
        let body = (0...rows.count).map { r in
            [r == rows.count ? lang.pick("합계", "Total") : rows[r].label]
                + Self.counts.indices.map { c in count(r, c).map(String.init) ?? SuppressedSums.text(0, countStatus[r][c]) }
                + Self.rates.indices.map { c in rateHidden(r, c) ? SuppressedSums.protectedMark : rate(r, c).map { KPIFormat.oneDecimal($0 * 100) } ?? "" }
        }
        return Spreadsheet(sheetName: name.in(lang), headers: headers.map { $0.in(lang) }, rows: body)
    }

    var json: KPITableOutput {
        KPITableOutput(suppressed: suppressed, rows: (0...rows.count).map { r in
            var hidden: [String] = []
            var counts: [String: Int] = [:]
            for (i, c) in Self.counts.enumerated() {
                if let v = count(r, i) { counts[c.key] = v } else { hidden.append(c.key) }
            }
            var rates: [String: Double] = [:]
            for (i, c) in Self.rates.enumerated() {
                if let v = rate(r, i) { rates[c.key] = v } else if rateHidden(r, i) { hidden.append(c.key) }
            }
            return KPITableOutput.Row(key: r == rows.count ? "total" : rows[r].key, label: r == rows.count ? "합계" : rows[r].label,
                                      counts: counts, rates: rates, suppressed: hidden)
        })
    }
}

struct KPITableOutput: Content {
    struct Row: Content {
        let key: String
        let label: String
        /// People; a count left out is listed in `suppressed` (fewer than 5, or would reveal one).
        let counts: [String: Int]
        /// Shares from 0 to 1; left out when there is nothing to divide by or when suppressed.
        let rates: [String: Double]
        let suppressed: [String]
    }

    /// True when small-cell suppression was applied (views outside an operator).
    let suppressed: Bool
    let rows: [Row]
}

enum KPIFormat {
    /// One decimal, as "%.1f" would print it, without Foundation's formatter (pages print thousands of these).
    static func oneDecimal(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        let tenths = Int((abs(value) * 10).rounded())
        return (value < 0 && tenths > 0 ? "-" : "") + "\(tenths / 10).\(tenths % 10)"
    }

    static func percent(_ value: Double?) -> String {
        guard let value else { return "–" }
        return KPIFormat.oneDecimal(value * 100) + "%"
    }
}
