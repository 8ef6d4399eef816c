import Foundation
import IeumCore
import Testing

@Suite("Completion rules")
struct CompletionRulesTests {
    let rules = AttendanceRules()

    /// 20 training days (one unit period) of which `absent` were missed.
    func attendance(absent: Int) -> CourseSummary {
        let start = Day("2026-10-26")!
        var days: [TrainingDay] = []
        var day = start
        while days.count < 20 {
            if day.weekday <= 5 {
                let status: DayStatus = days.count < absent ? .absent : .present
                days.append(TrainingDay(day: day, result: DayResult(status: status, marks: [], attendedMinutes: status == .present ? 480 : 0,
                                                                    excuse: nil, reason: nil)))
            }
            day = day.adding(days: 1)
        }
        return rules.summarise(courseStart: start, courseEnd: days.last!.day, days: days)
    }

    @Test func attendanceAloneDecidesWhenGradedWorkDoesNotCount() {
        let four = CompletionRules.propose(CompletionFacts(attendance: attendance(absent: 4), assessments: []), requirement: .none)
        #expect(four.outcome == .completed)
        #expect(four.met.first?.en.contains("80.0%") == true)
        let five = CompletionRules.propose(CompletionFacts(attendance: attendance(absent: 5), assessments: []), requirement: .none)
        #expect(five.outcome == .notCompleted)
        #expect(five.unmet.count == 1 && five.unmet[0].en.contains("75.0%") && five.unmet[0].en.contains("needs 80%"))
    }

    @Test func everyAssignmentMustReachThePassMark() {
        let work = [AssessmentResult(title: "정렬", score: 60, points: 100), AssessmentResult(title: "그래프", score: 5.9, points: 10)]
        let proposal = CompletionRules.propose(CompletionFacts(attendance: attendance(absent: 0), assessments: work),
                                               requirement: .eachAtLeast(percent: 60))
        #expect(proposal.outcome == .notCompleted)
        #expect(proposal.unmet.map(\.en) == ["'그래프' 59.0% (needs 60%)"])
        let missing = CompletionRules.propose(CompletionFacts(attendance: attendance(absent: 0), assessments: [AssessmentResult(title: "정렬", score: nil, points: 100)]),
                                              requirement: .eachAtLeast(percent: 1))
        #expect(missing.outcome == .notCompleted && missing.unmet[0].en.contains("not handed in"))
    }

    @Test func anAverageCanCarryAWeakAssignment() {
        let work = [AssessmentResult(title: "A", score: 40, points: 100), AssessmentResult(title: "B", score: 100, points: 100)]
        let facts = CompletionFacts(attendance: attendance(absent: 0), assessments: work)
        #expect(CompletionRules.propose(facts, requirement: .averageAtLeast(percent: 70)).outcome == .completed)
        #expect(CompletionRules.propose(facts, requirement: .averageAtLeast(percent: 71)).outcome == .notCompleted)
        #expect(CompletionRules.propose(facts, requirement: .eachAtLeast(percent: 60)).outcome == .notCompleted)
    }

    @Test func bothRulesAreReportedWhenBothFail() {
        let facts = CompletionFacts(attendance: attendance(absent: 10), assessments: [AssessmentResult(title: "A", score: 10, points: 100)])
        let proposal = CompletionRules.propose(facts, requirement: .eachAtLeast(percent: 60))
        #expect(proposal.unmet.count == 2 && proposal.met.isEmpty)
    }

    @Test func withoutAScheduleNobodyIsProposedForCompletion() {
        let proposal = CompletionRules.propose(CompletionFacts(attendance: nil, assessments: []), requirement: .none)
        #expect(proposal.outcome == .notCompleted)
    }

    @Test func requirementCodesRoundTripAndRejectNonsense() {
        for r in [AssessmentRequirement.none, .eachAtLeast(percent: 60), .averageAtLeast(percent: 100)] {
            #expect(AssessmentRequirement(code: r.code) == r)
        }
        for bad in ["", "each", "each:0", "each:101", "average:x", "none:1", "most:50"] {
            #expect(AssessmentRequirement(code: bad) == nil, "\(bad)")
        }
    }

