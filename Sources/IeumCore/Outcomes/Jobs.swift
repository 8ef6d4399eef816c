import Foundation

/// The kinds of IT job the program's graduates go into; a graduate names the ones they want, a posting its own.
public enum JobType: String, CaseIterable, Sendable, Codable {
    case backend, frontend, fullstack, mobile, data, ai, cloud, embedded, security, qa

    public var name: Localized {
        switch self {
        case .backend: Localized("백엔드 개발", "Backend development")
        case .frontend: Localized("프론트엔드 개발", "Frontend development")
        case .fullstack: Localized("풀스택 개발", "Full-stack development")
        case .mobile: Localized("모바일 앱 개발", "Mobile apps")
        case .data: Localized("데이터 엔지니어링·분석", "Data engineering and analysis")
        case .ai: Localized("AI·머신러닝", "AI and machine learning")
        case .cloud: Localized("클라우드·인프라", "Cloud and infrastructure")
        case .embedded: Localized("임베디드·스마트팩토리", "Embedded and smart factory")
        case .security: Localized("정보보안", "Security")
        case .qa: Localized("QA·테스트", "QA and testing")
        }
    }

    /// Its index, as the matching core numbers job types.
    public var index: Int { Self.allCases.firstIndex(of: self)! }
}

/// An application's way through an employer's pipeline. Hired and rejected are final; a hire is an employment.
public enum ApplicationStage: String, CaseIterable, Sendable, Codable {
    case applied, interview, offer, hired, rejected

    public var name: Localized {
        switch self {
        case .applied: Localized("지원", "Applied")
        case .interview: Localized("면접", "Interview")
        case .offer: Localized("제안", "Offer")
        case .hired: Localized("채용", "Hired")
        case .rejected: Localized("불합격", "Not selected")
        }
    }

    public var allowedNext: [ApplicationStage] {
        switch self {
        case .applied: [.interview, .rejected]
        case .interview: [.offer, .rejected]
        case .offer: [.hired, .rejected]
        case .hired, .rejected: []
        }
    }

    public var isFinal: Bool { allowedNext.isEmpty }

    public func canMove(to next: ApplicationStage) -> Bool { allowedNext.contains(next) }
}

/// Skills as people type them: "Swift, Vapor,  postgreSQL" → ["swift", "vapor", "postgresql"], each once, in order.
public enum SkillList {
    public static let maximum = 30

    public static func parse(_ text: String) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for part in text.split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == "·" }) {
            let skill = part.trimmingCharacters(in: .whitespaces).lowercased()
            guard !skill.isEmpty, skill.count <= 40, seen.insert(skill).inserted else { continue }
            out.append(skill)
        }
        return out
    }

    public static func text(_ skills: [String]) -> String { skills.joined(separator: ", ") }
}

/// Scores one graduate against one posting with a vocabulary of their own, so that no skill is ever left out.
public enum Recommendation {
    public static func score(graduateSkills: [String], campusRegion: Region, desiredRegions: Set<Region>, desiredJobTypes: Set<JobType>,
                             jobSkills: [String], jobRegion: Region, jobType: JobType) -> MatchScore {
        var vocabulary = SkillVocabulary()
        let wanted = vocabulary.set(jobSkills)
        let has = vocabulary.set(graduateSkills)
        let graduate = GraduateProfile(id: 0, skills: has, campusRegion: campusRegion, desiredRegions: desiredRegions,
                                       desiredJobTypes: Set(desiredJobTypes.map(\.index)))
        return MatchScore(graduate, Position(id: 0, region: jobRegion, skills: wanted, jobType: jobType.index, capacity: 1))
    }
}

/// Follow-ups of graduates without a job on record, at 1, 3 and 6 months after the course's end; the last one
/// stays due until the 7-month count closes (PROGRAM.md: employment within 6 months, counted up to 7).
public enum FollowUp {
    public static let months = [1, 3, 6]

    /// The latest checkpoint reached by `today` (1, 3 or 6), or nil before the first and after the count closes.
    public static func due(courseEnd: Day, today: Day) -> Int? {
        guard today <= courseEnd.adding(months: EmploymentWindow.countingMonths) else { return nil }
        return months.last { today >= courseEnd.adding(months: $0) }
    }
}
