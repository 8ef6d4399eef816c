import Foundation

/// The program's KPIs over a set of cohorts on a given day. Counts are people; rates are nil when their
/// denominator is zero (shown as "–", never as 0%). Formulas: docs/KPIS.md.
public struct KPITotals: Sendable, Equatable {
    public var cohorts = 0
    public var recruited = 0
    public var enrolled = 0
    public var active = 0
    public var completed = 0
    public var dropped = 0
    /// Completers with a job that counts, in every cohort (open windows included).
    public var employed = 0
    /// Completers of cohorts whose 6-month window has closed: the employment rate's denominator …
    public var completersWindowClosed = 0
    /// … and those of them employed: its numerator.
    public var employedWindowClosed = 0
    /// Completers of cohorts fewer than 6 months past their end.
    public var completersWindowOpen = 0
    public var employedInRegion = 0
    public var employedInCapital = 0
    /// Trainees and completers of campuses in the capital region.
    public var enrolledCapital = 0
    public var completedCapital = 0
    /// Enrolled and completed in cohorts whose course has ended: the completion rate's terms.
    public var enrolledEnded = 0
    public var completedEnded = 0
    public var attendanceRateSum = 0.0
    public var attendanceRated = 0
    /// Active mentor grants in scope; set by the caller (mentors are not per cohort).
    public var mentors = 0

    public init() {}

    public init(_ rows: some Sequence<CohortRow>, today: Day) {
        for row in rows { add(row, today: today) }
    }

    public mutating func add(_ row: CohortRow, today: Day) {
        let f = row.facts
        cohorts += 1
        recruited += f.recruited
        enrolled += f.enrolled
        active += f.active
        completed += f.completed
        dropped += f.dropped
        employed += f.employed
        employedInRegion += f.employedInRegion
        employedInCapital += f.employedInCapital
        if EmploymentWindow.phase(courseEnd: row.endsOn, today: today) == .open {
            completersWindowOpen += f.completed
        } else {
            completersWindowClosed += f.completed
            employedWindowClosed += f.employed
        }
        if row.isCapitalRegion {
            enrolledCapital += f.enrolled
            completedCapital += f.completed
        }
        if row.endsOn < today {
            enrolledEnded += f.enrolled
            completedEnded += f.completed
        }
        attendanceRateSum += f.attendanceRateSum
        attendanceRated += f.attendanceRated
    }

    static func ratio(_ part: Int, _ whole: Int) -> Double? { whole > 0 ? Double(part) / Double(whole) : nil }

    /// Completers over trainees, in cohorts that have ended.
    public var completionRate: Double? { Self.ratio(completedEnded, enrolledEnded) }
    /// Drop-outs over trainees, to date.
    public var dropoutRate: Double? { Self.ratio(dropped, enrolled) }
    /// Completers employed within 6 months, over completers whose 6-month window has closed.
    public var employmentRate: Double? { Self.ratio(employedWindowClosed, completersWindowClosed) }
    /// Completers whose window is still open, over all completers.
    public var openShare: Double? { Self.ratio(completersWindowOpen, completed) }
    /// Employed graduates working in the region where they trained, over employed graduates.
    public var regionalRetention: Double? { Self.ratio(employedInRegion, employed) }
    public var capitalShareOfTrainees: Double? { Self.ratio(enrolledCapital, enrolled) }
    public var capitalShareOfCompleters: Double? { Self.ratio(completedCapital, completed) }
    /// Hires whose job is in the capital region, over all hires.
    public var capitalShareOfHires: Double? { Self.ratio(employedInCapital, employed) }
    public var averageAttendance: Double? { attendanceRated > 0 ? attendanceRateSum / Double(attendanceRated) : nil }
    /// Trainees in training per active mentor.
    public var mentorLoad: Double? { mentors > 0 ? Double(active) / Double(mentors) : nil }
}

/// Progress against the program's targets: yearly (trainees who started training in that year's cohorts)
/// and cumulative (every year up to it).
public struct TargetProgress: Sendable, Equatable {
    public let year: Int
    public let target: Int?
    public let actual: Int
    public let cumulativeTarget: Int
    public let cumulativeActual: Int

    public var share: Double? { target.flatMap { KPITotals.ratio(actual, $0) } }
    public var cumulativeShare: Double? { KPITotals.ratio(cumulativeActual, cumulativeTarget) }

    /// One line per program year from `firstYear` to `lastYear`.
    public static func table(rows: [CohortRow], targets: [Int: Int], firstYear: Int, lastYear: Int) -> [TargetProgress] {
        var enrolledByYear: [Int: Int] = [:]
        for row in rows { enrolledByYear[row.programYear, default: 0] += row.facts.enrolled }
        var cumulativeTarget = 0
        var cumulativeActual = 0
        return (firstYear...max(firstYear, lastYear)).map { year in
            cumulativeTarget += targets[year] ?? 0
            cumulativeActual += enrolledByYear[year] ?? 0
            return TargetProgress(year: year, target: targets[year], actual: enrolledByYear[year] ?? 0,
                                  cumulativeTarget: cumulativeTarget, cumulativeActual: cumulativeActual)
        }
    }
}

extension Sequence where Element == CohortRow {
    /// KPIs per group, in key order.
    public func kpis<Key: Hashable & Comparable>(by key: (CohortRow) -> Key, today: Day) -> [(key: Key, totals: KPITotals)] {
        var groups: [Key: KPITotals] = [:]
        for row in self { groups[key(row), default: KPITotals()].add(row, today: today) }
        return groups.map { ($0.key, $0.value) }.sorted { $0.key < $1.key }
    }
}
