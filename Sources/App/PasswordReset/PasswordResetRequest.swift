import Fluent
import Foundation

/// A link sent to choose a new password: only its token's hash is kept; it works once, for a short time, and only
/// the newest one sent to an account works.
final class PasswordResetRequest: Model, @unchecked Sendable {
    static let schema = "password_resets"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "person_id") var personID: Int
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}
}

struct CreatePasswordResets: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(PasswordResetRequest.schema)
            .field("id", .int, .identifier(auto: true))
            .field("person_id", .int, .required, .references("people", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(PasswordResetRequest.schema).delete()
    }
}
