import Fluent
import IeumCore
import Vapor

/// Bringing someone into an academy by consent (issue 21). An operator reaches only people it already sees
/// (through an enrollment, an application or a role with it); anyone else — whether they hold an account, are
/// another academy's trainee or are nobody yet — gets an invitation, and the operator is told the same thing in
/// every case. The person accepts in their own account; only then does the operator see them.
enum Invitations {
    static let lifetime: TimeInterval = 14 * 86_400

    /// The one answer an operator gets for an address it cannot see, whoever holds it.
    static let sent = Localized(
        "이 주소로 초대할 수 있으면 초대장을 보냈습니다. 받는 분이 자기 계정에서 수락하면 명단에 나타납니다.",
        "If this address can be invited, an invitation has been sent. The person appears in your lists once they accept it in their own account.")

    struct Target: Sendable {
        let email: String
        let name: String
        var phone: String? = nil
        var birthDate: String? = nil
        var region: String? = nil
    }

    enum Place: Sendable {
        case cohort(Cohort, start: EnrollmentState)
        case role(Grant)

        var operatorID: Int? {
            switch self {
            case let .cohort(c, _): c.operatorID
            case let .role(g): g.operatorID
            }
        }
    }

    /// Makes the invitation (or finds the one still pending for the same address and place). Inside the caller's
    /// transaction; queues the message to the person unless the invitation is withheld.
    static func invite(_ target: Target, to place: Place, by actor: Int, base: String, now: Date, on db: any Database) async throws -> Invitation {
        guard let operatorID = place.operatorID else { throw AppError.badRequest(Localized("운영기관을 고르세요.", "Choose an operator.")) }
        let email = target.email.lowercased()
        var pending = Invitation.query(on: db).filter(\.$email == email).filter(\.$state == Invitation.State.pending.rawValue)
            .filter(\.$expiresAt > now).filter(\.$operatorID == operatorID)
        switch place {
        case let .cohort(cohort, _): pending = pending.filter(\.$cohortID == (try cohort.requireID()))
        case let .role(grant): pending = pending.filter(\.$cohortID == nil).filter(\.$role == grant.role.rawValue).filter(\.$campusID == grant.campusID)
        }
        if let existing = try await pending.first() { return existing }

        let person = try await account(for: target, email: email, now: now, on: db)
        let invitation = Invitation()
        invitation.operatorID = operatorID
        switch place {
        case let .cohort(cohort, start):
            invitation.cohortID = try cohort.requireID()
            invitation.campusID = cohort.$campus.id
            invitation.role = Role.trainee.rawValue
            invitation.startState = start.rawValue
        case let .role(grant):
            invitation.campusID = grant.campusID
            invitation.role = grant.role.rawValue
        }
        invitation.email = email
        invitation.name = target.name
        invitation.personID = try person.requireID()
        let token = Tokens.random()
        invitation.tokenHash = Tokens.hash(token)
        invitation.state = Invitation.State.pending.rawValue
        invitation.withheld = try await withholding(person, operatorID: operatorID, on: db)
        invitation.invitedBy = actor
        invitation.createdAt = now
        invitation.expiresAt = now.addingTimeInterval(lifetime)
        try await invitation.create(on: db)
        if invitation.withheld == nil {
            try await notify(person, of: invitation, token: token, base: base, now: now, on: db)
        }
        return invitation
    }

    /// The account the address belongs to, or a new one without a password: the person sets one from the e-mail.
    static func account(for target: Target, email: String, now: Date, on db: any Database) async throws -> Person {
        if let found = try await Person.query(on: db).filter(\.$email == email).first() { return found }
        let person = Person(name: target.name, email: email, phone: target.phone, birthDate: target.birthDate, residenceRegion: target.region)
        try await person.create(on: db)
        return person
    }

    /// Another academy's staff, and program managers, cannot be pulled into an academy (issue 21): nothing is sent,
    /// and the operator sees the same pending invitation as for anyone else until it expires.
    static func withholding(_ person: Person, operatorID: Int, on db: any Database) async throws -> String? {
        let grants = try await SessionStore.activeGrants(of: person.requireID(), on: db)
        if grants.contains(where: { $0.role == .programManager }) { return "program manager" }
        if grants.contains(where: { $0.role.isStaff && $0.operatorID != operatorID }) { return "staff of another academy" }
        return nil
    }

