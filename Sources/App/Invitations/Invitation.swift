import Fluent
import Foundation

/// An operator's invitation of someone it cannot yet see: into a cohort, or into a role at its academy.
/// It names a person only inside the platform (`personID`, never shown to the operator); the operator sees what
/// it typed itself (e-mail, name) and the state. Accepting it is what lets the operator see the person at all.
final class Invitation: Model, @unchecked Sendable {
    static let schema = "invitations"

    enum State: String, Codable, Sendable, CaseIterable {
        case pending, accepted, declined, cancelled, expired
    }

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "operator_id") var operatorID: Int
    @OptionalField(key: "campus_id") var campusID: Int?
    @OptionalField(key: "cohort_id") var cohortID: Int?
    @Field(key: "role") var role: String
    /// For a cohort: the enrollment's first state once accepted (applied or enrolled).
    @OptionalField(key: "start_state") var startState: String?
    @Field(key: "email") var email: String
    /// As the operator typed it; the account keeps its own name.
    @Field(key: "name") var name: String
    /// The invited account. Set when the invitation is made; never part of what the operator is shown.
    @Field(key: "person_id") var personID: Int
    /// SHA-256 of the link's secret: the link in the e-mail lets a person without a password set one.
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "state") var state: String
    /// Why nothing was sent, for the platform's own log (e.g. the address belongs to another academy's staff).
    @OptionalField(key: "withheld") var withheld: String?
    @Field(key: "invited_by") var invitedBy: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "decided_at") var decidedAt: Date?

    init() {}

    /// Pending past its end counts as expired, whether or not a job has written that yet.
    func state(at now: Date) -> State {
        let stored = State(rawValue: state) ?? .pending
        return stored == .pending && expiresAt <= now ? .expired : stored
    }
}

struct CreateInvitations: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Invitation.schema)
            .field("id", .int, .identifier(auto: true))
            .field("operator_id", .int, .required, .references("operators", "id"))
            .field("campus_id", .int, .references("campuses", "id"))
            .field("cohort_id", .int, .references("cohorts", "id"))
            .field("role", .string, .required)
            .field("start_state", .string)
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("person_id", .int, .required, .references("people", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("state", .string, .required)
            .field("withheld", .string)
            .field("invited_by", .int, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("decided_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Invitation.schema).delete()
    }
}
