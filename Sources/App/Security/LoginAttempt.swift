import Fluent
import Foundation

/// One login attempt, kept for throttling and for the security review. Keyed by the e-mail as typed
/// (lower-cased), so unknown accounts are throttled exactly like real ones and nothing tells them apart.
final class LoginAttempt: Model, @unchecked Sendable {
    static let schema = "login_attempts"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "email") var email: String
    @Field(key: "ip") var ip: String
    @Field(key: "at") var at: Date
    @Field(key: "succeeded") var succeeded: Bool

    init() {}

    init(email: String, ip: String, at: Date, succeeded: Bool) {
        self.email = email
        self.ip = ip
        self.at = at
        self.succeeded = succeeded
    }
}

/// Security-relevant events: account locks and unlocks, role grants and revocations, and the like.
final class SecurityEvent: Model, @unchecked Sendable {
    static let schema = "security_events"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "kind") var kind: String
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "person_id") var personID: Int?
    @OptionalField(key: "actor_id") var actorID: Int?
    @Field(key: "ip") var ip: String
    @Field(key: "at") var at: Date
    @Field(key: "detail") var detail: String

    init() {}

    init(kind: String, email: String? = nil, personID: Int? = nil, actorID: Int? = nil, ip: String, at: Date, detail: String = "") {
        self.kind = kind
        self.email = email
        self.personID = personID
        self.actorID = actorID
        self.ip = ip
        self.at = at
        self.detail = detail
    }
}

struct CreateSecurityTables: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("login_attempts")
            .field("id", .int, .identifier(auto: true))
            .field("email", .string, .required)
            .field("ip", .string, .required)
            .field("at", .datetime, .required)
            .field("succeeded", .bool, .required)
            .create()
        try await db.schema("security_events")
            .field("id", .int, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("email", .string)
            .field("person_id", .int, .references("people", "id"))
            .field("actor_id", .int, .references("people", "id"))
            .field("ip", .string, .required)
            .field("at", .datetime, .required)
            .field("detail", .string, .required)
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("security_events").delete()
        try await db.schema("login_attempts").delete()
    }
}
