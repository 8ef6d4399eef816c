/// A unit period (단위기간): a month of the course counted from its start date.
public struct UnitPeriod: Sendable, Equatable {
    public let index: Int
    public let start: Day
    public let end: Day

    public init(index: Int, start: Day, end: Day) {
        self.index = index
        self.start = start
        self.end = end
    }

    public func contains(_ day: Day) -> Bool { start <= day && day <= end }
}

extension AttendanceRules {
    /// Unit periods are monthly, counted from the course's start date (PROGRAM.md): a course starting
    /// 3/15 has 3/15–4/14, 4/15–5/14, …; the last one ends with the course.
    public func unitPeriods(courseStart: Day, courseEnd: Day) -> [UnitPeriod] {
        var periods: [UnitPeriod] = []
        var index = 0
        var start = courseStart
        while start <= courseEnd {
            let next = courseStart.adding(months: index + 1)
            let end = min(next.adding(days: -1), courseEnd)
            periods.append(UnitPeriod(index: index, start: start, end: end))
            index += 1
            start = next
        }
        return periods
    }
}
