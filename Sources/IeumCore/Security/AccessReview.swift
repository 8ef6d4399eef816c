import Foundation

/// The monthly review of the personal-data access log (안전성 확보조치 기준 제8조: check access records
/// at least monthly for misuse). Flags people who looked at many people's records, or looked outside
/// working hours.
public struct AccessReview: Sendable {
    public struct Entry: Sendable {
        public let actorID: Int
        public let subjectID: Int?
        public let at: Date

        public init(actorID: Int, subjectID: Int?, at: Date) {
            self.actorID = actorID
            self.subjectID = subjectID
            self.at = at
        }
    }

    public struct Finding: Sendable, Equatable {
        public let actorID: Int
        public let views: Int
        public let distinctPeople: Int
        public let offHoursViews: Int
        public let bulk: Bool

        public var isUnusual: Bool { bulk || offHoursViews > 0 }
    }

    /// More distinct people than this in a month counts as bulk viewing.
    public var bulkThreshold = 200
    /// Working hours in Korea's time: from `dayStart` to `dayEnd` o'clock, Monday to Friday.
    public var dayStart = 8
    public var dayEnd = 20

    public init() {}

    public func isOffHours(_ date: Date) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = KoreanFormats.kst
        let c = calendar.dateComponents([.hour, .weekday], from: date)
        let weekend = c.weekday == 1 || c.weekday == 7
        return weekend || c.hour! < dayStart || c.hour! >= dayEnd
    }

    /// One finding per person who looked, unusual ones first, then by how many people they looked at.
    public func review(_ entries: [Entry]) -> [Finding] {
        var views: [Int: Int] = [:], offHours: [Int: Int] = [:], people: [Int: Set<Int>] = [:]
        for e in entries {
            views[e.actorID, default: 0] += 1
            if isOffHours(e.at) { offHours[e.actorID, default: 0] += 1 }
            if let s = e.subjectID { people[e.actorID, default: []].insert(s) }
        }
        return views.map { actor, count in
            let distinct = people[actor]?.count ?? 0
            return Finding(actorID: actor, views: count, distinctPeople: distinct, offHoursViews: offHours[actor] ?? 0,
                           bulk: distinct > bulkThreshold)
        }.sorted {
            ($0.isUnusual ? 0 : 1, -$0.distinctPeople, $0.actorID) < ($1.isUnusual ? 0 : 1, -$1.distinctPeople, $1.actorID)
        }
    }
}
