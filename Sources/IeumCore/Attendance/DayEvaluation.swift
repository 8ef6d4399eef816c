// Each rule below is one line of PROGRAM.md, "Rules the platform applies" → Attendance, which follows how
// publicly funded vocational training in Korea (고용노동부 직업능력개발훈련, 국민내일배움카드) keeps attendance.
extension AttendanceRules {
    /// One training day from its scans. A day with an approved excuse (공가) is excused whatever the scans say:
    /// "excused absences of listed kinds count as attended".
    public func evaluate(day schedule: DaySchedule, scans: [Scan], excuse: ExcuseKind? = nil) -> DayResult {
        if let excuse {
            return DayResult(status: .excused, marks: [], attendedMinutes: schedule.scheduledMinutes, excuse: excuse, reason: nil)
        }
        let sorted = scans.sorted { $0.at < $1.at }
        guard let checkIn = sorted.first(where: { $0.kind == .checkIn })?.at else {
            return absent(.noCheckIn)
        }
        // "no check-out by midnight = absent".
        guard let checkOut = sorted.last(where: { $0.kind == .checkOut && $0.at >= checkIn })?.at else {
            return absent(.noCheckOut)
        }
        var attended = schedule.minutes(in: checkIn...checkOut)
        var outings = 0
        var leftAt: MinuteOfDay? = nil
        for scan in sorted where scan.at >= checkIn && scan.at <= checkOut {
            switch scan.kind {
            case .goOut where leftAt == nil:
                leftAt = scan.at
            case .comeBack:
                if let out = leftAt {
                    attended -= schedule.minutes(in: out...scan.at)
                    outings += 1
                    leftAt = nil
                }
            default: break
            }
        }
        // Going out and never coming back: away until the check-out.
        if let out = leftAt {
            attended -= schedule.minutes(in: out...checkOut)
            outings += 1
        }
        // "attending less than half of the day's scheduled hours = absent".
        if Double(attended) < Double(schedule.scheduledMinutes) * minimumShareOfDay {
            return DayResult(status: .absent, marks: [], attendedMinutes: max(0, attended), excuse: nil, reason: .underHalfOfDay)
        }
        // "late = check-in after the start; early leave = check-out before the end"; each outing is a mark too.
        var marks: [AttendanceMark] = []
        if checkIn > schedule.start { marks.append(.late) }
        if checkOut < schedule.end { marks.append(.earlyLeave) }
        marks += Array(repeating: .outing, count: outings)
        return DayResult(status: .present, marks: marks, attendedMinutes: attended, excuse: nil, reason: nil)
    }

    private func absent(_ reason: DayResult.AbsenceReason) -> DayResult {
        DayResult(status: .absent, marks: [], attendedMinutes: 0, excuse: nil, reason: reason)
    }
}
