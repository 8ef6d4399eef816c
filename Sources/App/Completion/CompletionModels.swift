import Fluent
import Foundation
import SQLKit

/// A staff decision on one trainee's completion when the cohort closed: what the rules proposed (with the facts
/// they saw), what was decided, and why when the two differ.
final class CompletionDecision: Model, @unchecked Sendable {
    static let schema = "completion_decisions"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "enrollment_id") var enrollment: Enrollment
    @Field(key: "cohort_id") var cohortID: Int
    @Field(key: "operator_id") var operatorID: Int
    @Field(key: "campus_id") var campusID: Int
    @Field(key: "proposed") var proposed: String
    @Field(key: "decided") var decided: String
    @OptionalField(key: "override_reason") var overrideReason: String?
    /// The rules' reasons as JSON (`{"met":[{ko,en}],"unmet":[…]}`), so history shows what was known then.
    @Field(key: "facts") var facts: String
    @Field(key: "decided_by") var decidedBy: Int
    @Field(key: "decided_at") var decidedAt: Date

    init() {}
}

/// An operator's signing key for certificates. The private half is sealed with the platform's data keys;
/// retired keys stay published so that credentials they signed keep verifying.
final class IssuerKey: Model, @unchecked Sendable {
    static let schema = "issuer_keys"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "operator_id") var operatorID: Int
    @Field(key: "kid") var kid: String
    /// Raw Ed25519 public key, base64url.
    @Field(key: "public_key") var publicKey: String
    @Field(key: "private_key_sealed") var privateKeySealed: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "retired_at") var retiredAt: Date?

    init() {}
}

/// A certificate issued to a completer: the signed JWT-VC exactly as handed out, and its revocation.
final class IssuedCredential: Model, @unchecked Sendable {
    static let schema = "credentials"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    /// The UUID in the credential's `urn:uuid:` id and in its public verification address.
    @Field(key: "public_id") var publicID: String
    @Parent(key: "enrollment_id") var enrollment: Enrollment
    @Field(key: "person_id") var personID: Int
    @Field(key: "operator_id") var operatorID: Int
    @Field(key: "campus_id") var campusID: Int
    @Field(key: "cohort_id") var cohortID: Int
    @Field(key: "kid") var kid: String
    @Field(key: "jwt") var jwt: String
    @Field(key: "issued_at") var issuedAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @OptionalField(key: "revocation_reason") var revocationReason: String?
    @OptionalField(key: "revoked_by") var revokedBy: Int?

    init() {}
}

struct CreateCompletionTables: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("courses")
            .field("completion_assessment", .string, .required, .sql(.default("none")))
            .update()
        // One column per ALTER: SQLite adds a single column at a time.
        try await db.schema("cohorts").field("closed_at", .datetime).update()
        try await db.schema("cohorts").field("closed_by", .int).update()
        try await db.schema(CompletionDecision.schema)
            .field("id", .int, .identifier(auto: true))
            .field("enrollment_id", .int, .required, .references("enrollments", "id", onDelete: .cascade))
            .field("cohort_id", .int, .required)
            .field("operator_id", .int, .required)
            .field("campus_id", .int, .required)
            .field("proposed", .string, .required)
            .field("decided", .string, .required)
            .field("override_reason", .string)
            .field("facts", .string, .required)
            .field("decided_by", .int, .required)
            .field("decided_at", .datetime, .required)
            .unique(on: "enrollment_id")
            .create()
        try await db.schema(IssuerKey.schema)
            .field("id", .int, .identifier(auto: true))
            .field("operator_id", .int, .required, .references("operators", "id"))
            .field("kid", .string, .required)
            .field("public_key", .string, .required)
            .field("private_key_sealed", .string, .required)
            .field("created_at", .datetime, .required)
            .field("retired_at", .datetime)
            .unique(on: "kid")
            .create()
        try await db.schema(IssuedCredential.schema)
            .field("id", .int, .identifier(auto: true))
            .field("public_id", .string, .required)
            .field("enrollment_id", .int, .required, .references("enrollments", "id", onDelete: .cascade))
            .field("person_id", .int, .required)
            .field("operator_id", .int, .required)
            .field("campus_id", .int, .required)
            .field("cohort_id", .int, .required)
            .field("kid", .string, .required)
            .field("jwt", .string, .required)
            .field("issued_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .field("revocation_reason", .string)
            .field("revoked_by", .int)
            .unique(on: "public_id")
            .unique(on: "enrollment_id")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(IssuedCredential.schema).delete()
        try await db.schema(IssuerKey.schema).delete()
        try await db.schema(CompletionDecision.schema).delete()
        try await db.schema("cohorts").deleteField("closed_at").update()
        try await db.schema("cohorts").deleteField("closed_by").update()
        try await db.schema("courses").deleteField("completion_assessment").update()
    }
}
