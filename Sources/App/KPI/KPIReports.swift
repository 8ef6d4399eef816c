import Foundation
import IeumCore
import Vapor

/// The KPI tables by which the program is read: each groups the filtered cohorts one way.
enum KPIGrouping: String, CaseIterable, Sendable {
    case operators, campuses, regions, capital, years, tracks, cohorts

    var title: Localized {
        switch self {
        case .operators: Localized("운영기관별", "By operator")
        case .campuses: Localized("캠퍼스별", "By campus")
        case .regions: Localized("시·도별", "By region")
        case .capital: Localized("수도권·비수도권", "Capital region and the rest")
        case .years: Localized("사업 연도별", "By program year")
        case .tracks: Localized("분야별", "By track")
        case .cohorts: Localized("기수별", "By cohort")
        }
    }

    var groupTitle: Localized {
        switch self {
        case .operators: Localized("운영기관", "Operator")
        case .campuses: Localized("캠퍼스", "Campus")
        case .regions: Localized("시·도", "Region")
        case .capital: Localized("권역", "Area")
        case .years: Localized("연도", "Year")
        case .tracks: Localized("분야", "Track")
        case .cohorts: Localized("기수", "Cohort")
        }
    }

    func table(_ data: KPIData, lang: Lang) -> KPITable {
        let rows: [KPITable.Row]
        switch self {
        case .operators:
            rows = grouped(data, by: \.operatorID).map { id, cohorts in
                KPITable.Row(key: "\(id)", label: data.operators[id] ?? "#\(id)", link: KPIRoutes.operatorKPIs(id), cohorts: cohorts, totals: data.totals(of: cohorts))
            }.sorted { $0.label < $1.label }
        case .campuses:
            rows = grouped(data, by: \.campusID).map { id, cohorts in
                let campus = data.campuses[id]
                return KPITable.Row(key: "\(id)", label: (campus?.name ?? "#\(id)"), link: KPIRoutes.campusKPIs(id), cohorts: cohorts, totals: data.totals(of: cohorts))
            }.sorted { $0.label < $1.label }
        case .regions:
            let byRegion = Dictionary(grouping: data.rows) { $0.region }
            rows = Region.allCases.map { region in
                KPITable.Row(key: region.rawValue, label: region.name.in(lang), link: nil, cohorts: byRegion[region] ?? [],
                             totals: data.totals(of: byRegion[region] ?? []))
            }
        case .capital:
            rows = [true, false].map { capital in
                let cohorts = data.rows.filter { $0.isCapitalRegion == capital }
                return KPITable.Row(key: capital ? "capital" : "non_capital",
                                    label: capital ? lang.pick("수도권", "Capital region") : lang.pick("비수도권", "Outside the capital region"),
                                    link: nil, cohorts: cohorts, totals: data.totals(of: cohorts))
            }
        case .years:
            rows = grouped(data, by: \.programYear).sorted { $0.key < $1.key }.map { year, cohorts in
                KPITable.Row(key: "\(year)", label: "\(year)", link: KPIRoutes.report.url(["year": "\(year)"]), cohorts: cohorts, totals: data.totals(of: cohorts))
            }
        case .tracks:
            rows = grouped(data, by: \.track).sorted { $0.key < $1.key }.map { track, cohorts in
                KPITable.Row(key: track, label: track, link: nil, cohorts: cohorts, totals: data.totals(of: cohorts))
            }
        case .cohorts:
            rows = data.rows.sorted { ($0.startsOn, $0.facts.cohortID) < ($1.startsOn, $1.facts.cohortID) }.map { row in
                KPITable.Row(key: "\(row.facts.cohortID)", label: data.cohortNames[row.facts.cohortID] ?? "#\(row.facts.cohortID)",
                             link: CohortResource.record(row.facts.cohortID), cohorts: [row], totals: data.totals(of: [row]))
            }
        }
        return KPITable(name: title, groupTitle: groupTitle, rows: rows, total: data.totals, totalCohorts: data.rows, data: data)
    }

    private func grouped<Key: Hashable>(_ data: KPIData, by key: (CohortRow) -> Key) -> [(key: Key, cohorts: [CohortRow])] {
        Dictionary(grouping: data.rows, by: key).map { ($0.key, $0.value) }
    }
}

/// The numbers at the top of the dashboard and in `GET /api/v1/kpis/summary`.
struct KPISummaryOutput: Content {
    struct Target: Content {
        let year: Int
        let target: Int?
        /// Left out where suppressed (as every count below, and the shares built on one).
        let actual: Int?
        let cumulativeTarget: Int
        let cumulativeActual: Int?
        enum CodingKeys: String, CodingKey {
            case year, target, actual
            case cumulativeTarget = "cumulative_target"
            case cumulativeActual = "cumulative_actual"
        }
    }

    struct ForecastYear: Content {
        let year: Int
        let traineesLow: Double
        let trainees: Double
        let traineesHigh: Double
        let completersLow: Double
        let completers: Double
        let completersHigh: Double
        enum CodingKeys: String, CodingKey {
            case year, trainees, completers
            case traineesLow = "trainees_low"
            case traineesHigh = "trainees_high"
            case completersLow = "completers_low"
            case completersHigh = "completers_high"
        }
    }

    let program: String
    let asOf: String
    let cumulativeTarget: Int
    let totals: KPITableOutput.Row
    let openShare: Double?
    let capitalShareOfTrainees: Double?
    let capitalShareOfCompleters: Double?
    let capitalShareOfHires: Double?
    let mentorLoad: Double?
    let checkedInToday: Int?
    let dueToday: Int?
    let targets: [Target]
    let forecast: [ForecastYear]?

    enum CodingKeys: String, CodingKey {
        case program, totals, targets, forecast
        case asOf = "as_of"
        case cumulativeTarget = "cumulative_target"
        case openShare = "open_share"
        case capitalShareOfTrainees = "capital_share_of_trainees"
        case capitalShareOfCompleters = "capital_share_of_completers"
        case capitalShareOfHires = "capital_share_of_hires"
        case mentorLoad = "mentor_load"
        case checkedInToday = "checked_in_today"
        case dueToday = "due_today"
    }

    init(_ data: KPIData, now: Date) {
        let table = KPIGrouping.operators.table(data, lang: .ko)
        program = data.programName
        asOf = KST.dateTime(now)
        cumulativeTarget = data.cumulativeTarget
        self.totals = table.json.rows.last!
        openShare = data.openShare
        capitalShareOfTrainees = data.capitalShareOfTrainees
        capitalShareOfCompleters = data.capitalShareOfCompleters
        capitalShareOfHires = data.capitalShareOfHires
        mentorLoad = data.mentorLoad
        checkedInToday = data.checkedInToday
        dueToday = data.dueToday
        targets = data.progress(targets: data.targets).map {
            Target(year: $0.progress.year, target: $0.progress.target, actual: $0.shownActual, cumulativeTarget: $0.progress.cumulativeTarget,
                   cumulativeActual: $0.shownCumulative)
        }
        forecast = data.forecast?.years.map {
            ForecastYear(year: $0.year, traineesLow: $0.trainees.low, trainees: $0.trainees.expected, traineesHigh: $0.trainees.high,
                         completersLow: $0.completers.low, completers: $0.completers.expected, completersHigh: $0.completers.high)
        }
    }
}
