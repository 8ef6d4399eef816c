import IeumCore
import Testing

private func day(_ text: String) -> Day { Day(text)! }

private func job(_ region: Region, starts: String, recorded: String) -> JobFact {
    JobFact(startsOn: day(starts), recordedOn: day(recorded), region: region)
}

@Suite("KPIs: the employment window")
struct EmploymentWindowTests {
    @Test("a job counts when it starts within 6 months of the end and is on record within 7",
          arguments: [
            ("2025-12-30", "2026-01-30", true),   // both on the last day
            ("2025-12-31", "2026-01-02", false),  // starts a day too late
            ("2025-10-01", "2026-01-31", false),  // recorded a day too late
            ("2025-03-02", "2025-03-02", true),   // found during the course
          ])
    func counts(starts: String, recorded: String, expected: Bool) {
        #expect(EmploymentWindow.counts(job(.busan, starts: starts, recorded: recorded), courseEnd: day("2025-06-30")) == expected)
    }

    @Test("a course's window is open for 6 months, then counting for one more, then closed",
          arguments: [("2025-12-30", EmploymentWindow.Phase.open), ("2025-12-31", .counting), ("2026-01-30", .counting),
                      ("2026-01-31", .closed)])
    func phase(today: String, expected: EmploymentWindow.Phase) {
        #expect(EmploymentWindow.phase(courseEnd: day("2025-06-30"), today: day(today)) == expected)
    }

    @Test("a course ending on the 31st: six months later is the end of February")
    func shortMonth() {
        #expect(EmploymentWindow.counts(job(.seoul, starts: "2026-02-28", recorded: "2026-03-01"), courseEnd: day("2025-08-31")))
        #expect(!EmploymentWindow.counts(job(.seoul, starts: "2026-03-01", recorded: "2026-03-01"), courseEnd: day("2025-08-31")))
    }
}

/// A cohort in 경남 that ended on 2025-06-30, worked out by hand.
enum KPIFixture {
    static let cohortA = CohortFacts(cohortID: 1, courseEnd: day("2025-06-30"), campusRegion: .gyeongnam, enrollments: [
        EnrollmentFacts(state: .applied),
        EnrollmentFacts(state: .selected),
        EnrollmentFacts(state: .dropped, droppedFrom: .selected),          // withdrew before training: not a drop-out
        EnrollmentFacts(state: .dropped, droppedFrom: .applied),
        EnrollmentFacts(state: .enrolled, attendanceRate: 0.9),
        EnrollmentFacts(state: .dropped, droppedFrom: .enrolled, attendanceRate: 0.5),
        EnrollmentFacts(state: .completed, jobs: [job(.gyeongnam, starts: "2025-08-01", recorded: "2025-08-05")], attendanceRate: 0.95),
        EnrollmentFacts(state: .completed, jobs: [job(.seoul, starts: "2025-12-30", recorded: "2026-01-30")], attendanceRate: 0.85),
        EnrollmentFacts(state: .completed, jobs: [job(.busan, starts: "2025-12-31", recorded: "2026-01-05")], attendanceRate: 0.8),
        EnrollmentFacts(state: .completed, jobs: [job(.gyeongnam, starts: "2025-07-01", recorded: "2026-01-31")], attendanceRate: 1.0),
        EnrollmentFacts(state: .completed, jobs: [job(.seoul, starts: "2025-09-01", recorded: "2025-09-02"),
                                                  job(.gyeongnam, starts: "2025-07-15", recorded: "2025-07-20")]),
    ])

    static var rows: [CohortRow] {
        var b = CohortFacts(cohortID: 2)
        (b.recruited, b.enrolled, b.active, b.completed, b.dropped) = (22, 20, 0, 16, 4)
        (b.employed, b.employedInRegion, b.employedInCapital, b.attendanceRateSum, b.attendanceRated) = (6, 5, 6, 18, 20)
        var c = CohortFacts(cohortID: 3)
        (c.recruited, c.enrolled, c.active, c.dropped) = (31, 30, 28, 2)
        return [
            CohortRow(facts: cohortA, operatorID: 1, campusID: 10, region: .gyeongnam, track: "backend",
                      startsOn: day("2025-01-02"), endsOn: day("2025-06-30"), capacity: 10),
            CohortRow(facts: b, operatorID: 2, campusID: 20, region: .seoul, track: "ai",
                      startsOn: day("2025-09-01"), endsOn: day("2026-02-27"), capacity: 20),
            CohortRow(facts: c, operatorID: 1, campusID: 11, region: .gwangju, track: "backend",
                      startsOn: day("2026-03-02"), endsOn: day("2026-08-31"), capacity: 30),
        ]
    }
}

