import Fluent

/// Scans a trainee took back within minutes of making them (issue 24): marked, never deleted.
struct AddScanWithdrawals: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(ScanRecord.schema).field("withdrawn_at", .datetime).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(ScanRecord.schema).deleteField("withdrawn_at").update()
    }
}
