import Foundation

/// A cohort's training days: the chosen weekdays between its start and end, without holidays.
public enum TrainingCalendar {
    public static func days(from start: Day, to end: Day, weekdays: Set<Int>, holidays: Set<Day>) -> [Day] {
        var result: [Day] = []
        var day = start
        while day <= end {
            if weekdays.contains(day.weekday) && !holidays.contains(day) { result.append(day) }
            day = day.adding(days: 1)
        }
        return result
    }

    /// Reads "09:00" as minutes since midnight.
    public static func minute(_ text: String) -> MinuteOfDay? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m) else { return nil }
        return h * 60 + m
    }

    public static func clock(_ minute: MinuteOfDay) -> String { String(format: "%02d:%02d", minute / 60, minute % 60) }

    /// Reads breaks written as "12:00-13:00, 15:00-15:10"; nil if any is malformed, backwards or outside the day.
    public static func breaks(_ text: String, within day: ClosedRange<MinuteOfDay>) -> [ClosedRange<MinuteOfDay>]? {
        var result: [ClosedRange<MinuteOfDay>] = []
        for part in text.split(separator: ",") where !part.trimmingCharacters(in: .whitespaces).isEmpty {
            let ends = part.split(separator: "-")
            guard ends.count == 2, let a = minute(String(ends[0])), let b = minute(String(ends[1])), a < b,
                  day.contains(a), day.contains(b) else { return nil }
            result.append(a...b)
        }
        return result.sorted { $0.lowerBound < $1.lowerBound }
    }

    public static func describe(_ breaks: [ClosedRange<MinuteOfDay>]) -> String {
        breaks.map { clock($0.lowerBound) + "-" + clock($0.upperBound) }.joined(separator: ", ")
    }
}
