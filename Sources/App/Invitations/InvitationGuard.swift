import Fluent
import Vapor

/// Loads the invitation in the path for the person it is addressed to; anyone else gets a 404.
struct InvitationGuard: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let principal = try request.principal
        guard let id = request.parameters.get("invitationID", as: Int.self),
              let invitation = try await Invitation.find(id, on: request.db),
              invitation.personID == principal.personID, invitation.withheld == nil,
              invitation.state(at: request.now) == .pending else {
            throw AppError.notFound()
        }
        request.storage[LoadedRecordKey<Invitation>.self] = invitation
        return try await next.respond(to: request)
    }
}
