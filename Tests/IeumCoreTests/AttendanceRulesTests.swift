import Foundation
import IeumCore
import Testing

private func t(_ h: Int, _ m: Int = 0) -> MinuteOfDay { h * 60 + m }

@Suite("Attendance: one day from its scans")
struct DayEvaluationTests {
    let rules = AttendanceRules()
    let day = DaySchedule.standard // 09:00–18:00, lunch 12–13: 480 minutes

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let scans: [Scan]
        let status: DayStatus
        let marks: [AttendanceMark]
        let minutes: Int
        var reason: DayResult.AbsenceReason? = nil
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "on time, full day", scans: [Scan(.checkIn, t(8, 55)), Scan(.checkOut, t(18, 2))], status: .present, marks: [], minutes: 480),
        Case(name: "late by ten minutes", scans: [Scan(.checkIn, t(9, 10)), Scan(.checkOut, t(18))], status: .present, marks: [.late], minutes: 470),
        Case(name: "early leave", scans: [Scan(.checkIn, t(9)), Scan(.checkOut, t(17))], status: .present, marks: [.earlyLeave], minutes: 420),
        Case(name: "outing of an hour", scans: [Scan(.checkIn, t(9)), Scan(.goOut, t(14)), Scan(.comeBack, t(15)), Scan(.checkOut, t(18))],
             status: .present, marks: [.outing], minutes: 420),
        Case(name: "a late and an outing on one day count as two marks",
             scans: [Scan(.checkIn, t(9, 30)), Scan(.goOut, t(15)), Scan(.comeBack, t(15, 30)), Scan(.checkOut, t(18))],
             status: .present, marks: [.late, .outing], minutes: 420),
        Case(name: "late, outing and early leave in one day",
             scans: [Scan(.checkIn, t(9, 5)), Scan(.goOut, t(10)), Scan(.comeBack, t(10, 30)), Scan(.checkOut, t(17, 30))],
             status: .present, marks: [.late, .earlyLeave, .outing], minutes: 415),
        Case(name: "an outing over lunch costs only class time",
             scans: [Scan(.checkIn, t(9)), Scan(.goOut, t(11, 30)), Scan(.comeBack, t(13, 30)), Scan(.checkOut, t(18))],
             status: .present, marks: [.outing], minutes: 420),
        Case(name: "exactly half the day is not less than half: present",
             scans: [Scan(.checkIn, t(9)), Scan(.checkOut, t(14))], status: .present, marks: [.earlyLeave], minutes: 240),
        Case(name: "under half the day is an absence", scans: [Scan(.checkIn, t(14)), Scan(.checkOut, t(17, 59))],
             status: .absent, marks: [], minutes: 239, reason: .underHalfOfDay),
        Case(name: "a long outing pushes the day under half", scans: [Scan(.checkIn, t(9)), Scan(.goOut, t(10)), Scan(.comeBack, t(16)), Scan(.checkOut, t(18))],
             status: .absent, marks: [], minutes: 180, reason: .underHalfOfDay),
        Case(name: "going out and not coming back: away until check-out",
             scans: [Scan(.checkIn, t(9)), Scan(.goOut, t(16)), Scan(.checkOut, t(18))], status: .present, marks: [.outing], minutes: 360),
        Case(name: "no check-out by midnight is an absence", scans: [Scan(.checkIn, t(8, 50))], status: .absent, marks: [], minutes: 0, reason: .noCheckOut),
        Case(name: "no scans at all is an absence", scans: [], status: .absent, marks: [], minutes: 0, reason: .noCheckIn),
        Case(name: "a check-out alone is an absence", scans: [Scan(.checkOut, t(18))], status: .absent, marks: [], minutes: 0, reason: .noCheckIn),
        Case(name: "scans out of order are sorted by time", scans: [Scan(.checkOut, t(18)), Scan(.checkIn, t(9))], status: .present, marks: [], minutes: 480),
    ]

    @Test("timelines of scans become day statuses", arguments: cases)
    func table(c: Case) {
        let result = rules.evaluate(day: day, scans: c.scans)
        #expect(result.status == c.status)
        #expect(result.marks == c.marks)
        #expect(result.attendedMinutes == c.minutes)
        #expect(result.reason == c.reason)
    }

    @Test("an approved excuse makes the day excused, whatever was scanned")
    func excused() {
        let result = rules.evaluate(day: day, scans: [], excuse: .illness)
        #expect(result.status == .excused)
        #expect(result.excuse == .illness)
    }

    @Test("a correction that adds the missing check-in turns an absence into a late")
    func correction() {
        let scans = [Scan(.checkOut, t(18))]
        #expect(rules.evaluate(day: day, scans: scans).status == .absent)
        let corrected = rules.evaluate(day: day, scans: scans + [Scan(.checkIn, t(9, 20))])
        #expect(corrected.status == .present)
        #expect(corrected.marks == [.late])
    }

    @Test("the threshold for half a day is configurable")
    func configurable() {
        var strict = rules
        strict.minimumShareOfDay = 0.75
        let scans = [Scan(.checkIn, t(9)), Scan(.checkOut, t(15))]
        #expect(rules.evaluate(day: day, scans: scans).status == .present)
        #expect(strict.evaluate(day: day, scans: scans).status == .absent)
    }
}

