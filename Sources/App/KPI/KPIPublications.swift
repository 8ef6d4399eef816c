import Foundation
import IeumCore
import Vapor

/// The suppression of the program's KPI figures for viewers outside an operator (`KPIPublication`), kept per program
/// year and reused while that year's cohorts and the day are the same: a change to one cohort decides its year again
/// (a fraction of a second for a national year), the other years stay as they were.
enum KPIPublications {
    struct Cached: Sendable {
        let snapshotVersion: Int
        let publication: KPIPublication
    }

    static func current(_ snapshot: KPISnapshot, today: Day, app: Application) -> KPIPublication {
        let cache = app.kpiPublications
        if let cached = cache.value, cached.snapshotVersion == snapshot.version, cached.publication.today == today {
            return cached.publication
        }
        let previous = cache.value?.publication
        let years = Dictionary(grouping: snapshot.rows, by: \.programYear).map { year, rows in
            let rows = rows.sorted { $0.facts.cohortID < $1.facts.cohortID }
            if let kept = previous?.years[year], kept.today == today, kept.rows == rows { return kept }
            return KPIYearPublication(year: year, rows: rows, today: today)
        }
        let publication = KPIPublication(years: years, today: today)
        cache.value = Cached(snapshotVersion: snapshot.version, publication: publication)
        return publication
    }
}

struct KPIPublicationsKey: StorageKey { typealias Value = Locked<KPIPublications.Cached?> }

extension Application {
    var kpiPublications: Locked<KPIPublications.Cached?> { storage[KPIPublicationsKey.self]! }
}

extension KPISnapshot {
    /// Every cohort of the program as the KPIs group it.
    var rows: [CohortRow] { cohorts.map(row) }

    func row(_ cohort: Cohort) -> CohortRow {
        CohortRow(facts: cohort.facts, operatorID: cohort.operatorID, campusID: cohort.campusID, region: campuses[cohort.campusID]?.region,
                  track: cohort.track, startsOn: cohort.startsOn, endsOn: cohort.endsOn, capacity: cohort.capacity)
    }
}
