/// What a KPI count sums, per cohort (`CohortFacts`).
public enum KPIMeasure: Sendable, Hashable, CaseIterable {
    case recruited, enrolled, active, completed, dropped, employed, employedInRegion, employedInCapital, attendanceRated

    public func value(_ facts: CohortFacts) -> Int {
        switch self {
        case .recruited: facts.recruited
        case .enrolled: facts.enrolled
        case .active: facts.active
        case .completed: facts.completed
        case .dropped: facts.dropped
        case .employed: facts.employed
        case .employedInRegion: facts.employedInRegion
        case .employedInCapital: facts.employedInCapital
        case .attendanceRated: facts.attendanceRated
        }
    }

    /// Measures that share finest-grain counts form one linear system: enrolled is, in every cohort, in training +
    /// completed + dropped out, so those four are sums of three counts per cohort; every other measure is a count
    /// of its own.
    enum Family: Sendable, Hashable, CaseIterable {
        case trainees, recruited, employed, employedInRegion, employedInCapital, attendanceRated
    }

    var family: Family {
        switch self {
        case .enrolled, .active, .completed, .dropped: .trainees
        case .recruited: .recruited
        case .employed: .employed
        case .employedInRegion: .employedInRegion
        case .employedInCapital: .employedInCapital
        case .attendanceRated: .attendanceRated
        }
    }

    /// The finest-grain counts of one cohort this measure adds up (in training, completed, dropped out for trainees).
    var components: [Int] {
        switch self {
        case .active: [0]
        case .completed: [1]
        case .dropped: [2]
        case .enrolled: [0, 1, 2]
        default: [0]
        }
    }
}

/// Which of a group's cohorts a figure counts: every one, or only those whose course has ended (the completion
/// rate's terms), or by the 6-month employment window (the employment rate's and the open share's).
public enum KPICohortPhase: Sendable, Hashable {
    case all, ended, windowClosed, windowOpen

    public func includes(_ row: CohortRow, today: Day) -> Bool {
        switch self {
        case .all: true
        case .ended: row.endsOn < today
        case .windowClosed: EmploymentWindow.phase(courseEnd: row.endsOn, today: today) != .open
        case .windowOpen: EmploymentWindow.phase(courseEnd: row.endsOn, today: today) == .open
        }
    }
}

/// A count the KPI pages show for a group of cohorts: what it sums, over which of them.
public struct KPIFigure: Sendable, Hashable {
    public let measure: KPIMeasure
    public let phase: KPICohortPhase
    public init(_ measure: KPIMeasure, _ phase: KPICohortPhase = .all) {
        self.measure = measure
        self.phase = phase
    }

    /// What every row of a KPI table shows or divides by: the count columns, the terms of the completion and
    /// employment rates (cohorts that have ended, whose window has closed), and the numerators of regional retention
    /// and average attendance, which are published nowhere else. A rate is treated as publishing both its terms.
    public static let inEveryRow: [KPIFigure] = [
        KPIFigure(.recruited), KPIFigure(.enrolled), KPIFigure(.active), KPIFigure(.completed), KPIFigure(.dropped),
        KPIFigure(.employed), KPIFigure(.completed, .ended), KPIFigure(.enrolled, .ended), KPIFigure(.employed, .windowClosed),
        KPIFigure(.completed, .windowClosed), KPIFigure(.employedInRegion), KPIFigure(.attendanceRated),
    ]

    /// … and what the headline and the summary add for the whole of what a filter shows: the open share's numerator
    /// and the capital region's share of hires' (the capital shares of trainees and completers are rows of the capital
    /// table).
    public static let inFilterTotals: [KPIFigure] = [KPIFigure(.completed, .windowOpen), KPIFigure(.employedInCapital)]
}
