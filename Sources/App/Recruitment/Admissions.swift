import Fluent
import Foundation
import IeumCore
import Vapor

/// Changes to applications, each one checked by `AdmissionLifecycle`, kept as an event and told to the applicant
/// through the outbox — all in the caller's transaction.
enum Admissions {
    static let staleMessage = Localized("다른 사람이 먼저 이 지원서를 바꿨습니다. 새로 고친 뒤 다시 하세요.",
                                        "Someone else changed this application first. Reload and try again.")

    static func move(_ a: Admission, to: AdmissionState, actor: Int?, note: String? = nil, now: Date, on db: any Database) async throws {
        let from = a.status
        do { try AdmissionLifecycle.check(from: from, to: to) } catch { throw AppError.conflict(error.message) }
        // The state we read must still be there: a concurrent change finds no row and the transaction ends.
        try await Admission.query(on: db).filter(\.$id == a.requireID()).filter(\.$state == from.rawValue)
            .set(\.$state, to: to.rawValue).set(\.$stateChangedAt, to: now).set(\.$updatedAt, to: now).update()
        guard try await Admission.find(a.requireID(), on: db)?.state == to.rawValue else { throw AppError.conflict(staleMessage) }
        a.state = to.rawValue
        a.stateChangedAt = now
        a.updatedAt = now
        try await AdmissionEvent(admissionID: a.requireID(), from: from, to: to, actorID: actor, note: note, at: now).create(on: db)
        try await notify(a, of: to, note: note, now: now, on: db)
    }

    static func notify(_ a: Admission, of state: AdmissionState, note: String?, now: Date, on db: any Database) async throws {
        guard state != .draft, let person = try await Person.find(a.personID, on: db),
              let cohort = try await Cohort.query(on: db).filter(\.$id == a.cohortID).with(\.$course).first() else { return }
        let course = "\(cohort.course.title) (\(cohort.name))"
        var ko = "\(course) 지원서가 '\(state.name.ko)' 단계가 되었습니다."
        var en = "Your application to \(course) is now: \(state.name.en)."
        switch state {
        case .submitted: ko += " 접수되었습니다. 진행 상황은 이음에서 확인하세요."; en += " It has been received; follow it on Ieum."
        case .ineligible:
            ko += " 맞지 않는 조건: " + a.failures.map(\.ko).joined(separator: " ")
            en += " Conditions not met: " + a.failures.map(\.en).joined(separator: " ")
        case .test: ko += " 이음에서 코딩 테스트를 시작할 수 있습니다."; en += " You can now start the coding test on Ieum."
        case .selected:
            if let by = a.confirmBy {
                ko += " \(KoreanFormats.dateTime(by))까지 등록을 확정하세요."
                en += " Confirm your place by \(KoreanFormats.dateTime(by)) (KST)."
            }
        case .enrolled: ko += " 입과를 축하합니다."; en += " Welcome to the course."
        default: break
        }
        if let note, !note.isEmpty, state == .notSelected || state == .withdrawn { ko += " (\(note))"; en += " (\(note))" }
        try await Outbox.send(to: person, subject: Localized("[이음] 지원 상태: \(state.name.ko)", "[Ieum] Application: \(state.name.en)"),
                              body: Localized(ko, en), link: RecruitmentRoutes.admission(a.id ?? 0), now: now, on: db)
    }

    /// Whether the platform knows the person is now in a funded course (selected or enrolled somewhere else).
    static func inFundedCourse(personID: Int, except cohortID: Int, on db: any Database) async throws -> Bool {
        try await Enrollment.query(on: db).filter(\.$person.$id == personID).filter(\.$cohort.$id != cohortID)
            .filter(\.$state ~~ [EnrollmentState.selected.rawValue, EnrollmentState.enrolled.rawValue]).count() > 0
    }

    /// The eligibility rules an application does not meet, judged on the course's start day.
    static func failures(_ a: Admission, recruitment: Recruitment, cohort: Cohort, on db: any Database) async throws -> [Localized] {
        let known = try await inFundedCourse(personID: a.personID, except: a.cohortID, on: db)
        let f = a.facts
        let facts = ApplicantFacts(birthDate: f.birthDate, residence: f.residence, education: f.education, employment: f.employment,
                                   inOtherFundedCourse: f.inOtherFundedCourse || known)
        return Eligibility.failures(recruitment.rules, facts: facts, on: Day(cohort.startsOn) ?? Day(Date()))
    }

    /// Turns a confirmed applicant into an enrolled trainee of the cohort: the person, their details and a trainee
    /// grant are already there, so nothing is typed again.
    static func enroll(_ a: Admission, cohort: Cohort, actor: Int, now: Date, on db: any Database) async throws {
        var enrollment = try await Enrollment.query(on: db).filter(\.$person.$id == a.personID).filter(\.$cohort.$id == a.cohortID).first()
        if enrollment == nil {
            let made = try Enrollment(personID: a.personID, cohort: cohort, state: EnrollmentState.enrolled.rawValue, at: now)
            try await made.create(on: db)
            for (from, to) in [(nil, EnrollmentState.applied), (.applied, .selected), (.selected, .enrolled)] as [(EnrollmentState?, EnrollmentState)] {
                try await EnrollmentTransition(enrollmentID: made.requireID(), from: from?.rawValue, to: to.rawValue,
                                               reason: "선발 #\(a.id ?? 0)", actorID: actor, at: now).create(on: db)
            }
            enrollment = made
        }
        let grants = try await RoleGrant.query(on: db).filter(\.$person.$id == a.personID).filter(\.$role == Role.trainee.rawValue)
            .filter(\.$revokedAt == nil).all()
        if !grants.contains(where: { $0.operatorID == cohort.operatorID }) {
            try await RoleGrants.create(Grant(role: .trainee, operatorID: cohort.operatorID, campusID: nil, employerID: nil),
                                        for: a.personID, by: actor, on: db)
        }
        a.enrollmentID = try enrollment!.requireID()
        try await a.save(on: db)
        try await move(a, to: .enrolled, actor: actor, now: now, on: db)
    }
}