@Suite("Attendance: unit periods, allowance and completion")
struct AttendanceSummaryTests {
    let rules = AttendanceRules()

    @Test("unit periods are months counted from the start date")
    func periods() {
        let periods = rules.unitPeriods(courseStart: Day("2026-03-15")!, courseEnd: Day("2026-06-30")!)
        #expect(periods.map { "\($0.start)~\($0.end)" } ==
                ["2026-03-15~2026-04-14", "2026-04-15~2026-05-14", "2026-05-15~2026-06-14", "2026-06-15~2026-06-30"])
        let endOfMonth = rules.unitPeriods(courseStart: Day("2026-01-31")!, courseEnd: Day("2026-03-31")!)
        #expect(endOfMonth.map { "\($0.start)~\($0.end)" } == ["2026-01-31~2026-02-27", "2026-02-28~2026-03-30", "2026-03-31~2026-03-31"])
    }

    /// Weekdays of one unit period, 2026-03-16 (Mon) to 2026-04-15: 23 training days.
    static func weekdays(from: String, to: String) -> [Day] {
        var days: [Day] = []
        var d = Day(from)!
        while d <= Day(to)! {
            if d.weekday <= 5 { days.append(d) }
            d = d.adding(days: 1)
        }
        return days
    }

    let period = UnitPeriod(index: 0, start: Day("2026-03-16")!, end: Day("2026-04-15")!)
    var days: [Day] { Self.weekdays(from: "2026-03-16", to: "2026-04-15") }

    func summary(_ special: [Int: DayResult]) -> PeriodSummary {
        let present = DayResult(status: .present, marks: [], attendedMinutes: 480, excuse: nil, reason: nil)
        return rules.summarise(period: period, days: days.enumerated().map { TrainingDay(day: $1, result: special[$0] ?? present) })
    }

    static let absent = DayResult(status: .absent, marks: [], attendedMinutes: 0, excuse: nil, reason: .noCheckIn)
    static let late = DayResult(status: .present, marks: [.late], attendedMinutes: 470, excuse: nil, reason: nil)
    static let lateAndOut = DayResult(status: .present, marks: [.late, .outing], attendedMinutes: 400, excuse: nil, reason: nil)
    static let ill = DayResult(status: .excused, marks: [], attendedMinutes: 480, excuse: .illness, reason: nil)
    static let interview = DayResult(status: .excused, marks: [], attendedMinutes: 480, excuse: .jobInterview, reason: nil)

    @Test("a full period: 23 days, rate 100%, allowance")
    func full() {
        let s = summary([:])
        #expect(s.trainingDays == 23)
        #expect(s.absences == 0 && s.rate == 1 && s.allowanceEligible && s.isFinal)
    }

    @Test("three marks in any mix make one absence; two do not")
    func marks() {
        #expect(summary([0: Self.late, 1: Self.late]).absences == 0)
        let s = summary([0: Self.late, 5: Self.lateAndOut])
        #expect(s.marks == 3)
        #expect(s.absencesFromMarks == 1)
        #expect(s.absences == 1)
    }

    @Test("allowance needs 80%: 4 absences of 23 keep it (82.6%), 5 lose it (78.3%)")
    func allowance() {
        let four = summary([0: Self.absent, 1: Self.absent, 2: Self.absent, 3: Self.absent])
        #expect(four.allowanceEligible)
        let five = summary([0: Self.absent, 1: Self.absent, 2: Self.absent, 3: Self.absent, 4: Self.absent])
        #expect(!five.allowanceEligible)
        #expect(abs(five.rate - 18.0 / 23.0) < 1e-9)
    }

    @Test("marks tip the allowance: four absences and three lates are five absences")
    func marksTip() {
        let s = summary([0: Self.absent, 1: Self.absent, 2: Self.absent, 3: Self.absent, 6: Self.late, 7: Self.late, 8: Self.late])
        #expect(s.absences == 5)
        #expect(!s.allowanceEligible)
    }

    @Test("excused days count as attended, illness only up to 10% of the period's days (2 of 23)")
    func excuseCap() {
        let two = summary([0: Self.ill, 1: Self.ill])
        #expect(two.excusedDays == 2 && two.excusedOverCap == 0 && two.absences == 0)
        let three = summary([0: Self.ill, 1: Self.ill, 2: Self.ill])
        #expect(three.excusedOverCap == 1 && three.absences == 1)
        let interviews = summary([0: Self.interview, 1: Self.interview, 2: Self.interview, 3: Self.interview])
        #expect(interviews.absences == 0)
    }

    @Test("a period still under way is not final")
    func ongoing() {
        let s = rules.summarise(period: period, days: days.enumerated().map { TrainingDay(day: $1, result: $0 < 5 ? Self.absent : nil) })
        #expect(!s.isFinal && s.elapsedDays == 5 && s.absences == 5)
    }

    @Test("marks do not carry over from one unit period to the next")
    func marksPerPeriod() {
        let start = Day("2026-03-16")!, end = Day("2026-05-15")!
        let all = Self.weekdays(from: "2026-03-16", to: "2026-05-15")
        let present = DayResult(status: .present, marks: [], attendedMinutes: 480, excuse: nil, reason: nil)
        // Two lates at the end of the first period and one at the start of the second: no absence.
        let lateDays: Set<Day> = [Day("2026-04-14")!, Day("2026-04-15")!, Day("2026-04-16")!]
        let course = rules.summarise(courseStart: start, courseEnd: end,
                                     days: all.map { TrainingDay(day: $0, result: lateDays.contains($0) ? Self.late : present) })
        #expect(course.periods.map { "\($0.period.start)~\($0.period.end)" } == ["2026-03-16~2026-04-15", "2026-04-16~2026-05-15"])
        #expect(course.periods.map(\.marks) == [2, 1])
        #expect(course.absences == 0)
    }

    @Test("completion needs 80% of the course; at-risk trainees see how many more absences would fail them")
    func completion() {
        let start = Day("2026-03-16")!, end = Day("2026-05-15")!
        let all = Self.weekdays(from: "2026-03-16", to: "2026-05-15") // 45 training days: 36 needed, 9 absences allowed
        func course(absent count: Int) -> CourseSummary {
            rules.summarise(courseStart: start, courseEnd: end, days: all.enumerated().map { i, d in
                TrainingDay(day: d, result: i < count ? Self.absent : nil)
            })
        }
        #expect(course(absent: 0).trainingDays == 45)
        let six = course(absent: 6)
        #expect(six.completionEligible && !six.atRisk && six.furtherAbsencesAllowed == 3)
        let seven = course(absent: 7)
        #expect(seven.atRisk && seven.absencesToFail == 3)
        let nine = course(absent: 9)
        #expect(nine.completionEligible && nine.atRisk && nine.absencesToFail == 1)
        let ten = course(absent: 10)
        #expect(!ten.completionEligible && ten.absencesToFail == 0)
    }

    @Test("80% of 15 days is 12, not 13 (no floating-point rounding up)")
    func exactThreshold() {
        let days = Self.weekdays(from: "2026-03-16", to: "2026-04-03") // 15 days
        let p = UnitPeriod(index: 0, start: Day("2026-03-16")!, end: Day("2026-04-03")!)
        let present = DayResult(status: .present, marks: [], attendedMinutes: 480, excuse: nil, reason: nil)
        #expect(days.count == 15)
        let three = days.enumerated().map { TrainingDay(day: $1, result: $0 < 3 ? Self.absent : present) }
        #expect(rules.summarise(period: p, days: three).allowanceEligible)
        let four = days.enumerated().map { TrainingDay(day: $1, result: $0 < 4 ? Self.absent : present) }
        #expect(!rules.summarise(period: p, days: four).allowanceEligible)
    }
}

