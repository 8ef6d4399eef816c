/// The attendance rules of publicly funded training in Korea, as PROGRAM.md ("Rules the platform
/// applies", Attendance) states them; every number is a default a program can change.
public struct AttendanceRules: Sendable, Equatable, Codable {
    /// Attending less than this share of the day's scheduled minutes makes the day an absence.
    public var minimumShareOfDay = 0.5
    /// This many lates, early leaves or outings, in any mix, within one unit period count as one absence.
    public var marksPerAbsence = 3
    /// The training allowance needs at least this attendance rate in a unit period.
    public var allowanceThreshold = 0.8
    /// Completion needs at least this attendance rate over the course.
    public var completionThreshold = 0.8
    /// Caps on excused absences, as a share of a unit period's training days (illness: 10%).
    public var excuseCaps: [ExcuseKind: Double] = [.illness: 0.10]
    /// Flag a trainee as at risk when this few further absences would cross the completion threshold.
    public var atRiskMargin = 2
    /// A correction may be filed on the day itself and this many days after it (PROGRAM.md: "on the day or the next").
    public var correctionDays = 1

    /// Whether a correction for `day` may still be filed on `today`.
    public func acceptsCorrection(for day: Day, on today: Day) -> Bool {
        day <= today && day.days(until: today) <= correctionDays
    }

    public init() {}
}

/// Kinds of excused absence (공가) that count as attended.
public enum ExcuseKind: String, CaseIterable, Sendable, Codable, CodingKeyRepresentable {
    case illness            // 질병 (진단서)
    case reserveForces      // 예비군·민방위 훈련
    case familyEvent        // 경조사
    case jobInterview       // 면접
    case publicDuty         // 법령에 따른 공적 의무 (선거, 소환 등)
    case infectiousDisease  // 법정 감염병 격리

    public var name: Localized {
        switch self {
        case .illness: Localized("질병", "Illness")
        case .reserveForces: Localized("예비군·민방위", "Reserve forces")
        case .familyEvent: Localized("경조사", "Family event")
        case .jobInterview: Localized("면접", "Job interview")
        case .publicDuty: Localized("공적 의무", "Public duty")
        case .infectiousDisease: Localized("감염병 격리", "Quarantine")
        }
    }
}

/// Minutes since midnight in Korea's time on the training day.
public typealias MinuteOfDay = Int

/// One training day's schedule: start, end and breaks (which are not attendance time).
public struct DaySchedule: Sendable, Equatable {
    public let start: MinuteOfDay
    public let end: MinuteOfDay
    public let breaks: [ClosedRange<MinuteOfDay>]

    public init(start: MinuteOfDay, end: MinuteOfDay, breaks: [ClosedRange<MinuteOfDay>] = []) {
        self.start = start
        self.end = end
        self.breaks = breaks
    }

    /// 09:00–18:00 with a lunch hour: eight scheduled hours.
    public static let standard = DaySchedule(start: 9 * 60, end: 18 * 60, breaks: [(12 * 60)...(13 * 60)])

    public var scheduledMinutes: Int { minutes(in: start...end) }

    /// Minutes of `range` inside the schedule and outside its breaks.
    public func minutes(in range: ClosedRange<MinuteOfDay>) -> Int {
        let from = max(range.lowerBound, start), to = min(range.upperBound, end)
        guard to > from else { return 0 }
        var total = to - from
        for b in breaks {
            let overlap = min(to, b.upperBound) - max(from, b.lowerBound)
            if overlap > 0 { total -= overlap }
        }
        return total
    }
}

public enum ScanKind: String, CaseIterable, Sendable, Codable {
    case checkIn = "check_in", checkOut = "check_out", goOut = "go_out", comeBack = "come_back"
}

public struct Scan: Sendable, Equatable {
    public let kind: ScanKind
    /// Minutes since midnight of the training day (a scan after midnight belongs to the next day).
    public let at: MinuteOfDay

    public init(_ kind: ScanKind, _ at: MinuteOfDay) {
        self.kind = kind
        self.at = at
    }
}

/// Lates, early leaves and outings: three of them in a unit period make one absence.
public enum AttendanceMark: String, CaseIterable, Sendable, Codable {
    case late, earlyLeave = "early_leave", outing
}

public enum DayStatus: String, Sendable, Codable {
    case present, absent, excused
}

public struct DayResult: Sendable, Equatable {
    public let status: DayStatus
    public let marks: [AttendanceMark]
    public let attendedMinutes: Int
    public let excuse: ExcuseKind?
    public let reason: AbsenceReason?

    public init(status: DayStatus, marks: [AttendanceMark], attendedMinutes: Int, excuse: ExcuseKind?, reason: AbsenceReason?) {
        self.status = status
        self.marks = marks
        self.attendedMinutes = attendedMinutes
        self.excuse = excuse
        self.reason = reason
    }

    public enum AbsenceReason: String, Sendable, Equatable {
        case noCheckIn, noCheckOut, underHalfOfDay
    }
}
