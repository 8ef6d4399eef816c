/// Every group of cohorts of one program year that the KPI pages, drill-downs, exports and API can show a row or a
/// total for, whatever the filter: each table groups the cohorts a filter leaves (track, operator, campus) by
/// operator, campus, region, capital region or not, track, year or cohort. So a group is a track (or every track)
/// crossed with one of: the whole program, capital region or not, a region, an operator, an operator's part in or
/// outside the capital region, an operator's part in a region, a campus — plus every single cohort.
///
/// The groups of the program-wide tables and their drill-downs — the program, capital region or not, regions,
/// operators, campuses, tracks across the program, cohorts — are the **core**. The rest cross a track with a part
/// of the program, or an operator with a region: their figures are decided only when small; otherwise they are
/// shown when the core's published figures already determine them (see `KPIYearPublication`).
enum KPIGroups {
    struct Group {
        /// Indices into the year's rows, ascending.
        let members: [Int]
        /// The whole of what some filter shows (the headline, the summary, a table's total row).
        let isFilterTotal: Bool
        let isCore: Bool
    }

    private enum Place: Hashable {
        case program, capital(Bool), region(Region), operatorID(Int), operatorCapital(Int, Bool), operatorRegion(Int, Region), campus(Int)

        var isFilter: Bool {
            switch self {
            case .program, .operatorID, .campus: true
            default: false
            }
        }
    }

    private struct Key: Hashable {
        let place: Place
        let track: String?

        var isCore: Bool {
            switch place {
            case .program: true
            case .capital, .region, .operatorID, .campus: track == nil
            case .operatorCapital, .operatorRegion: false
            }
        }
    }

    static func groups(_ rows: [CohortRow]) -> [Group] {
        var members: [Key: [Int]] = [:]
        var order: [Key] = []
        for (i, row) in rows.enumerated() {
            var places: [Place] = [.program, .capital(row.isCapitalRegion), .operatorID(row.operatorID),
                                   .operatorCapital(row.operatorID, row.isCapitalRegion), .campus(row.campusID)]
            if let region = row.region { places += [.region(region), .operatorRegion(row.operatorID, region)] }
            for place in places {
                for track in [nil, row.track] {
                    let key = Key(place: place, track: track)
                    if members[key] == nil { order.append(key) }
                    members[key, default: []].append(i)
                }
            }
        }
        // One group per set of cohorts, core if any of the ways to reach it is.
        var seen: [[Int]: Int] = [:]
        var groups: [Group] = []
        func add(_ m: [Int], filter: Bool, core: Bool) {
            if let existing = seen[m] {
                let g = groups[existing]
                groups[existing] = Group(members: m, isFilterTotal: g.isFilterTotal || filter, isCore: g.isCore || core)
                return
            }
            seen[m] = groups.count
            groups.append(Group(members: m, isFilterTotal: filter, isCore: core))
        }
        for key in order { add(members[key]!, filter: key.place.isFilter, core: key.isCore) }
        // The cohorts table.
        for i in rows.indices { add([i], filter: false, core: true) }
        return groups
    }
}