@Suite("KPIs: hand-computed fixtures")
struct KPIFixtureTests {
    @Test("a cohort's counts: who was recruited, trained, completed, dropped out and employed under the 6/7-month rule")
    func cohortFacts() {
        let a = KPIFixture.cohortA
        #expect(a.recruited == 9)
        #expect(a.enrolled == 7)
        #expect(a.active == 1)
        #expect(a.dropped == 1)
        #expect(a.completed == 5)
        #expect(a.employed == 3)          // a job too late to start and one recorded too late do not count
        #expect(a.employedInRegion == 2)  // the earliest counting job decides the region
        #expect(a.employedInCapital == 1)
        #expect(a.attendanceRateSum == 5.0 && a.attendanceRated == 6)
    }

    @Test("program totals and rates on 2026-04-15")
    func totals() {
        var t = KPITotals(KPIFixture.rows, today: day("2026-04-15"))
        t.mentors = 4
        #expect(t.cohorts == 3)
        #expect((t.recruited, t.enrolled, t.active, t.completed, t.dropped, t.employed) == (62, 57, 29, 21, 7, 9))
        // Only cohort A's window has closed (2025-06-30 + 6 months); cohort B's completers are still open.
        #expect(t.completersWindowClosed == 5 && t.employedWindowClosed == 3 && t.completersWindowOpen == 16)
        #expect(t.employmentRate == 0.6)
        #expect(t.openShare == 16.0 / 21.0)
        #expect(t.regionalRetention == 7.0 / 9.0)
        #expect(t.capitalShareOfTrainees == 20.0 / 57.0)
        #expect(t.capitalShareOfCompleters == 16.0 / 21.0)
        #expect(t.capitalShareOfHires == 7.0 / 9.0)
        #expect(t.completionRate == 21.0 / 27.0)   // cohort C has not ended and is left out
        #expect(t.dropoutRate == 7.0 / 57.0)
        #expect(t.averageAttendance == 23.0 / 26.0)
        #expect(t.mentorLoad == 7.25)
    }

    @Test("a rate with nothing to divide by is unknown, not zero")
    func emptyRates() {
        let t = KPITotals([], today: day("2026-04-15"))
        #expect(t.employmentRate == nil && t.completionRate == nil && t.regionalRetention == nil && t.mentorLoad == nil)
    }

    @Test("grouping by operator adds up to the totals")
    func grouping() {
        let groups = KPIFixture.rows.kpis(by: \.operatorID, today: day("2026-04-15"))
        #expect(groups.map(\.key) == [1, 2])
        #expect(groups.map(\.totals.enrolled) == [37, 20])
        #expect(groups.map(\.totals.employed).reduce(0, +) == 9)
    }

    @Test("targets: yearly and cumulative progress")
    func targets() {
        let table = TargetProgress.table(rows: KPIFixture.rows, targets: [2025: 30, 2026: 40], firstYear: 2025, lastYear: 2027)
        #expect(table.map(\.actual) == [27, 30, 0])
        #expect(table.map(\.cumulativeActual) == [27, 57, 57])
        #expect(table.map(\.cumulativeTarget) == [30, 70, 70])
        #expect(table[0].share == 0.9)
        #expect(table[2].target == nil && table[2].share == nil)
    }

    @Test("the forecast: started cohorts as they are, scheduled ones at the fill and completion rates of the past")
    func forecast() throws {
        let future = CohortRow(facts: CohortFacts(cohortID: 4), operatorID: 2, campusID: 20, region: .seoul, track: "ai",
                               startsOn: day("2026-09-01"), endsOn: day("2027-02-26"), capacity: 40)
        let f = try #require(Forecast.make(rows: KPIFixture.rows + [future], today: day("2026-04-15"), firstYear: 2025, lastYear: 2026))
        #expect(abs(f.fillRate.expected - 0.95) < 1e-9)           // 57 trainees in 60 seats
        #expect(abs(f.fillRate.low - 0.76) < 1e-9)                // 10th percentile of 0.7, 1, 1
        #expect(f.fillRate.high == 1.0)
        #expect(abs(f.completionRate.expected - 21.0 / 27.0) < 1e-9)
        #expect(abs(f.completionRate.low - (5.0 / 7 + (0.8 - 5.0 / 7) * 0.1)) < 1e-9)
        let y2025 = f.years[0], y2026 = f.years[1]
        #expect(y2025.trainees == .init(low: 27, expected: 27, high: 27))
        #expect(abs(y2025.completers.expected - (21 + 21.0 / 27)) < 1e-9)   // cohort A's one trainee still listed as active
        #expect(abs(y2026.trainees.expected - 68) < 1e-9)                   // 30 real + 40 seats × 0.95
        #expect(abs(y2026.trainees.low - 60.4) < 1e-9)
        #expect(abs(y2026.completers.expected - (28 + 38) * 21.0 / 27) < 1e-9)
        #expect(abs(try #require(f.final).cumulativeTrainees.expected - 95) < 1e-9)
        #expect(f.startedCohorts == 3 && f.endedCohorts == 2)
    }

    @Test("no forecast without a cohort that has ended")
    func noHistory() {
        #expect(Forecast.make(rows: Array(KPIFixture.rows.suffix(1)), today: day("2026-04-15"), firstYear: 2026, lastYear: 2026) == nil)
    }
}
