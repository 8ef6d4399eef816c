import Foundation
import IeumCore
import Vapor

/// A KPI table — groups of cohorts (operators, campuses, regions, years, …) above a total row — as the pages,
/// the exports and the API show it. Outside an operator, counts go through small-cell suppression and a rate
/// is hidden when its numerator or denominator is a hidden or small count.
struct KPITable: Sendable {
    struct Row: Sendable {
        let key: String
        let label: String
        let link: String?
        let totals: KPITotals
    }

    struct CountColumn: Sendable {
        let key: String
        let title: Localized
        let value: @Sendable (KPITotals) -> Int
    }

    struct RateColumn: Sendable {
        let key: String
        let title: Localized
        let value: @Sendable (KPITotals) -> Double?
        let terms: @Sendable (KPITotals) -> (numerator: Int, denominator: Int)
        /// Count columns (indices) whose hiding hides the rate.
        let dependsOn: [Int]
    }

    static let counts: [CountColumn] = [
        CountColumn(key: "recruited", title: Localized("선발", "Recruited")) { $0.recruited },
        CountColumn(key: "enrolled", title: Localized("훈련 시작", "Enrolled")) { $0.enrolled },
        CountColumn(key: "active", title: Localized("훈련 중", "In training")) { $0.active },
        CountColumn(key: "completed", title: Localized("수료", "Completed")) { $0.completed },
        CountColumn(key: "dropped", title: Localized("중도 탈락", "Dropped out")) { $0.dropped },
        CountColumn(key: "employed", title: Localized("취업", "Employed")) { $0.employed },
    ]

    static let rates: [RateColumn] = [
        RateColumn(key: "completion_rate", title: Localized("수료율", "Completion"), value: \.completionRate,
                   terms: { ($0.completedEnded, $0.enrolledEnded) }, dependsOn: [1, 3]),
        RateColumn(key: "dropout_rate", title: Localized("중도 탈락률", "Drop-out"), value: \.dropoutRate,
                   terms: { ($0.dropped, $0.enrolled) }, dependsOn: [1, 4]),
        RateColumn(key: "employment_rate", title: Localized("취업률(6개월)", "Employed ≤ 6 months"), value: \.employmentRate,
                   terms: { ($0.employedWindowClosed, $0.completersWindowClosed) }, dependsOn: [3, 5]),
        RateColumn(key: "regional_retention", title: Localized("지역 정착률", "Regional retention"), value: \.regionalRetention,
                   terms: { ($0.employedInRegion, $0.employed) }, dependsOn: [5]),
        RateColumn(key: "average_attendance", title: Localized("평균 출석률", "Average attendance"), value: \.averageAttendance,
                   terms: { ($0.attendanceRated, $0.attendanceRated) }, dependsOn: [1]),
    ]

    let name: Localized
    let groupTitle: Localized
    let rows: [Row]
    let total: KPITotals
    let suppression: SuppressedTable?

    init(name: Localized, groupTitle: Localized, rows: [Row], total: KPITotals, suppressed: Bool) {
        self.name = name
        self.groupTitle = groupTitle
        self.rows = rows
        self.total = total
        if suppressed {
            // enrolled = in training + completed + dropped out, in every row: a published sum too.
            suppression = SuppressedTable(rows: rows.map { r in Self.counts.map { $0.value(r.totals) } },
                                          total: Self.counts.map { $0.value(total) }, rowSums: [(parts: [2, 3, 4], total: 1)])
        } else {
            suppression = nil
        }
    }

    /// Row index `rows.count` is the total row.
    func totals(_ row: Int) -> KPITotals { row == rows.count ? total : rows[row].totals }

    func count(_ row: Int, _ column: Int) -> Int? {
        if suppression?.isHidden(row, column) == true { return nil }
        return Self.counts[column].value(totals(row))
    }

    func rate(_ row: Int, _ column: Int) -> Double? {
        let c = Self.rates[column]
        let t = totals(row)
        if let suppression {
            if c.dependsOn.contains(where: { suppression.isHidden(row, $0) }) { return nil }
            let terms = c.terms(t)
            if (1..<SuppressedTable.threshold).contains(terms.numerator) || (1..<SuppressedTable.threshold).contains(terms.denominator) { return nil }
        }
        return c.value(t)
    }

    /// Whether a rate is missing because it was hidden (rather than having nothing to divide by).
    func rateHidden(_ row: Int, _ column: Int) -> Bool { rate(row, column) == nil && Self.rates[column].value(totals(row)) != nil }

    func countText(_ row: Int, _ column: Int) -> String {
        if let suppression, suppression.isHidden(row, column) { return suppression.text(row, column) }
        return Components.number(Self.counts[column].value(totals(row)))
    }

    func rateText(_ row: Int, _ column: Int) -> String {
        if rateHidden(row, column) { return SuppressedTable.secondaryMark }
        return KPIFormat.percent(rate(row, column))
    }

    var headers: [Localized] { [groupTitle] + Self.counts.map(\.title) + Self.rates.map(\.title) }

    func spreadsheet(_ lang: Lang) -> Spreadsheet {
        let body = (0...rows.count).map { r in
            [r == rows.count ? lang.pick("합계", "Total") : rows[r].label]
                + Self.counts.indices.map { c in count(r, c).map(String.init) ?? suppression!.text(r, c) }
                + Self.rates.indices.map { c in rateHidden(r, c) ? SuppressedTable.secondaryMark : rate(r, c).map { KPIFormat.oneDecimal($0 * 100) } ?? "" }
        }
        return Spreadsheet(sheetName: name.in(lang), headers: headers.map { $0.in(lang) }, rows: body)
    }

    var json: KPITableOutput {
        KPITableOutput(suppressed: suppression != nil, rows: (0...rows.count).map { r in
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
