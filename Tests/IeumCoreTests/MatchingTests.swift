import IeumCore
import Testing

@Suite("Graduate–job matching")
struct MatchingTests {
    static let regions = Region.allCases

    struct Generator {
        var rng: SeededRandom
        mutating func int(_ range: Range<Int>) -> Int { range.lowerBound + Int(rng.next() % UInt64(range.count)) }
        mutating func skills(_ vocabulary: Int, _ count: Int) -> SkillSet { SkillSet(indices: (0..<count).map { _ in int(0..<vocabulary) }) }

        mutating func instance(graduates: Int, positions: Int, regions: Int, capacity: Range<Int>) -> ([GraduateProfile], [Position]) {
            let gs = (0..<graduates).map { i in
                GraduateProfile(id: 1_000 + i, skills: skills(12, int(1..<6)), campusRegion: MatchingTests.regions[int(0..<regions)],
                                desiredRegions: Set((0..<int(0..<3)).map { _ in MatchingTests.regions[int(0..<regions)] }),
                                desiredJobTypes: Set((0..<int(0..<2)).map { _ in int(0..<3) }))
            }
            let ps = (0..<positions).map { i in
                Position(id: 5_000 + i, region: MatchingTests.regions[int(0..<regions)], skills: skills(12, int(1..<5)), jobType: int(0..<3),
                         capacity: int(capacity))
            }
            return (gs, ps)
        }
    }

    @Test func aScoreExplainsItself() {
        let graduate = GraduateProfile(id: 1, skills: SkillSet(indices: [0, 1, 2]), campusRegion: .gyeongnam, desiredRegions: [.busan], desiredJobTypes: [1])
        let local = MatchScore(graduate, Position(id: 1, region: .gyeongnam, skills: SkillSet(indices: [0, 1, 3, 4]), jobType: 1, capacity: 1))
        #expect(local.total == 30 + 30 + 10, "2 of 4 skills = 30, where they trained = 30, wanted job type = 10")
        #expect(local.reasons.map(\.ko) == ["기술 2/4 일치", "훈련받은 지역의 일자리", "희망 직무"])
        let desired = MatchScore(graduate, Position(id: 2, region: .busan, skills: SkillSet(indices: [0, 1, 3, 4]), jobType: 1, capacity: 1))
        let elsewhere = MatchScore(graduate, Position(id: 3, region: .seoul, skills: SkillSet(indices: [0, 1, 3, 4]), jobType: 1, capacity: 1))
        #expect(local > desired && desired > elsewhere, "same skills: the campus's region first, then a desired one")
        #expect(elsewhere.total == 40 && elsewhere.reasons.count == 2)
    }

    @Test func aSmallRoundHasTheKnownStableOutcome() {
        // Two graduates from Changwon (gyeongnam); one Changwon job with one seat, one Seoul job with one seat.
        let strong = GraduateProfile(id: 1, skills: SkillSet(indices: [0, 1]), campusRegion: .gyeongnam)
        let weak = GraduateProfile(id: 2, skills: SkillSet(indices: [0]), campusRegion: .gyeongnam)
        let changwon = Position(id: 10, region: .gyeongnam, skills: SkillSet(indices: [0, 1]), jobType: 0, capacity: 1)
        let seoul = Position(id: 20, region: .seoul, skills: SkillSet(indices: [0, 1]), jobType: 0, capacity: 1)
        let outcome = DeferredAcceptance.match(graduates: [weak, strong], positions: [seoul, changwon], listLength: 2)
        #expect(outcome.assignment == [1: 10, 2: 20], "the stronger graduate keeps the local job; the other goes to Seoul")
        let full = DeferredAcceptance.match(graduates: [weak, strong], positions: [seoul, Position(id: 10, region: .gyeongnam, skills: SkillSet(indices: [0, 1]), jobType: 0, capacity: 2)], listLength: 2)
        #expect(full.assignment == [1: 10, 2: 10], "with two seats both stay in their region")
    }

    @Test func randomRoundsAreStableAndRespectCapacities() {
        var gen = Generator(rng: SeededRandom(seed: 42))
        for round in 0..<200 {
            let (gs, ps) = gen.instance(graduates: gen.int(1..<40), positions: gen.int(1..<10), regions: 4, capacity: 1..<4)
            let length = round % 2 == 0 ? ps.count : gen.int(1..<4)
            let lists = PreferenceLists.build(graduates: gs, positions: ps, length: length)
            let outcome = DeferredAcceptance.match(graduates: gs, positions: ps, lists: lists)
            #expect(DeferredAcceptance.blockingPairs(graduates: gs, positions: ps, lists: lists, outcome: outcome).isEmpty, "round \(round)")
            var seats: [Int: Int] = [:]
            for (_, p) in outcome.assignment { seats[p, default: 0] += 1 }
            for p in ps { #expect(seats[p.id, default: 0] <= p.capacity, "round \(round): capacity of \(p.id)") }
            for (g, p) in outcome.assignment {
                let graduate = gs.first { $0.id == g }!
                #expect(lists[gs.firstIndex(of: graduate)!].contains { ps[$0.position].id == p }, "matched only to a listed position")
            }
            // Nobody is left out while a listed position has room.
            let unmatched = gs.enumerated().filter { outcome.assignment[$0.element.id] == nil }
            for (g, _) in unmatched {
                for (p, _) in lists[g] { #expect(seats[ps[p].id, default: 0] == ps[p].capacity) }
            }
        }
    }

    @Test func listsFoundByPruningAreTheBestOnes() {
        var gen = Generator(rng: SeededRandom(seed: 7))
        for _ in 0..<100 {
            let (gs, ps) = gen.instance(graduates: 20, positions: gen.int(1..<60), regions: 6, capacity: 1..<3)
            let length = gen.int(1..<8)
            let lists = PreferenceLists.build(graduates: gs, positions: ps, length: length)
            for (g, graduate) in gs.enumerated() {
                let brute = ps.indices.map { (position: $0, score: MatchScore(graduate, ps[$0]).total) }
                    .sorted { $0.score != $1.score ? $0.score > $1.score : ps[$0.position].id < ps[$1.position].id }
                    .prefix(length)
                #expect(lists[g].map(\.position) == brute.map(\.position))
            }
        }
    }

    @Test func regionalPreferenceDecidesBetweenEqualJobs() {
        let graduates = (0..<6).map { GraduateProfile(id: $0, skills: SkillSet(indices: [1, 2]), campusRegion: $0 < 3 ? .gwangju : .busan) }
        let positions = [Position(id: 100, region: .gwangju, skills: SkillSet(indices: [1, 2]), jobType: 0, capacity: 3),
                         Position(id: 200, region: .busan, skills: SkillSet(indices: [1, 2]), jobType: 0, capacity: 3)]
        let outcome = DeferredAcceptance.match(graduates: graduates, positions: positions)
        #expect(outcome.assignment == [0: 100, 1: 100, 2: 100, 3: 200, 4: 200, 5: 200], "each graduate stays where they trained")
    }
}