@Suite("Training calendar")
struct TrainingCalendarTests {
    @Test("training days are the chosen weekdays without holidays")
    func days() {
        let days = TrainingCalendar.days(from: Day("2026-09-21")!, to: Day("2026-10-04")!, weekdays: [1, 2, 3, 4, 5],
                                         holidays: [Day("2026-09-24")!, Day("2026-09-25")!])
        #expect(days.map(\.description) == ["2026-09-21", "2026-09-22", "2026-09-23", "2026-09-28", "2026-09-29",
                                           "2026-09-30", "2026-10-01", "2026-10-02"])
    }

    @Test("2026-11-28 is a Saturday")
    func weekday() {
        #expect(Day("2026-11-28")!.weekday == 6)
        #expect(Day("2026-11-30")!.weekday == 1)
    }

    @Test("hours and breaks are read as people write them")
    func reading() {
        #expect(TrainingCalendar.minute("09:30") == 570)
        #expect(TrainingCalendar.minute("24:00") == nil)
        let day = 540...1080
        #expect(TrainingCalendar.breaks("15:00-15:10, 12:00-13:00", within: day) == [720...780, 900...910])
        #expect(TrainingCalendar.breaks("13:00-12:00", within: day) == nil)
        #expect(TrainingCalendar.breaks("07:00-08:00", within: day) == nil)
        #expect(TrainingCalendar.breaks("", within: day) == [])
        #expect(TrainingCalendar.describe([720...780]) == "12:00-13:00")
    }
}

@Suite("Attendance: corrections and program settings")
struct AttendanceSettingsTests {
    @Test("a correction is accepted on the day itself and the next day, or as many days as the program allows")
    func correctionWindow() {
        var rules = AttendanceRules()
        let day = Day("2026-11-02")!
        #expect(rules.acceptsCorrection(for: day, on: day))
        #expect(rules.acceptsCorrection(for: day, on: day.adding(days: 1)))
        #expect(!rules.acceptsCorrection(for: day, on: day.adding(days: 2)))
        #expect(!rules.acceptsCorrection(for: day.adding(days: 1), on: day), "not for a day still to come")
        rules.correctionDays = 3
        #expect(rules.acceptsCorrection(for: day, on: day.adding(days: 3)))
    }

    @Test("a program's rules survive being stored as JSON, caps per kind included")
    func storedRules() throws {
        var rules = AttendanceRules()
        rules.excuseCaps = [.illness: 0.15, .familyEvent: 0.05]
        rules.allowanceThreshold = 0.75
        let data = try JSONEncoder().encode(rules)
        #expect(String(decoding: data, as: UTF8.self).contains("\"illness\":0.15"))
        #expect(try JSONDecoder().decode(AttendanceRules.self, from: data) == rules)
    }
}
