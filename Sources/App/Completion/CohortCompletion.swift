import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

/// One trainee at the cohort's close: the rules' proposal and, once decided, the decision.
struct CompletionRow: Sendable {
    let enrollment: Enrollment
    let name: String
    let proposal: CompletionProposal
    let decision: CompletionDecision?
    let credentialID: String?
}

struct CompletionChoice: Sendable {
    let outcome: CompletionOutcome
    let reason: String?
}

/// Closing a cohort: each trainee's outcome proposed from the attendance ledger and the gradebook, confirmed or
/// overridden by staff, applied in one transaction with the enrollment history, the decisions and certificates.
enum CohortCompletion {
    static func rows(_ cohort: Cohort, today: Day, on db: any Database) async throws -> [CompletionRow] {
        let cohortID = try cohort.requireID()
        let enrollments = try await Enrollment.query(on: db).filter(\.$cohort.$id == cohortID)
            .filter(\.$state ~~ [EnrollmentState.enrolled, .completed, .notCompleted].map(\.rawValue))
            .with(\.$person).all().sorted { $0.person.name < $1.person.name }
        let course = try await Course.find(cohort.$course.id, on: db)
        let requirement = course?.assessmentRequirement ?? .none
        let ledger = try await CohortLedger.load(cohort, today: today, on: db)
        let book = try await GradebookController.build(cohort, on: db)
        let cells = Dictionary(book.trainees.map { ($0.personID, $0.cells) }, uniquingKeysWith: { a, _ in a })
        let decisions = Dictionary(try await CompletionDecision.query(on: db).filter(\.$cohortID == cohortID).all()
            .map { ($0.$enrollment.id, $0) }, uniquingKeysWith: { a, _ in a })
        let credentials = Dictionary(try await IssuedCredential.query(on: db).filter(\.$cohortID == cohortID).all()
            .map { ($0.$enrollment.id, $0.publicID) }, uniquingKeysWith: { a, _ in a })
        return enrollments.map { e in
            let personCells = cells[e.$person.id] ?? [:]
            let assessments = book.assignments.map { a in
                AssessmentResult(title: a.title, score: personCells[String(a.id)]?.best, points: a.points)
            }
            let facts = CompletionFacts(attendance: ledger.summary(of: e.$person.id), assessments: assessments)
            let proposal = CompletionRules.propose(facts, requirement: requirement, rules: ledger.rules)
            return CompletionRow(enrollment: e, name: e.person.name, proposal: proposal, decision: decisions[e.id ?? 0],
                                 credentialID: credentials[e.id ?? 0])
        }
    }

    /// Why a cohort cannot be closed now, if it cannot.
    static func closingBlocked(_ cohort: Cohort, today: Day) -> Localized? {
        if cohort.closedAt != nil {
            return Localized("이미 수료 처리를 마친 기수입니다.", "This cohort has already been closed.")
        }
        if let end = Day(cohort.endsOn), today <= end {
            return Localized("종강일(\(cohort.endsOn)) 다음 날부터 수료 처리를 할 수 있습니다. 마지막 훈련일의 출결은 그날 자정에 확정됩니다.",
                             "A cohort can be closed from the day after its end date (\(cohort.endsOn)): the last day's attendance is settled at midnight.")
        }
        return nil
    }

