import Fluent
import Foundation

/// A login. Only the SHA-256 of the token is stored, so a copy of the database cannot be used to log in;
/// sessions live in the database so that several server processes share them.
final class AuthSession: Model, @unchecked Sendable {
    static let schema = "sessions"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "person_id") var person: Person
    @Field(key: "kind") var kind: String
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    /// When the person last proved who they are (login or re-authentication).
    @Field(key: "authenticated_at") var authenticatedAt: Date
    /// The password was right but the second factor is still to come: the session opens nothing else yet.
    @Field(key: "second_factor_pending") var secondFactorPending: Bool
    @Field(key: "ip") var ip: String

    init() {}
}

/// One-time recovery codes for when the authenticator is lost; only their SHA-256 is kept.
final class RecoveryCode: Model, @unchecked Sendable {
    static let schema = "recovery_codes"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "person_id") var person: Person
    @Field(key: "code_hash") var codeHash: String
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}

    init(personID: Int, codeHash: String) {
        self.$person.id = personID
        self.codeHash = codeHash
    }
}
