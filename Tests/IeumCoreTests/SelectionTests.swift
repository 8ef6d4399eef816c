import Foundation
import IeumCore
import Testing

@Suite("Selection with quotas and a waitlist")
struct SelectionTests {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    /// Candidate `id` with a composite of `score` (test = review = score), in `groups`.
    func c(_ id: Int, _ score: Double, _ groups: Set<String> = [], test: Double? = nil, at: Int = 0) -> Candidate {
        Candidate(id: id, testScore: test ?? score, reviewScore: test.map { 2 * score - $0 } ?? score, groups: groups,
                  submittedAt: Self.start.addingTimeInterval(Double(at)))
    }

    func selected(_ decisions: [SelectionDecision]) -> [Int] { decisions.filter(\.isSelected).map(\.candidateID).sorted() }

    @Test func aBindingQuotaTakesTheLowestMeritSeatForTheBestRankedMember() {
        let pool = [c(1, 95), c(2, 90), c(3, 85, ["resident"]), c(4, 80), c(5, 75), c(6, 70, ["resident"]), c(7, 65, ["resident"])]
        let decisions = Selection.select(pool, policy: SelectionPolicy(seats: 4, minimums: ["resident": 2]))
        #expect(selected(decisions) == [1, 2, 3, 6])
        let six = decisions.first { $0.candidateID == 6 }!
        #expect(six.outcome == .selectedOnQuota(group: "resident") && six.rank == 6)
        #expect(six.explanation(groupNames: ["resident": Localized("지역 거주자", "regional resident")]).en == "Selected on the regional resident quota, rank 6")
        // The displaced merit seat (rank 4) heads the waitlist, then ranks 5 and 7.
        #expect(decisions.first { $0.candidateID == 4 }?.outcome == .waitlisted(position: 1))
        #expect(decisions.first { $0.candidateID == 5 }?.outcome == .waitlisted(position: 2))
        #expect(decisions.first { $0.candidateID == 7 }?.outcome == .waitlisted(position: 3))
    }

    @Test func aQuotaMetOnMeritChangesNothing() {
        let pool = [c(1, 95, ["resident"]), c(2, 90, ["resident"]), c(3, 85), c(4, 80)]
        let decisions = Selection.select(pool, policy: SelectionPolicy(seats: 3, minimums: ["resident": 2]))
        #expect(selected(decisions) == [1, 2, 3])
        #expect(decisions.filter(\.isSelected).allSatisfy { $0.outcome == .selectedOnMerit })
    }

    @Test func aQuotaThatCannotBeFilledLeavesItsSeatsOnMerit() {
        let pool = [c(1, 95), c(2, 90), c(3, 85), c(4, 60, ["resident"]), c(5, 50)]
        let decisions = Selection.select(pool, policy: SelectionPolicy(seats: 3, minimums: ["resident": 2]))
        #expect(selected(decisions) == [1, 2, 4])
        #expect(decisions.first { $0.candidateID == 3 }?.outcome == .waitlisted(position: 1))
    }

    @Test func tiesGoToTheTestScoreThenTheEarlierApplicationThenTheLowerID() {
        let pool = [c(4, 80, at: 5), c(3, 80, at: 1), c(2, 80, test: 90), c(1, 80, at: 5)]
        let order = Selection.select(pool, policy: SelectionPolicy(seats: 2)).sorted { $0.rank < $1.rank }.map(\.candidateID)
        #expect(order == [2, 3, 1, 4])
    }

    @Test func overridesAreAppliedAndExplained() {
        let pool = [c(1, 95), c(2, 90), c(3, 85), c(4, 40)]
        let decisions = Selection.select(pool, policy: SelectionPolicy(seats: 2), overrides: [
            SelectionOverride(candidateID: 4, kind: .select, reason: "장애인 우선 선발 규정"),
            SelectionOverride(candidateID: 1, kind: .exclude, reason: "이중 지원 확인"),
        ])
        #expect(selected(decisions) == [2, 4])
        #expect(decisions.first { $0.candidateID == 1 }?.explanation().ko == "담당자 결정으로 제외 (순위 1): 이중 지원 확인")
        #expect(decisions.first { $0.candidateID == 4 }?.outcome == .selectedByOverride(reason: "장애인 우선 선발 규정"))
    }