    @Test func notCompletedIsFinalAndNeedsAReason() throws {
        #expect(EnrollmentState.notCompleted.isFinal)
        #expect(throws: EnrollmentTransitionError.reasonRequired) {
            try EnrollmentLifecycle.transition(from: .enrolled, to: .notCompleted, reason: " ")
        }
        #expect(try EnrollmentLifecycle.transition(from: .enrolled, to: .notCompleted, reason: "출석률 70%") == "출석률 70%")
        // A trainee who did not complete still counts as enrolled in the KPIs (the completion rate's denominator).
        #expect(EnrollmentFacts(state: .notCompleted).isEnrolled)
    }
}

@Suite("base64url")
struct Base64URLTests {
    @Test func roundTripsAndRefusesNonCanonicalText() {
        for n in 0..<70 {
            let bytes = (0..<n).map { UInt8(($0 * 37 + n) % 256) }
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
        let signature = Base64URL.encode([UInt8](repeating: 0xAB, count: 64))
        // The last of 86 characters carries 2 unused bits: a change there that decodes to the same bytes is refused.
        var changed = Array(signature)
        changed[changed.count - 1] = changed.last == "w" ? "x" : "w"
        #expect(Base64URL.decode(String(changed)) == nil)
        for bad in ["a", "ab=", "a+b/", "ab cd", "ab.c"] { #expect(Base64URL.decode(bad) == nil, "\(bad)") }
    }
}

@Suite("Jobs and applications")
struct JobRulesTests {
    @Test func theApplicationPipelineMovesForwardOrEndsInRejection() {
        #expect(ApplicationStage.applied.canMove(to: .interview))
        #expect(!ApplicationStage.applied.canMove(to: .hired))
        #expect(ApplicationStage.offer.canMove(to: .hired) && ApplicationStage.offer.canMove(to: .rejected))
        #expect(ApplicationStage.hired.isFinal && ApplicationStage.rejected.isFinal && !ApplicationStage.interview.isFinal)
        for stage in ApplicationStage.allCases where !stage.isFinal { #expect(stage.canMove(to: .rejected)) }
    }

    @Test func skillsAreReadAsPeopleTypeThem() {
        #expect(SkillList.parse(" Swift, Vapor,,  postgreSQL, swift\nDocker ") == ["swift", "vapor", "postgresql", "docker"])
        #expect(SkillList.parse(" , ,") == [])
    }

    @Test func aRecommendationExplainsSkillsRegionAndJobType() {
        let local = Recommendation.score(graduateSkills: ["swift", "sql"], campusRegion: .gyeongnam, desiredRegions: [.busan],
                                         desiredJobTypes: [.backend], jobSkills: ["SQL", "Swift", "Docker"], jobRegion: .gyeongnam, jobType: .backend)
        #expect(local.skillsMatched == 2 && local.skillsWanted == 3 && local.region == .campusRegion && local.total == 40 + 30 + 10)
        let desired = Recommendation.score(graduateSkills: ["swift", "sql"], campusRegion: .gyeongnam, desiredRegions: [.busan],
                                           desiredJobTypes: [.backend], jobSkills: ["SQL", "Swift", "Docker"], jobRegion: .busan, jobType: .backend)
        let capital = Recommendation.score(graduateSkills: ["swift", "sql"], campusRegion: .gyeongnam, desiredRegions: [.busan],
                                           desiredJobTypes: [.backend], jobSkills: ["SQL", "Swift", "Docker"], jobRegion: .seoul, jobType: .backend)
        // Same skills: the campus's region ranks first, then a region asked for, then elsewhere.
        #expect(local > desired && desired > capital)
        #expect(local.reasons.map(\.en) == ["2 of 3 skills", "in the region where they trained", "a job type they asked for"])
    }
}

@Suite("Employment follow-ups")
struct FollowUpTests {
    @Test func checkpointsFallAtOneThreeAndSixMonthsAndEndWithTheCount() {
        let end = Day("2026-08-31")!
        #expect(FollowUp.due(courseEnd: end, today: Day("2026-09-29")!) == nil)
        #expect(FollowUp.due(courseEnd: end, today: Day("2026-09-30")!) == 1)
        #expect(FollowUp.due(courseEnd: end, today: Day("2026-11-29")!) == 1)
        #expect(FollowUp.due(courseEnd: end, today: Day("2026-11-30")!) == 3)
        #expect(FollowUp.due(courseEnd: end, today: Day("2027-02-28")!) == 6)
        #expect(FollowUp.due(courseEnd: end, today: Day("2027-03-31")!) == 6)
        #expect(FollowUp.due(courseEnd: end, today: Day("2027-04-01")!) == nil)
    }
}
