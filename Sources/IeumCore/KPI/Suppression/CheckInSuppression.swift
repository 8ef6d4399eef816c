/// Today's check-ins, live: the number of trainees who checked in, for whatever a filter shows (the program, an
/// operator, a campus, each alone or within a track). These counts are published nowhere else, so they are decided
/// among themselves — every filter's count together, whichever filter is asked for.
public enum CheckInSuppression {
    /// `training`: the program's cohorts with a training day today; `checkedIn`: per cohort; `shown`: the cohorts
    /// the asked filter leaves.
    public static func status(training: [CohortRow], checkedIn: [Int: Int], shown: Set<Int>) -> LinkedSuppression.Status {
        let units = training.map { checkedIn[$0.facts.cohortID] ?? 0 }
        var sums: [[Int]] = []
        var index: [Set<Int>: Int] = [:]
        func add(_ members: [Int]) {
            let key = Set(members.map { training[$0].facts.cohortID })
            guard !members.isEmpty, index[key] == nil else { return }
            index[key] = sums.count
            sums.append(members)
        }
        for track in [nil] + Set(training.map(\.track)).sorted() {
            let inTrack = training.indices.filter { track == nil || training[$0].track == track }
            add(inTrack)
            for op in Set(inTrack.map { training[$0].operatorID }).sorted() { add(inTrack.filter { training[$0].operatorID == op }) }
            for campus in Set(inTrack.map { training[$0].campusID }).sorted() { add(inTrack.filter { training[$0].campusID == campus }) }
        }
        let asked = shown.intersection(training.map(\.facts.cohortID))
        guard !asked.isEmpty else { return .shown }
        guard let i = index[asked] else {
            // Not one of the counts decided together: never shown, lest it give one of them away.
            return LinkedSuppression.isSmall(asked.reduce(0) { $0 + (checkedIn[$1] ?? 0) }) ? .small : .protected
        }
        return SuppressedSums(units: units, sums: sums).status[i]
    }
}
