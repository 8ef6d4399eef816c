import IeumCore
import Testing

private func t(_ h: Int, _ m: Int = 0) -> MinuteOfDay { h * 60 + m }

@Suite("Attendance: what a check-out now would count as")
struct CheckOutPreviewTests {
    let rules = AttendanceRules()
    let day = DaySchedule.standard   // 09:00–18:00, lunch 12–13

    @Test("at or after the end nothing is asked")
    func onTime() {
        #expect(rules.previewCheckOut(at: t(18), schedule: day, scans: [Scan(.checkIn, t(8, 55))]) == .onTime)
        #expect(rules.previewCheckOut(at: t(18, 30), schedule: day, scans: [Scan(.checkIn, t(9, 20))]) == .onTime)
    }

    @Test("before the end it is an early leave, with the minutes still to go")
    func earlyLeave() {
        let preview = rules.previewCheckOut(at: t(14, 57), schedule: day, scans: [Scan(.checkIn, t(8, 58))])
        #expect(preview == .earlyLeave(minutesBeforeEnd: 183))
    }

    @Test("so early that under half the day is attended, it says the day becomes an absence")
    func underHalf() {
        // 09:00–11:00 is 120 of 480 minutes; half is 240.
        #expect(rules.previewCheckOut(at: t(11), schedule: day, scans: [Scan(.checkIn, t(9))]) == .absent(attendedMinutes: 120, neededMinutes: 240))
        // An outing counts against the day as well: in at 9, out 10–14, leaving at 15 leaves 2 hours.
        let scans = [Scan(.checkIn, t(9)), Scan(.goOut, t(10)), Scan(.comeBack, t(14))]
        #expect(rules.previewCheckOut(at: t(15), schedule: day, scans: scans) == .absent(attendedMinutes: 120, neededMinutes: 240))
    }

    @Test("without a check-in there is nothing a check-out could save")
    func noCheckIn() {
        #expect(rules.previewCheckOut(at: t(17), schedule: day, scans: []) == .noCheckIn)
    }
}
