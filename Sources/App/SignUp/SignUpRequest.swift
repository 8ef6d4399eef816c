import Fluent
import Foundation

/// A sign-up waiting for its address to be confirmed. The account (a person without a password) exists from the
/// start so the message can reach it; the password and phone are set only when the link is opened and the
/// password typed again — so an address never answers differently, and nobody can pre-register someone else's.
final class SignUpRequest: Model, @unchecked Sendable {
    static let schema = "signup_requests"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "person_id") var personID: Int
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "name") var name: String
    @OptionalField(key: "phone") var phone: String?
    @Field(key: "password_hash") var passwordHash: String
    @OptionalField(key: "next") var next: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}
}

struct CreateSignUpRequests: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(SignUpRequest.schema)
            .field("id", .int, .identifier(auto: true))
            .field("person_id", .int, .required, .references("people", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("name", .string, .required)
            .field("phone", .string)
            .field("password_hash", .string, .required)
            .field("next", .string)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(SignUpRequest.schema).delete()
    }
}
