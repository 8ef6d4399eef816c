import Foundation

public enum EducationLevel: String, CaseIterable, Sendable, Codable {
    case highSchool = "high_school", college, university, graduate

    public var name: Localized {
        switch self {
        case .highSchool: Localized("고등학교 졸업", "High school")
        case .college: Localized("전문대학 졸업(예정)", "Two-year college")
        case .university: Localized("대학교 졸업(예정)", "University")
        case .graduate: Localized("대학원 졸업(예정)", "Graduate school")
        }
    }
}

public enum EmploymentStatus: String, CaseIterable, Sendable, Codable {
    case unemployed, student, employed, selfEmployed = "self_employed"

    public var name: Localized {
        switch self {
        case .unemployed: Localized("미취업", "Not employed")
        case .student: Localized("재학 중", "Student")
        case .employed: Localized("재직 중", "Employed")
        case .selfEmployed: Localized("자영업", "Self-employed")
        }
    }
}

/// What an application says about the applicant that rules can test.
public struct ApplicantFacts: Sendable, Equatable {
    public let birthDate: Day?
    public let residence: Region?
    public let education: EducationLevel?
    public let employment: EmploymentStatus?
    /// Enrolled now in another publicly funded course (one at a time).
    public let inOtherFundedCourse: Bool

    public init(birthDate: Day?, residence: Region?, education: EducationLevel?, employment: EmploymentStatus?, inOtherFundedCourse: Bool) {
        self.birthDate = birthDate
        self.residence = residence
        self.education = education
        self.employment = employment
        self.inOtherFundedCourse = inOtherFundedCourse
    }
}

/// One condition of a course's eligibility, stored as data so each course declares its own.
public enum EligibilityRule: Sendable, Equatable, Codable {
    /// Age in full years on the reference day (the course's start), inclusive bounds.
    case age(min: Int?, max: Int?)
    case residence(in: [Region])
    case notInOtherFundedCourse
    case education(oneOf: [EducationLevel])
    case employment(oneOf: [EmploymentStatus])

    public var description: Localized {
        switch self {
        case let .age(min, max):
            switch (min, max) {
            case let (lo?, hi?): return Localized("만 \(lo)세 이상 \(hi)세 이하", "Aged \(lo) to \(hi)")
            case let (lo?, nil): return Localized("만 \(lo)세 이상", "Aged \(lo) or over")
            case let (nil, hi?): return Localized("만 \(hi)세 이하", "Aged \(hi) or under")
            case (nil, nil): return Localized("나이 제한 없음", "Any age")
            }
        case let .residence(regions):
            return Localized("거주지: \(regions.map(\.name.ko).joined(separator: ", "))", "Living in \(regions.map(\.name.en).joined(separator: ", "))")
        case .notInOtherFundedCourse:
            return Localized("다른 국비 지원 과정을 수강 중이 아닐 것", "Not in another publicly funded course")
        case let .education(levels):
            return Localized("학력: \(levels.map(\.name.ko).joined(separator: ", "))", "Education: \(levels.map(\.name.en).joined(separator: ", "))")
        case let .employment(statuses):
            return Localized("취업 상태: \(statuses.map(\.name.ko).joined(separator: ", "))", "Employment: \(statuses.map(\.name.en).joined(separator: ", "))")
        }
    }
}

public enum Eligibility {
    /// Full years between a birth date and a day (a birthday on 29 February counts on 1 March in other years).
    public static func age(born: Day, on day: Day) -> Int {
        var years = day.year - born.year
        if (day.month, day.day) < (born.month, born.day) { years -= 1 }
        return years
    }

    /// Every rule the applicant does not meet, in plain words; empty means eligible.
    public static func failures(_ rules: [EligibilityRule], facts: ApplicantFacts, on day: Day) -> [Localized] {
        rules.compactMap { rule -> Localized? in
            switch rule {
            case let .age(min, max):
                guard let born = facts.birthDate else {
                    return Localized("생년월일을 적어야 나이 조건(\(rule.description.ko))을 확인할 수 있습니다.",
                                     "Give your date of birth so the age condition (\(rule.description.en.lowercased())) can be checked.")
                }
                let years = age(born: born, on: day)
                if let min, years < min {
                    return Localized("\(day) 기준 만 \(years)세로, 만 \(min)세 이상이어야 합니다.", "On \(day) you will be \(years); the course needs \(min) or over.")
                }
                if let max, years > max {
                    return Localized("\(day) 기준 만 \(years)세로, 만 \(max)세 이하여야 합니다.", "On \(day) you will be \(years); the course needs \(max) or under.")
                }
                return nil
            case let .residence(regions):
                guard let residence = facts.residence, regions.contains(residence) else {
                    return Localized("이 과정은 \(regions.map(\.name.ko).joined(separator: ", ")) 거주자만 지원할 수 있습니다.",
                                     "This course is for people living in \(regions.map(\.name.en).joined(separator: ", ")).")
                }
                return nil
            case .notInOtherFundedCourse:
                return facts.inOtherFundedCourse
                    ? Localized("다른 국비 지원 과정을 수강 중이어서 지원할 수 없습니다. 그 과정이 끝난 뒤 지원하세요.",
                                "You are in another publicly funded course; apply once it has ended.")
                    : nil
            case let .education(levels):
                guard let education = facts.education, levels.contains(education) else {
                    return Localized("학력 조건(\(levels.map(\.name.ko).joined(separator: ", ")))에 맞지 않습니다.",
                                     "The course asks for: \(levels.map(\.name.en).joined(separator: ", ")).")
                }
                return nil
            case let .employment(statuses):
                guard let employment = facts.employment, statuses.contains(employment) else {
                    return Localized("취업 상태 조건(\(statuses.map(\.name.ko).joined(separator: ", ")))에 맞지 않습니다.",
                                     "The course is for: \(statuses.map(\.name.en).joined(separator: ", ")).")
                }
                return nil
            }
        }
    }
}