    @Test func theSameApplicationsInAnyOrderGiveTheSameSelection() {
        var rng = SeededRandom(seed: 7)
        let pool = (1...40).map { c($0, Double(Int.random(in: 50...100, using: &rng)), Int.random(in: 0..<3, using: &rng) == 0 ? ["resident"] : [], at: $0) }
        let policy = SelectionPolicy(seats: 12, minimums: ["resident": 6])
        let first = Selection.select(pool, policy: policy)
        for _ in 0..<5 {
            #expect(Selection.select(pool.shuffled(using: &rng), policy: policy) == first)
        }
    }

    @Test(arguments: 1...60)
    func randomInstancesFillSeatsMeetQuotasAndNeverDisplaceExceptForAQuota(seed: Int) {
        var rng = SeededRandom(seed: UInt64(seed))
        let count = Int.random(in: 1...60, using: &rng)
        let pool = (1...count).map { id -> Candidate in
            var groups: Set<String> = []
            if Int.random(in: 0..<100, using: &rng) < 35 { groups.insert("resident") }
            if Int.random(in: 0..<100, using: &rng) < 20 { groups.insert("women_in_tech") }
            return Candidate(id: id, testScore: Double(Int.random(in: 0...100, using: &rng)), reviewScore: Double(Int.random(in: 0...100, using: &rng)),
                             groups: groups, submittedAt: Self.start.addingTimeInterval(Double(Int.random(in: 0...1000, using: &rng))))
        }
        let seats = Int.random(in: 1...30, using: &rng)
        // One minimum (the regional share); the second group has none and must not matter.
        let minimums = ["resident": SelectionPolicy.minimum(share: 0.4, of: seats)]
        let policy = SelectionPolicy(testWeight: 0.6, reviewWeight: 0.4, seats: seats, minimums: minimums)
        let decisions = Selection.select(pool, policy: policy)
        let byID = Dictionary(uniqueKeysWithValues: pool.map { ($0.id, $0) })
        let chosen = decisions.filter(\.isSelected)
        #expect(chosen.count == min(seats, count))
        // The minimum is met, or else every member of the group is in.
        for (group, minimum) in minimums {
            let members = pool.filter { $0.groups.contains(group) }.count
            let got = chosen.filter { byID[$0.candidateID]!.groups.contains(group) }.count
            #expect(got >= min(minimum, members), "group \(group): \(got) of \(members), minimum \(minimum)")
        }
        // Nobody left out outranks someone selected, unless the one selected is in a quota group the other is not in:
        // an applicant outside a quota group never displaces a higher-ranked one.
        for s in chosen {
            for u in decisions where !u.isSelected && u.rank < s.rank {
                let shielding = byID[s.candidateID]!.groups.intersection(minimums.keys).subtracting(byID[u.candidateID]!.groups)
                #expect(!shielding.isEmpty, "rank \(u.rank) left out while rank \(s.rank), in no quota group it lacks, was selected")
            }
        }
        // Someone selected on a quota was the best-ranked member of that group still out at the time.
        for s in chosen {
            guard case let .selectedOnQuota(group) = s.outcome else { continue }
            #expect(!decisions.contains { !$0.isSelected && $0.rank < s.rank && byID[$0.candidateID]!.groups.contains(group) })
        }
        // The waitlist is everyone else, in rank order.
        let waitlist = decisions.compactMap { d -> (Int, Int)? in
            if case let .waitlisted(p) = d.outcome { return (p, d.rank) }
            return nil
        }.sorted { $0.0 < $1.0 }
        #expect(waitlist.map(\.0) == Array(0..<waitlist.count).map { $0 + 1 })
        #expect(waitlist.map(\.1) == waitlist.map(\.1).sorted())
    }

    @Test func twoMinimumsAreMetTogetherWhenThereAreEnoughSeats() {
        let pool = [c(1, 99), c(2, 98), c(3, 97), c(4, 96), c(5, 60, ["resident"]), c(6, 55, ["resident"]), c(7, 50, ["women_in_tech"]),
                    c(8, 45, ["resident", "women_in_tech"])]
        let decisions = Selection.select(pool, policy: SelectionPolicy(seats: 4, minimums: ["resident": 2, "women_in_tech": 1]))
        // Residents 5 and 6 take seats 3 and 4; women_in_tech then takes the lowest merit seat (2), not a resident's.
        #expect(selected(decisions) == [1, 5, 6, 7])
        #expect(decisions.first { $0.candidateID == 7 }?.outcome == .selectedOnQuota(group: "women_in_tech"))
    }

