import Fluent

/// Entries written from now on carry a MAC; those before stay hash-only (`AuditChain.Report.legacy`). They are not
/// given MACs here: that would vouch, under the key, for rows nobody can tell were untouched until today.
struct AddAccessLogMAC: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(AccessLogEntry.schema).field("mac", .string).update()
        try await db.schema(AuditChainHead.schema).field("last_mac", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(AuditChainHead.schema).deleteField("last_mac").update()
        try await db.schema(AccessLogEntry.schema).deleteField("mac").update()
    }
}
