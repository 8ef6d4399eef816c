import Foundation

/// The employment rule of PROGRAM.md ("Outcomes"), as the national training statistics apply it:
/// a completer counts as employed when a job starts within 6 months of the course's end, and such a job is
/// counted only when it is on record by 7 months after the end (the month of grace for reporting).
public enum EmploymentWindow {
    public static let hiringMonths = 6
    public static let countingMonths = 7

    /// Where a course stands in its employment window on `today`.
    public enum Phase: String, Sendable, Codable {
        /// Fewer than 6 months since the end: graduates may still be hired within the window.
        case open
        /// 6 to 7 months after the end: the window has closed, records of jobs within it are still accepted.
        case counting
        /// More than 7 months after the end: the figure is final.
        case closed
    }

    public static func phase(courseEnd: Day, today: Day) -> Phase {
        if today <= courseEnd.adding(months: hiringMonths) { return .open }
        if today <= courseEnd.adding(months: countingMonths) { return .counting }
        return .closed
    }

    /// Whether a job counts towards the employment rate of a course that ended on `courseEnd`.
    public static func counts(_ job: JobFact, courseEnd: Day) -> Bool {
        job.startsOn <= courseEnd.adding(months: hiringMonths) && job.recordedOn <= courseEnd.adding(months: countingMonths)
    }
}

/// One employment record, as the KPIs see it.
public struct JobFact: Sendable, Equatable {
    public let startsOn: Day
    /// The day (KST) the record was entered.
    public let recordedOn: Day
    public let region: Region?

    public init(startsOn: Day, recordedOn: Day, region: Region?) {
        self.startsOn = startsOn
        self.recordedOn = recordedOn
        self.region = region
    }
}
