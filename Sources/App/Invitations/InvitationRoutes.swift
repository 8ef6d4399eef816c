import IeumCore
import Vapor

/// Invitations into a cohort or a role: claiming one from its link, answering it, a cohort's list.
enum InvitationRoutes {
    static let claim = Path0("/invitations/claim")
    static let mine = Path0("/invitations")
    static let accept = Path1<Int>("/invitations/{invitationID}/accept")
    static let decline = Path1<Int>("/invitations/{invitationID}/decline")
    static let cohort = Path1<Int>("/cohorts/{id}/invitations")

    static let mineJSON = APIEndpoint(.GET, "/api/v1/me/invitations", access: .member,
                                      summary: "Invitations waiting for your answer", tag: "invitations")
    static let acceptJSON = APIEndpoint(.POST, "/api/v1/me/invitations/{invitationID}/accept", access: .member,
                                        summary: "Accept an invitation: you join the cohort or take the role", tag: "invitations", status: 204)
    static let declineJSON = APIEndpoint(.POST, "/api/v1/me/invitations/{invitationID}/decline", access: .member,
                                         summary: "Decline an invitation", tag: "invitations", status: 204)
    static let cohortJSON = APIEndpoint(.GET, "/api/v1/cohorts/{id}/invitations", roles: CohortResource.writeRoles,
                                        summary: "The invitations your academy sent into the cohort (what you typed, and their state)", tag: "invitations")

    static let api: [APIEndpoint] = [mineJSON, acceptJSON, declineJSON, cohortJSON]
}