    /// Reads one choice per trainee still in training (`outcome_<enrollment id>`, `reason_<enrollment id>`);
    /// a missing outcome takes the proposal; a choice against the proposal needs a reason.
    static func choices(_ rows: [CompletionRow], values: [String: String]) throws(ValidationFailure) -> [Int: CompletionChoice] {
        var errors: [FieldError] = []
        var choices: [Int: CompletionChoice] = [:]
        for row in rows where row.enrollment.state == EnrollmentState.enrolled.rawValue {
            let id = row.enrollment.id ?? 0
            let raw = values["outcome_\(id)"]?.trimmingCharacters(in: .whitespaces) ?? ""
            guard let outcome = raw.isEmpty ? row.proposal.outcome : CompletionOutcome(rawValue: raw) else {
                errors.append(FieldError(field: "outcome_\(id)", message: Localized("수료 또는 미수료를 고르세요.", "Choose completed or not completed.")))
                continue
            }
            let reason = values["reason_\(id)"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if outcome != row.proposal.outcome && reason.isEmpty {
                errors.append(FieldError(field: "reason_\(id)", message: Localized(
                    "규칙의 제안과 다르게 정하려면 사유를 적으세요.", "Give a reason for deciding against the rules' proposal.")))
                continue
            }
            if reason.count > 500 {
                errors.append(FieldError(field: "reason_\(id)", message: Localized("사유는 500자 이내로 적으세요.", "Keep the reason under 500 characters.")))
                continue
            }
            choices[id] = CompletionChoice(outcome: outcome, reason: reason.isEmpty ? nil : reason)
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        return choices
    }

    struct Closed: Content {
        let completed: Int
        let notCompleted: Int
        let credentialsIssued: Int
        enum CodingKeys: String, CodingKey {
            case completed
            case notCompleted = "not_completed"
            case credentialsIssued = "credentials_issued"
        }
    }

    static func close(_ cohort: Cohort, rows: [CompletionRow], choices: [Int: CompletionChoice], actor: Int, base: String,
                      now: Date, cipher: FieldCipher, on db: any Database) async throws -> Closed {
        let cohortID = try cohort.requireID()
        let signer = try await CredentialIssuer.signer(forOperator: cohort.operatorID, cipher: cipher, on: db)
        return try await db.transaction { db in
            // A second, concurrent close finds the cohort closed; were both to read it open, the unique decision per
            // enrollment stops the second.
            guard let current = try await Cohort.find(cohortID, on: db), current.closedAt == nil else {
                throw AppError.conflict(Localized("다른 사람이 먼저 수료 처리를 했습니다.", "Someone else closed this cohort first."))
            }
            current.closedAt = now
            current.closedBy = actor
            try await current.update(on: db)
            var closed = Closed(completed: 0, notCompleted: 0, credentialsIssued: 0)
            for row in rows where row.enrollment.state == EnrollmentState.enrolled.rawValue {
                let enrollmentID = try row.enrollment.requireID()
                guard let choice = choices[enrollmentID] else { continue }
                let overridden = choice.outcome != row.proposal.outcome
                let ruleText = (row.proposal.unmet.isEmpty ? row.proposal.met : row.proposal.unmet).map(\.ko).joined(separator: "; ")
                let reason = choice.reason ?? (choice.outcome == .completed ? "수료 기준 충족: \(ruleText)" : "수료 기준 미달: \(ruleText)")
                try await Enrollment.query(on: db).filter(\.$id == enrollmentID).filter(\.$state == EnrollmentState.enrolled.rawValue)
                    .set(\.$state, to: choice.outcome.state.rawValue).set(\.$stateChangedAt, to: now).update()
                try await EnrollmentTransition(enrollmentID: enrollmentID, from: EnrollmentState.enrolled.rawValue,
                                               to: choice.outcome.state.rawValue, reason: String(reason.prefix(1000)),
                                               actorID: actor, at: now).create(on: db)
                let decision = CompletionDecision()
                decision.$enrollment.id = enrollmentID
                decision.cohortID = cohortID
                decision.operatorID = cohort.operatorID
                decision.campusID = cohort.$campus.id
                decision.proposed = row.proposal.outcome.rawValue
                decision.decided = choice.outcome.rawValue
                decision.overrideReason = overridden ? choice.reason : nil
                decision.facts = String(decoding: try JSONEncoder.sorted.encode(["met": row.proposal.met, "unmet": row.proposal.unmet]), as: UTF8.self)
                decision.decidedBy = actor
                decision.decidedAt = now
                try await decision.create(on: db)
                if choice.outcome == .completed {
                    closed = Closed(completed: closed.completed + 1, notCompleted: closed.notCompleted, credentialsIssued: closed.credentialsIssued + 1)
                    row.enrollment.state = EnrollmentState.completed.rawValue
                    _ = try await CredentialIssuer.issue(for: row.enrollment, base: base, signer: signer, at: now, on: db)
                } else {
                    closed = Closed(completed: closed.completed, notCompleted: closed.notCompleted + 1, credentialsIssued: closed.credentialsIssued)
                }
            }
            try await KPIRollup.refresh(cohorts: [cohortID], on: db)
            return closed
        }
    }
}
