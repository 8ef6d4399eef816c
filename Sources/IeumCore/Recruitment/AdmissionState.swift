import Foundation

/// Where a course application stands. The applicant follows submitted → screening → test → review → selected /
/// waitlisted / not selected; a selected applicant confirms (or declines, or lets the deadline pass) and is then
/// enrolled. Final states are history: the funnel reports on them.
public enum AdmissionState: String, CaseIterable, Sendable, Codable {
    case draft, submitted, ineligible, screening, test, review, selected, waitlisted
    case notSelected = "not_selected"
    case confirmed, declined, lapsed, enrolled, withdrawn

    public var name: Localized {
        switch self {
        case .draft: Localized("작성 중", "Draft")
        case .submitted: Localized("접수", "Submitted")
        case .ineligible: Localized("지원 자격 미충족", "Not eligible")
        case .screening: Localized("서류 검토", "Screening")
        case .test: Localized("코딩 테스트", "Coding test")
        case .review: Localized("심사", "Review")
        case .selected: Localized("선발", "Selected")
        case .waitlisted: Localized("예비 합격", "Waitlisted")
        case .notSelected: Localized("불합격", "Not selected")
        case .confirmed: Localized("등록 확정", "Place confirmed")
        case .declined: Localized("등록 포기", "Declined")
        case .lapsed: Localized("등록 기한 경과", "Not confirmed in time")
        case .enrolled: Localized("입과", "Enrolled")
        case .withdrawn: Localized("지원 취소", "Withdrawn")
        }
    }

    /// Ends the application for this round of selection (a withdrawn one may still be opened again as a new draft).
    public var isFinal: Bool { [.notSelected, .declined, .lapsed, .enrolled, .withdrawn].contains(self) }

    /// Offered a place by a selection (whatever they did with it).
    public var wasSelected: Bool { [.selected, .confirmed, .declined, .lapsed, .enrolled].contains(self) }

    /// A selection has decided this application (selected or waiting).
    public var isPastSelection: Bool { wasSelected || self == .waitlisted }

    /// The applicant may still withdraw.
    public var canWithdraw: Bool { [.draft, .submitted, .ineligible, .screening, .test, .review, .waitlisted, .selected].contains(self) }

    public var allowedNext: [AdmissionState] {
        switch self {
        case .draft: [.submitted, .ineligible, .withdrawn]
        case .ineligible: [.draft, .withdrawn]
        case .submitted: [.screening, .notSelected, .withdrawn]
        case .screening: [.test, .review, .notSelected, .withdrawn]
        case .test: [.review, .notSelected, .withdrawn]
        case .review: [.selected, .waitlisted, .notSelected, .withdrawn]
        case .waitlisted: [.selected, .notSelected, .withdrawn]
        case .selected: [.confirmed, .declined, .lapsed, .withdrawn]
        case .confirmed: [.enrolled, .declined]
        // A withdrawn application may be opened again while applications are open, and is judged afresh.
        case .withdrawn: [.draft]
        case .notSelected, .declined, .lapsed, .enrolled: []
        }
    }

    /// The steps shown to the applicant as a progress line.
    public static let journey: [AdmissionState] = [.submitted, .screening, .test, .review, .selected, .enrolled]
}

public enum AdmissionTransitionError: Error, Equatable, Sendable {
    case notAllowed(from: AdmissionState, to: AdmissionState)

    public var message: Localized {
        switch self {
        case let .notAllowed(from, to):
            Localized("'\(from.name.ko)' 상태의 지원서를 '\(to.name.ko)'(으)로 바꿀 수 없습니다.",
                      "An application that is \(from.name.en.lowercased()) cannot become \(to.name.en.lowercased()).")
        }
    }
}

public enum AdmissionLifecycle {
    public static func check(from: AdmissionState, to: AdmissionState) throws(AdmissionTransitionError) {
        guard from.allowedNext.contains(to) else { throw .notAllowed(from: from, to: to) }
    }
}
