/// What a check-out now would make of the training day, so a phone can ask before it records an early leave
/// (조퇴, "check-out before the end") or a day that stays under half of its hours (an absence).
public enum CheckOutPreview: Equatable, Sendable {
    /// At or after the end: nothing to ask.
    case onTime
    /// Before the end: one mark (three marks in a unit period make an absence).
    case earlyLeave(minutesBeforeEnd: Int)
    /// So early that the day is an absence: "attending less than half of the day's scheduled hours = absent".
    case absent(attendedMinutes: Int, neededMinutes: Int)
    /// No check-in today: a check-out alone records nothing the rules count.
    case noCheckIn
}

extension AttendanceRules {
    public func previewCheckOut(at minute: MinuteOfDay, schedule: DaySchedule, scans: [Scan]) -> CheckOutPreview {
        let result = evaluate(day: schedule, scans: scans + [Scan(.checkOut, minute)])
        switch (result.status, result.reason) {
        case (.absent, .noCheckIn?): return .noCheckIn
        case (.absent, _):
            let needed = Int((Double(schedule.scheduledMinutes) * minimumShareOfDay).rounded(.up))
            return .absent(attendedMinutes: result.attendedMinutes, neededMinutes: needed)
        default:
            return result.marks.contains(.earlyLeave) ? .earlyLeave(minutesBeforeEnd: schedule.end - minute) : .onTime
        }
    }
}
