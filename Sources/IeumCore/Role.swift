public enum Role: String, CaseIterable, Sendable, Codable {
    case programManager = "program_manager"
    case operatorAdmin = "operator_admin"
    case campusStaff = "campus_staff"
    case mentor
    case trainee
    case employer
    /// Someone who signed up to apply for a course; a selected applicant also becomes a trainee.
    case applicant

    /// Staff roles see many people's records (PROGRAM.md, personal data safeguards).
    public var isStaff: Bool {
        switch self {
        case .programManager, .operatorAdmin, .campusStaff: true
        case .mentor, .trainee, .employer, .applicant: false
        }
    }

    public var name: Localized {
        switch self {
        case .programManager: Localized("사업 관리자", "Program manager")
        case .operatorAdmin: Localized("운영기관 관리자", "Operator admin")
        case .campusStaff: Localized("캠퍼스 담당자", "Campus staff")
        case .mentor: Localized("멘토", "Mentor")
        case .trainee: Localized("교육생", "Trainee")
        case .employer: Localized("채용기업 담당자", "Employer")
        case .applicant: Localized("지원자", "Applicant")
        }
    }
}