    @Test func aDeclinedQuotaSeatGoesToTheNextMemberOfTheGroup() {
        let pool = [c(1, 95), c(2, 90), c(3, 85, ["resident"]), c(4, 80), c(5, 75), c(6, 70, ["resident"]), c(7, 65, ["resident"])]
        let policy = SelectionPolicy(seats: 4, minimums: ["resident": 2])
        let decisions = Selection.select(pool, policy: policy)
        // Resident 6 declines: the quota would fall to 1, so resident 7 is promoted over waitlist #1 (candidate 4).
        #expect(Selection.promotion(after: 6, decisions: decisions, candidates: pool, policy: policy) == 7)
        // A merit seat declined goes to the head of the waitlist.
        #expect(Selection.promotion(after: 1, decisions: decisions, candidates: pool, policy: policy) == 4)
        // Nobody waiting: nobody promoted.
        let full = Selection.select(Array(pool.prefix(3)), policy: SelectionPolicy(seats: 3))
        #expect(Selection.promotion(after: 1, decisions: full, candidates: Array(pool.prefix(3)), policy: SelectionPolicy(seats: 3)) == nil)
    }
}

@Suite("Eligibility rules")
struct EligibilityTests {
    let facts = ApplicantFacts(birthDate: Day("2001-03-15"), residence: .gyeongnam, education: .university, employment: .unemployed,
                               inOtherFundedCourse: false)

    @Test func ageIsCountedInFullYearsOnTheCourseStart() {
        #expect(Eligibility.age(born: Day("2001-03-15")!, on: Day("2026-03-14")!) == 24)
        #expect(Eligibility.age(born: Day("2001-03-15")!, on: Day("2026-03-15")!) == 25)
        #expect(Eligibility.age(born: Day("2004-02-29")!, on: Day("2026-02-28")!) == 21)
        #expect(Eligibility.age(born: Day("2004-02-29")!, on: Day("2026-03-01")!) == 22)
        #expect(Eligibility.failures([.age(min: 18, max: 34)], facts: facts, on: Day("2026-03-02")!).isEmpty)
        let old = Eligibility.failures([.age(min: 18, max: 24)], facts: facts, on: Day("2026-03-16")!)
        #expect(old.map(\.ko) == ["2026-03-16 기준 만 25세로, 만 24세 이하여야 합니다."])
    }

    @Test func everyUnmetRuleIsSaidInPlainWords() {
        let rules: [EligibilityRule] = [.residence(in: [.busan, .ulsan]), .notInOtherFundedCourse, .education(oneOf: [.college]),
                                        .employment(oneOf: [.unemployed, .student])]
        let other = ApplicantFacts(birthDate: nil, residence: .gyeongnam, education: .university, employment: .unemployed, inOtherFundedCourse: true)
        let failures = Eligibility.failures(rules + [.age(min: 18, max: nil)], facts: other, on: Day("2026-03-02")!)
        #expect(failures.count == 4)
        #expect(failures[0].en == "This course is for people living in Busan, Ulsan.")
        #expect(failures[1].ko.contains("다른 국비 지원 과정"))
        #expect(failures[3].en.contains("date of birth"))
        #expect(Eligibility.failures(rules.filter { $0 != .notInOtherFundedCourse && $0 != .education(oneOf: [.college]) }
                                     .map { $0 == .residence(in: [.busan, .ulsan]) ? .residence(in: [.gyeongnam]) : $0 },
                                     facts: facts, on: Day("2026-03-02")!).isEmpty)
    }

    @Test func rulesAreStoredAsData() throws {
        let rules: [EligibilityRule] = [.age(min: 18, max: 34), .residence(in: [.gyeongnam]), .notInOtherFundedCourse]
        let decoded = try JSONDecoder().decode([EligibilityRule].self, from: JSONEncoder().encode(rules))
        #expect(decoded == rules)
        #expect(rules[0].description.ko == "만 18세 이상 34세 이하")
    }
}
