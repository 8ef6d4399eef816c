/// Skills as bits of a vocabulary of up to 128 names (a program's curricula use a few dozen), so that the overlap of a
/// graduate's and a job's skills is two AND operations and a population count — the matching round compares every
/// graduate with many positions.
public struct SkillSet: Sendable, Equatable, Hashable {
    public var low: UInt64 = 0
    public var high: UInt64 = 0

    public init() {}

    public init(indices: some Sequence<Int>) {
        for index in indices where (0..<128).contains(index) { insert(index) }
    }

    public mutating func insert(_ index: Int) {
        if index < 64 { low |= 1 << UInt64(index) } else { high |= 1 << UInt64(index - 64) }
    }

    public var count: Int { low.nonzeroBitCount + high.nonzeroBitCount }

    public func overlap(_ other: SkillSet) -> Int { (low & other.low).nonzeroBitCount + (high & other.high).nonzeroBitCount }
}

/// Names skills once for a whole round, so that sets of names become `SkillSet`s.
public struct SkillVocabulary: Sendable {
    public private(set) var names: [String] = []
    private var index: [String: Int] = [:]

    public init() {}

    /// nil when the vocabulary is full (128 names); the skill is then left out of matching.
    public mutating func set(_ skills: some Sequence<String>) -> SkillSet {
        var set = SkillSet()
        for name in skills {
            let key = name.lowercased()
            if let i = index[key] { set.insert(i); continue }
            guard names.count < 128 else { continue }
            index[key] = names.count
            set.insert(names.count)
            names.append(key)
        }
        return set
    }
}

public struct GraduateProfile: Sendable, Equatable {
    public let id: Int
    public let skills: SkillSet
    /// Where they trained: a job there ranks first (the program wants graduates to stay in their region).
    public let campusRegion: Region
    public let desiredRegions: Set<Region>
    /// Indices of job types they want; empty means any.
    public let desiredJobTypes: Set<Int>

    public init(id: Int, skills: SkillSet, campusRegion: Region, desiredRegions: Set<Region> = [], desiredJobTypes: Set<Int> = []) {
        self.id = id
        self.skills = skills
        self.campusRegion = campusRegion
        self.desiredRegions = desiredRegions
        self.desiredJobTypes = desiredJobTypes
    }
}

/// A job opening, or an interview slot at a hiring fair, with how many people it takes.
public struct Position: Sendable, Equatable {
    public let id: Int
    public let region: Region
    public let skills: SkillSet
    public let jobType: Int
    public let capacity: Int

    public init(id: Int, region: Region, skills: SkillSet, jobType: Int, capacity: Int) {
        self.id = id
        self.region = region
        self.skills = skills
        self.jobType = jobType
        self.capacity = capacity
    }
}

/// How well a graduate and a position fit, out of 100, and why: the share of the position's skills the graduate
/// has (60), the region (30 when it is where they trained, 20 when they asked for it), the job type (10 when they
/// asked for it, 5 when they did not say). Graduates and employers read the same reasons.
public struct MatchScore: Sendable, Equatable, Comparable {
    public enum RegionFit: String, Sendable { case campusRegion, desired, other }

    public let skillsMatched: Int
    public let skillsWanted: Int
    public let region: RegionFit
    public let jobTypeWanted: Bool?
    public let total: Int

    public static let skillWeight = 60, campusRegionBonus = 30, desiredRegionBonus = 20, jobTypeBonus = 10, anyJobTypeBonus = 5

    public init(_ graduate: GraduateProfile, _ position: Position) {
        skillsMatched = graduate.skills.overlap(position.skills)
        skillsWanted = position.skills.count
        region = position.region == graduate.campusRegion ? .campusRegion
            : graduate.desiredRegions.contains(position.region) ? .desired : .other
        jobTypeWanted = graduate.desiredJobTypes.isEmpty ? nil : graduate.desiredJobTypes.contains(position.jobType)
        let skillPoints = skillsWanted == 0 ? Self.skillWeight : Self.skillWeight * skillsMatched / skillsWanted
        let regionPoints = region == .campusRegion ? Self.campusRegionBonus : region == .desired ? Self.desiredRegionBonus : 0
        let typePoints = jobTypeWanted.map { $0 ? Self.jobTypeBonus : 0 } ?? Self.anyJobTypeBonus
        total = skillPoints + regionPoints + typePoints
    }

    /// The explanation shown beside a recommendation.
    public var reasons: [Localized] {
        var out = [Localized("기술 \(skillsMatched)/\(skillsWanted) 일치", "\(skillsMatched) of \(skillsWanted) skills")]
        switch region {
        case .campusRegion: out.append(Localized("훈련받은 지역의 일자리", "in the region where they trained"))
        case .desired: out.append(Localized("희망 지역", "a region they asked for"))
        case .other: break
        }
        if jobTypeWanted == true { out.append(Localized("희망 직무", "a job type they asked for")) }
        return out
    }

    public static func < (a: MatchScore, b: MatchScore) -> Bool { a.total < b.total }
}
