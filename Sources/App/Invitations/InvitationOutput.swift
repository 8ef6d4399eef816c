import Foundation
import Vapor

/// What the inviting academy sees: only what it typed itself and the state — never whose account it is.
struct InvitationOutput: Content {
    let id: Int
    let email: String
    let name: String
    let cohortID: Int?
    let role: String
    let state: String
    let createdAt: Date
    let expiresAt: Date

    enum CodingKeys: String, CodingKey {
        case id, email, name, role, state
        case cohortID = "cohort_id"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
    }

    init(_ i: Invitation, now: Date) {
        id = i.id ?? 0
        email = i.email
        name = i.name
        cohortID = i.cohortID
        role = i.role
        state = i.state(at: now).rawValue
        createdAt = i.createdAt
        expiresAt = i.expiresAt
    }
}

/// The answer to an invitation request: the same message whoever holds the address.
struct InvitationSent: Content {
    let invitation: InvitationOutput
    let message: String

    /// 202 with the invitation as the academy typed it.
    static func response(_ invitation: Invitation, _ req: Request) throws -> Response {
        let response = Response(status: .accepted)
        try response.content.encode(InvitationSent(invitation: InvitationOutput(invitation, now: req.now), message: Invitations.sent.in(req.lang)))
        return response
    }
}

/// What the invited person sees of an invitation addressed to them.
struct MyInvitationOutput: Content {
    let id: Int
    let academy: String
    let cohort: String?
    let role: String
    let expiresAt: Date

    enum CodingKeys: String, CodingKey {
        case id, academy, cohort, role
        case expiresAt = "expires_at"
    }
}
