import Foundation

/// One enrollment, as the KPIs see it.
public struct EnrollmentFacts: Sendable, Equatable {
    public let state: EnrollmentState
    /// For a dropped enrollment, the state it was dropped from: only a drop from training is a drop-out.
    public let droppedFrom: EnrollmentState?
    public let jobs: [JobFact]
    /// The course attendance rate so far (0…1), when there is one.
    public let attendanceRate: Double?

    public init(state: EnrollmentState, droppedFrom: EnrollmentState? = nil, jobs: [JobFact] = [], attendanceRate: Double? = nil) {
        self.state = state
        self.droppedFrom = droppedFrom
        self.jobs = jobs
        self.attendanceRate = attendanceRate
    }

    /// Selected for the course (and not only an applicant), whatever happened next.
    public var isRecruited: Bool {
        switch state {
        case .selected, .enrolled, .completed, .notCompleted: true
        case .dropped: droppedFrom == .selected || droppedFrom == .enrolled
        case .applied: false
        }
    }

    /// Started training: the trainees the program's targets count.
    public var isEnrolled: Bool {
        switch state {
        case .enrolled, .completed, .notCompleted: true
        case .dropped: droppedFrom == .enrolled
        case .applied, .selected: false
        }
    }

    public var isDropOut: Bool { state == .dropped && droppedFrom == .enrolled }
}

/// The counts of one cohort that every KPI is summed from. Kept as a roll-up row per cohort and updated in the
/// transaction of every change to the cohort's enrollments, jobs or attendance (see docs/KPIS.md).
public struct CohortFacts: Sendable, Equatable, Codable {
    public var cohortID: Int
    public var recruited = 0
    public var enrolled = 0
    /// In training now.
    public var active = 0
    public var completed = 0
    public var dropped = 0
    /// Completers with a job that counts under the 6/7-month rule.
    public var employed = 0
    /// … whose job is in the region of the campus where they trained.
    public var employedInRegion = 0
    /// … whose job is in the capital region.
    public var employedInCapital = 0
    public var attendanceRateSum = 0.0
    public var attendanceRated = 0

    public init(cohortID: Int) { self.cohortID = cohortID }

    public init(cohortID: Int, courseEnd: Day, campusRegion: Region?, enrollments: [EnrollmentFacts]) {
        self.cohortID = cohortID
        for e in enrollments {
            if e.isRecruited { recruited += 1 }
            guard e.isEnrolled else { continue }
            enrolled += 1
            if e.state == .enrolled { active += 1 }
            if e.isDropOut { dropped += 1 }
            if let rate = e.attendanceRate {
                attendanceRateSum += rate
                attendanceRated += 1
            }
            guard e.state == .completed else { continue }
            completed += 1
            // The first job that counts is the one the graduate is reported with.
            guard let job = e.jobs.filter({ EmploymentWindow.counts($0, courseEnd: courseEnd) }).min(by: { $0.startsOn < $1.startsOn })
            else { continue }
            employed += 1
            if let region = job.region, region == campusRegion { employedInRegion += 1 }
            if job.region?.isCapitalRegion == true { employedInCapital += 1 }
        }
    }
}

/// A cohort's facts with what the dashboard groups and filters by.
public struct CohortRow: Sendable, Equatable {
    public let facts: CohortFacts
    public let operatorID: Int
    public let campusID: Int
    public let region: Region?
    public let track: String
    public let startsOn: Day
    public let endsOn: Day
    public let capacity: Int

    public init(facts: CohortFacts, operatorID: Int, campusID: Int, region: Region?, track: String,
                startsOn: Day, endsOn: Day, capacity: Int) {
        self.facts = facts
        self.operatorID = operatorID
        self.campusID = campusID
        self.region = region
        self.track = track
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.capacity = capacity
    }

    /// The program year a cohort counts in: the year its training starts.
    public var programYear: Int { startsOn.year }
    public var isCapitalRegion: Bool { region?.isCapitalRegion ?? false }
}
