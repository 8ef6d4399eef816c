/// One scheduled training day and, once it has happened, its result.
public struct TrainingDay: Sendable, Equatable {
    public let day: Day
    public let result: DayResult?

    public init(day: Day, result: DayResult?) {
        self.day = day
        self.result = result
    }
}

public struct PeriodSummary: Sendable, Equatable {
    public let period: UnitPeriod
    public let trainingDays: Int
    public let elapsedDays: Int
    public let absentDays: Int
    public let marks: Int
    /// Absences made of marks: `marks / marksPerAbsence`, rounded down.
    public let absencesFromMarks: Int
    public let excusedDays: Int
    /// Excused days beyond their kind's cap, counted as absences.
    public let excusedOverCap: Int
    public let absences: Int
    /// (training days − absences) ÷ training days, the rate the allowance is decided on.
    public let rate: Double
    public let allowanceEligible: Bool
    /// Decided only once every day of the period has happened.
    public let isFinal: Bool
}

public struct CourseSummary: Sendable, Equatable {
    public let periods: [PeriodSummary]
    public let trainingDays: Int
    public let absences: Int
    public let rate: Double
    public let completionEligible: Bool
    /// How many more absences the trainee can have and still complete; negative when already below.
    public let furtherAbsencesAllowed: Int
    public let atRisk: Bool

    /// The number of further absences that would cross the completion threshold.
    public var absencesToFail: Int { max(0, furtherAbsencesAllowed + 1) }
}

extension AttendanceRules {
    /// Days needed for `share` of `days`, rounded up, without floating-point surprises (0.8 × 15 = 12).
    public static func needed(_ share: Double, of days: Int) -> Int {
        let permille = Int((share * 1000).rounded())
        return (permille * days + 999) / 1000
    }

    /// One unit period: "three lates, early leaves or outings (in any mix) within one unit period count as one
    /// absence"; excused days beyond their cap count as absences; "the training allowance needs ≥ 80% attendance
    /// in a unit period".
    public func summarise(period: UnitPeriod, days: [TrainingDay]) -> PeriodSummary {
        let inPeriod = days.filter { period.contains($0.day) }
        let results = inPeriod.compactMap(\.result)
        let absent = results.filter { $0.status == .absent }.count
        let marks = results.reduce(0) { $0 + $1.marks.count }
        var excused = 0, overCap = 0
        for kind in ExcuseKind.allCases {
            let count = results.filter { $0.excuse == kind }.count
            excused += count
            if let cap = excuseCaps[kind] {
                let allowed = Int((cap * 1000).rounded()) * inPeriod.count / 1000
                overCap += max(0, count - allowed)
            }
        }
        let fromMarks = marks / marksPerAbsence
        let absences = absent + fromMarks + overCap
        let rate = inPeriod.isEmpty ? 1 : Double(inPeriod.count - absences) / Double(inPeriod.count)
        let eligible = inPeriod.count - absences >= Self.needed(allowanceThreshold, of: inPeriod.count)
        return PeriodSummary(period: period, trainingDays: inPeriod.count, elapsedDays: results.count, absentDays: absent,
                             marks: marks, absencesFromMarks: fromMarks, excusedDays: excused, excusedOverCap: overCap,
                             absences: absences, rate: rate, allowanceEligible: eligible, isFinal: results.count == inPeriod.count)
    }

    /// The whole course: "completion needs ≥ 80% over the course", and how close the trainee is to missing it.
    /// Days still to come count as attended: the rate is what the trainee keeps if they miss nothing more.
    public func summarise(courseStart: Day, courseEnd: Day, days: [TrainingDay]) -> CourseSummary {
        let periods = unitPeriods(courseStart: courseStart, courseEnd: courseEnd).map { summarise(period: $0, days: days) }
        let training = periods.reduce(0) { $0 + $1.trainingDays }
        let absences = periods.reduce(0) { $0 + $1.absences }
        let needed = Self.needed(completionThreshold, of: training)
        let allowed = training - needed - absences
        return CourseSummary(periods: periods, trainingDays: training, absences: absences,
                             rate: training == 0 ? 1 : Double(training - absences) / Double(training),
                             completionEligible: training - absences >= needed,
                             furtherAbsencesAllowed: allowed, atRisk: allowed <= atRiskMargin)
    }
}
