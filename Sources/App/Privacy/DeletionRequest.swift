import Fluent
import Foundation

/// A person's request to delete their data, and how far the retention schedule has carried it out.
final class DeletionRequest: Model, @unchecked Sendable {
    static let schema = "deletion_requests"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "person_id") var person: Person
    @Field(key: "requested_at") var requestedAt: Date
    /// pending → erased (extras gone, identity kept with training records) → anonymised
    @Field(key: "status") var status: String
    @OptionalField(key: "keep_identity_until") var keepIdentityUntil: String?
    @OptionalField(key: "erased_at") var erasedAt: Date?
    @OptionalField(key: "anonymised_at") var anonymisedAt: Date?

    init() {}

    init(personID: Int, at: Date) {
        self.$person.id = personID
        self.requestedAt = at
        self.status = "pending"
    }
}

extension DeletionRequest {
    /// An account its owner asked to close is closed at once (no login, no new password), before the retention job
    /// erases what it holds.
    static func closes(_ personID: Int, on db: any Database) async throws -> Bool {
        try await query(on: db).filter(\.$person.$id == personID).first() != nil
    }
}

struct CreatePrivacyTables: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("deletion_requests")
            .field("id", .int, .identifier(auto: true))
            .field("person_id", .int, .required, .references("people", "id"))
            .field("requested_at", .datetime, .required)
            .field("status", .string, .required)
            .field("keep_identity_until", .string)
            .field("erased_at", .datetime)
            .field("anonymised_at", .datetime)
            .unique(on: "person_id")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("deletion_requests").delete()
    }
}
