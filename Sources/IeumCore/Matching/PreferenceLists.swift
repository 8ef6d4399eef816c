import Dispatch

/// Every graduate's best positions, found without scoring all of them: positions are grouped by region and job
/// type; a group's best possible score is its region and job-type points plus full skills, so groups are visited
/// from the most promising down and the search stops once no remaining group can beat the list's weakest entry.
/// The score is `MatchScore.total`, computed here from flat arrays because this loop runs for every graduate.
public enum PreferenceLists {
    public static func build(graduates: [GraduateProfile], positions: [Position], length: Int) -> [[(position: Int, score: Int)]] {
        let table = Table(positions)
        var lists = [[(position: Int, score: Int)]](repeating: [], count: graduates.count)
        let chunk = 1_024
        let chunks = (graduates.count + chunk - 1) / chunk
        lists.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                for g in (c * chunk)..<min(graduates.count, (c + 1) * chunk) {
                    out[g] = table.best(for: graduates[g], length: length)
                }
            }
        }
        return lists
    }

    /// Positions as flat arrays, grouped by region and job type.
    struct Table: Sendable {
        static let regions = Region.allCases
        let ids: [Int]
        let skills: [SkillSet]
        let skillCounts: [Int]
        let groups: [(region: Int, jobType: Int, members: [Int])]
        let jobTypes: Int

        init(_ positions: [Position]) {
            ids = positions.map(\.id)
            skills = positions.map(\.skills)
            skillCounts = positions.map(\.skills.count)
            let regionIndex = Dictionary(uniqueKeysWithValues: Self.regions.enumerated().map { ($1, $0) })
            var grouped: [Int: [Int]] = [:]
            var types = 0
            for (i, p) in positions.enumerated() {
                grouped[regionIndex[p.region]! * 1_000_000 + p.jobType, default: []].append(i)
                types = max(types, p.jobType + 1)
            }
            groups = grouped.map { (region: $0.key / 1_000_000, jobType: $0.key % 1_000_000, members: $0.value) }
            jobTypes = types
        }

        func best(for graduate: GraduateProfile, length: Int) -> [(position: Int, score: Int)] {
            let regionPoints = Self.regions.map { region in
                region == graduate.campusRegion ? MatchScore.campusRegionBonus
                    : graduate.desiredRegions.contains(region) ? MatchScore.desiredRegionBonus : 0
            }
            let typePoints = (0..<max(jobTypes, 1)).map { type in
                graduate.desiredJobTypes.isEmpty ? MatchScore.anyJobTypeBonus
                    : graduate.desiredJobTypes.contains(type) ? MatchScore.jobTypeBonus : 0
            }
            let order = groups.indices.map { (bound: MatchScore.skillWeight + regionPoints[groups[$0].region] + typePoints[groups[$0].jobType], group: $0) }
                .sorted { $0.bound > $1.bound }
            var top: [(score: Int, position: Int)] = []
            top.reserveCapacity(length)
            let ids = self.ids
            func worse(_ a: (score: Int, position: Int), _ b: (score: Int, position: Int)) -> Bool {
                a.score != b.score ? a.score < b.score : ids[a.position] > ids[b.position]
            }
            let mine = graduate.skills
            for (bound, group) in order {
                if top.count == length, top[0].score > bound { break }
                let bonus = bound - MatchScore.skillWeight
                for p in groups[group].members {
                    let wanted = skillCounts[p]
                    let score = bonus + (wanted == 0 ? MatchScore.skillWeight : MatchScore.skillWeight * mine.overlap(skills[p]) / wanted)
                    let entry = (score: score, position: p)
                    if top.count < length { Heap.push(&top, entry, worse) }
                    else if worse(top[0], entry) { Heap.replaceRoot(&top, entry, worse) }
                }
            }
            return top.sorted { worse($1, $0) }.map { (position: $0.position, score: $0.score) }
        }
    }
}
