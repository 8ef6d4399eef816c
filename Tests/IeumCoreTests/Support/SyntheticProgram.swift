import IeumCore

/// Random programs for the suppression tests: cohorts of random size across years, operators, campuses (in regions
/// inside and outside the capital region) and tracks, with drop-outs, completers and hires at realistic rates, so
/// that many counts fall between 1 and 4.
enum SyntheticProgram {
    static func rows(cohorts: Int, years: ClosedRange<Int>, operators: Int, campusesPerOperator: Int, tracks: [String],
                     sizes: ClosedRange<Int>, today: Day, seed: UInt64) -> [CohortRow] {
        var rng = SeededRandom(seed: seed)
        func count(_ n: Int, _ p: Double) -> Int { (0..<n).filter { _ in Double.random(in: 0..<1, using: &rng) < p }.count }
        let yearList = Array(years)
        return (0..<cohorts).map { i in
            let op = Int.random(in: 0..<operators, using: &rng)
            let k = Int.random(in: 0..<campusesPerOperator, using: &rng)
            let campus = op * campusesPerOperator + k
            let year = yearList[i % yearList.count]
            let spring = Bool.random(using: &rng)
            let start = Day(year: year, month: spring ? 3 : 7, day: spring ? 2 : 1)!
            let end = Day(year: year, month: spring ? 8 : 12, day: 31)!
            let size = Int.random(in: sizes, using: &rng)
            var f = CohortFacts(cohortID: i + 1)
            if start <= today {
                let finished = end < today
                f.enrolled = size
                f.dropped = count(size, finished ? 0.12 : 0.06)
                f.completed = finished ? size - f.dropped : 0
                f.active = size - f.dropped - f.completed
                f.employed = count(f.completed, 0.6)
                f.employedInRegion = count(f.employed, 0.6)
                f.employedInCapital = count(f.employed, 0.3)
                f.attendanceRated = size
                f.attendanceRateSum = Double(size) * 0.9
            }
            f.recruited = f.enrolled + Int.random(in: 0...2, using: &rng) + (start > today ? size : 0)
            return CohortRow(facts: f, operatorID: op + 1, campusID: campus + 1, region: Region.allCases[campus % Region.allCases.count],
                             track: tracks[Int.random(in: 0..<tracks.count, using: &rng)], startsOn: start, endsOn: end, capacity: sizes.upperBound)
        }
    }

    /// Every figure the KPI views can show, found the way the views find them: for every filter (year, operator,
    /// campus, track), every grouping's rows and the total, every count and rate term.
    static func everyFigure(_ rows: [CohortRow]) -> [(figure: KPIFigure, cohorts: [CohortRow])] {
        let years: [Int?] = [nil] + Set(rows.map(\.programYear)).sorted()
        let operators: [Int?] = [nil] + Set(rows.map(\.operatorID)).sorted()
        let campuses = Set(rows.map { [$0.operatorID, $0.campusID] }).sorted { $0.lexicographicallyPrecedes($1) }
        let tracks: [String?] = [nil] + Set(rows.map(\.track)).sorted()
        var seen = Set<[Int]>()
        var figures: [(KPIFigure, [CohortRow])] = []
        func add(_ group: [CohortRow], total: Bool) {
            guard !group.isEmpty else { return }
            for figure in KPIFigure.inEveryRow + (total ? KPIFigure.inFilterTotals : []) {
                let key = [KPIFigure.inEveryRow.firstIndex(of: figure) ?? 100 + KPIFigure.inFilterTotals.firstIndex(of: figure)!]
                    + group.map(\.facts.cohortID).sorted()
                if seen.insert(key).inserted { figures.append((figure, group)) }
            }
        }
        for year in years {
            for op in operators {
                let campusChoices: [Int?] = [nil] + campuses.filter { op == nil || $0[0] == op }.map { $0[1] }
                for campus in campusChoices {
                    for track in tracks {
                        let shown = rows.filter { r in
                            (year == nil || r.programYear == year) && (op == nil || r.operatorID == op)
                                && (campus == nil || r.campusID == campus) && (track == nil || r.track == track)
                        }
                        add(shown, total: true)
                        for key in Set(shown.map(\.operatorID)) { add(shown.filter { $0.operatorID == key }, total: false) }
                        for key in Set(shown.map(\.campusID)) { add(shown.filter { $0.campusID == key }, total: false) }
                        for region in Region.allCases { add(shown.filter { $0.region == region }, total: false) }
                        for capital in [true, false] { add(shown.filter { $0.isCapitalRegion == capital }, total: false) }
                        for key in Set(shown.map(\.programYear)) { add(shown.filter { $0.programYear == key }, total: false) }
                        for key in Set(shown.map(\.track)) { add(shown.filter { $0.track == key }, total: false) }
                        for row in shown { add([row], total: false) }
                    }
                }
            }
        }
        return figures
    }
}
