import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

/// One trainee at the cohort's close: the rules' proposal (for a decided trainee, as the rules saw it then) and,
/// once decided, the decision.
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

/// The facts a decision keeps: the reasons the rules gave, met and unmet.
struct DecisionFacts: Codable {
    let met: [Localized]
    let unmet: [Localized]
}

/// Closing a cohort: each trainee's outcome proposed from the attendance ledger and the gradebook, confirmed or
/// overridden by staff, applied in one transaction with the enrollment history, the decisions and certificates.
enum CohortCompletion {
    static func rows(_ cohort: Cohort, course: Course, today: Day, on db: any Database) async throws -> [CompletionRow] {
        let cohortID = try cohort.requireID()
        let enrollments = try await Enrollment.query(on: db).filter(\.$cohort.$id == cohortID)
            .filter(\.$state ~~ [EnrollmentState.enrolled, .completed, .notCompleted].map(\.rawValue))
            .with(\.$person).all().sorted { $0.person.name < $1.person.name }
        let decisions = Dictionary(try await CompletionDecision.query(on: db).filter(\.$cohortID == cohortID).all()
            .map { ($0.$enrollment.id, $0) }, uniquingKeysWith: { a, _ in a })
        let credentials = Dictionary(try await IssuedCredential.query(on: db).filter(\.$cohortID == cohortID).all()
            .map { ($0.$enrollment.id, $0.publicID) }, uniquingKeysWith: { a, _ in a })
        // The ledger and the gradebook are read only while someone is still to be decided.
        var live: ((Int) -> CompletionProposal)?
        if enrollments.contains(where: { decisions[$0.id ?? 0] == nil }) {
            let ledger = try await CohortLedger.load(cohort, today: today, on: db)
            let book = try await GradebookController.build(cohort, on: db)
            let cells = Dictionary(book.trainees.map { ($0.personID, $0.cells) }, uniquingKeysWith: { a, _ in a })
            live = { personID in
                let assessments = book.assignments.map { a in
                    AssessmentResult(title: a.title, score: cells[personID]?[String(a.id)]?.best, points: a.points)
                }
                return CompletionRules.propose(CompletionFacts(attendance: ledger.summary(of: personID), assessments: assessments),
                                               requirement: course.assessmentRequirement, rules: ledger.rules)
            }
        }
        return enrollments.map { e in
            let decision = decisions[e.id ?? 0]
            let proposal: CompletionProposal
            if let decision, let outcome = CompletionOutcome(rawValue: decision.proposed),
               let facts = try? JSONDecoder().decode(DecisionFacts.self, from: Data(decision.facts.utf8)) {
                proposal = CompletionProposal(outcome: outcome, unmet: facts.unmet, met: facts.met)
            } else {
                proposal = live?(e.$person.id) ?? CompletionProposal(outcome: .notCompleted, unmet: [], met: [])
            }
            return CompletionRow(enrollment: e, name: e.person.name, proposal: proposal, decision: decision,
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
        var completed = 0
        var notCompleted = 0
        var credentialsIssued = 0
        enum CodingKeys: String, CodingKey {
            case completed
            case notCompleted = "not_completed"
            case credentialsIssued = "credentials_issued"
        }
    }

    static func close(_ cohort: Cohort, rows: [CompletionRow], choices: [Int: CompletionChoice], actor: Int, base: String,
                      now: Date, cipher: FieldCipher, on db: any Database) async throws -> Closed {
        let cohortID = try cohort.requireID()
        let signer = try await IssuerKeys.signer(forOperator: cohort.operatorID, cipher: cipher, on: db)
        return try await db.writeTransaction { db in
            // A second, concurrent close finds the cohort closed; were both to read it open, the unique decision per
            // enrollment stops the second.
            guard let current = try await Cohort.find(cohortID, on: db), current.closedAt == nil else {
                throw AppError.conflict(Localized("다른 사람이 먼저 수료 처리를 했습니다.", "Someone else closed this cohort first."))
            }
            current.closedAt = now
            current.closedBy = actor
            try await current.update(on: db)
            var closed = Closed()
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
                decision.facts = String(decoding: try JSONEncoder.sorted.encode(DecisionFacts(met: row.proposal.met, unmet: row.proposal.unmet)), as: UTF8.self)
                decision.decidedBy = actor
                decision.decidedAt = now
                try await decision.create(on: db)
                if choice.outcome == .completed {
                    closed.completed += 1
                    closed.credentialsIssued += 1
                    row.enrollment.state = EnrollmentState.completed.rawValue
                    _ = try await CredentialIssuer.issue(for: row.enrollment, base: base, signer: signer, at: now, on: db)
                } else {
                    closed.notCompleted += 1
                }
            }
            try await KPIRollup.refresh(cohorts: [cohortID], on: db)
            return closed
        }
    }
}
