import Foundation
import IeumCore

/// A national hiring-fair round: `graduates` graduates of campuses across the regions (most outside the capital
/// region) and `positions` openings with one to three seats, skills from a vocabulary of 40, six job types.
/// Returns the seconds for the preference lists and for deferred acceptance, and the outcome's size.
public enum MatchingBenchmark {
    public struct Result: Sendable {
        public let listSeconds: Double
        public let matchSeconds: Double
        public let seats: Int
        public let matched: Int
        public let proposals: Int
        public let inCampusRegion: Int
    }

    public static func run(graduates count: Int, positions positionCount: Int, listLength: Int) -> Result {
        var rng = SeededRandom(seed: 2_026)
        func int(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        let campusRegions: [Region] = [.gyeongnam, .gwangju, .busan, .daegu, .daejeon, .jeonbuk, .gangwon, .chungbuk, .ulsan, .seoul, .gyeonggi]
        let regions = Region.allCases
        let graduates = (0..<count).map { i in
            GraduateProfile(id: i + 1, skills: SkillSet(indices: (0..<(3 + int(5))).map { _ in int(40) }),
                            campusRegion: campusRegions[int(campusRegions.count)],
                            desiredRegions: Set((0..<int(3)).map { _ in regions[int(regions.count)] }),
                            desiredJobTypes: Set((0..<int(3)).map { _ in int(6) }))
        }
        let positions = (0..<positionCount).map { i in
            Position(id: i + 1, region: i % 3 == 0 ? regions[int(regions.count)] : campusRegions[int(campusRegions.count)],
                     skills: SkillSet(indices: (0..<(2 + int(4))).map { _ in int(40) }), jobType: int(6), capacity: 1 + int(3))
        }
        let started = Date()
        let lists = PreferenceLists.build(graduates: graduates, positions: positions, length: listLength)
        let listed = Date()
        let outcome = DeferredAcceptance.match(graduates: graduates, positions: positions, lists: lists)
        let done = Date()
        let region = Dictionary(uniqueKeysWithValues: positions.map { ($0.id, $0.region) })
        let local = graduates.filter { g in outcome.assignment[g.id].flatMap { region[$0] } == g.campusRegion }.count
        return Result(listSeconds: listed.timeIntervalSince(started), matchSeconds: done.timeIntervalSince(listed),
                      seats: positions.reduce(0) { $0 + $1.capacity }, matched: outcome.assignment.count,
                      proposals: outcome.proposals, inCampusRegion: local)
    }
}