    static func notify(_ person: Person, of invitation: Invitation, token: String, base: String, now: Date, on db: any Database) async throws {
        let academy = try await Operator.find(invitation.operatorID, on: db)?.name ?? ""
        var place = Localized(academy, academy)
        if let cohortID = invitation.cohortID, let cohort = try await Cohort.find(cohortID, on: db) {
            place = Localized("\(academy) \(cohort.name)", "\(cohort.name) at \(academy)")
        } else if let role = Role(rawValue: invitation.role) {
            place = Localized("\(academy)의 \(role.name.ko)", "\(role.name.en) at \(academy)")
        }
        try await Outbox.send(
            to: person,
            subject: Localized("[이음] \(place.ko) 초대", "[Ieum] Invitation: \(place.en)"),
            body: Localized(
                "\(place.ko)에 초대되었습니다. 수락하면 \(academy)가 이음에서 회원님의 이름과 연락처, 훈련 기록을 볼 수 있습니다. 수락하거나 거절하려면 아래 주소를 여세요(14일 동안 유효). 모르는 초대라면 그대로 두세요.",
                "You have been invited to \(place.en). If you accept, \(academy) can see your name, contact details and training records in Ieum. Open the link below to accept or decline (valid for 14 days). If you did not expect this, ignore it."),
            link: base + InvitationRoutes.claim.url(["token": token]), now: now, on: db)
    }

    /// The invitation whose link carries this token, while it can still be answered.
    static func byToken(_ token: String, now: Date, on db: any Database) async throws -> Invitation? {
        guard !token.isEmpty, token.count <= 100,
              let invitation = try await Invitation.query(on: db).filter(\.$tokenHash == Tokens.hash(token)).first(),
              invitation.state(at: now) == .pending, invitation.withheld == nil else { return nil }
        return invitation
    }

    /// The person accepts: the enrollment or role is made in one transaction with the answer.
    static func accept(_ invitation: Invitation, by personID: Int, now: Date, on db: any Database) async throws {
        guard invitation.personID == personID, invitation.state(at: now) == .pending, invitation.withheld == nil else {
            throw AppError.notFound()
        }
        try await db.writeTransaction { tx in
            // Only a still-pending invitation turns accepted: a second, concurrent answer finds it answered.
            try await Invitation.query(on: tx).filter(\.$id == invitation.requireID())
                .filter(\.$state == Invitation.State.pending.rawValue)
                .set(\.$state, to: Invitation.State.accepted.rawValue).set(\.$decidedAt, to: now).update()
            guard try await Invitation.find(invitation.requireID(), on: tx)?.state == Invitation.State.accepted.rawValue else {
                throw AppError.conflict(Localized("이미 답한 초대입니다.", "This invitation was already answered."))
            }
            if let cohortID = invitation.cohortID {
                try await joinCohort(cohortID, invitation: invitation, personID: personID, now: now, on: tx)
            } else if let role = Role(rawValue: invitation.role) {
                let grant = Grant(role: role, operatorID: invitation.operatorID, campusID: invitation.campusID, employerID: nil)
                try await RoleGrants.create(grant, for: personID, by: invitation.invitedBy, on: tx)
            }
        }
        invitation.state = Invitation.State.accepted.rawValue
        invitation.decidedAt = now
    }

    static func joinCohort(_ cohortID: Int, invitation: Invitation, personID: Int, now: Date, on db: any Database) async throws {
        guard let cohort = try await Cohort.find(cohortID, on: db) else { throw AppError.notFound() }
        if try await Enrollment.query(on: db).filter(\.$cohort.$id == cohortID).filter(\.$person.$id == personID).first() != nil {
            return   // already in the cohort (e.g. enrolled by another path meanwhile): accepting changes nothing
        }
        let start = EnrollmentState(rawValue: invitation.startState ?? "") ?? .applied
        if start == .enrolled, try await EnrollmentActions.seatsLeft(in: cohort, on: db) <= 0 {
            throw AppError.conflict(Localized("정원이 모두 차서 지금은 수락할 수 없습니다. 운영기관에 문의하세요.",
                                              "The cohort is full, so the invitation cannot be accepted now. Ask the academy."))
        }
        let enrollment = try Enrollment(personID: personID, cohort: cohort, state: start.rawValue, at: now)
        try await enrollment.create(on: db)
        try await EnrollmentTransition(enrollmentID: try enrollment.requireID(), from: nil, to: start.rawValue,
                                       reason: "초대 수락 / invitation accepted", actorID: personID, at: now).create(on: db)
        let grants = try await SessionStore.activeGrants(of: personID, on: db)
        if !grants.contains(where: { $0.role == .trainee && $0.operatorID == cohort.operatorID }) {
            try await RoleGrants.create(Grant(role: .trainee, operatorID: cohort.operatorID, campusID: nil, employerID: nil),
                                        for: personID, by: invitation.invitedBy, on: db)
        }
        try await KPIRollup.refresh(cohorts: [cohortID], on: db)
    }

    static func decline(_ invitation: Invitation, by personID: Int, now: Date, on db: any Database) async throws {
        guard invitation.personID == personID, invitation.state(at: now) == .pending else { throw AppError.notFound() }
        try await Invitation.query(on: db).filter(\.$id == invitation.requireID()).filter(\.$state == Invitation.State.pending.rawValue)
            .set(\.$state, to: Invitation.State.declined.rawValue).set(\.$decidedAt, to: now).update()
        invitation.state = Invitation.State.declined.rawValue
        invitation.decidedAt = now
    }
}
