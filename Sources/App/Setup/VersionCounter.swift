import Fluent
import SQLKit

/// A one-row table whose `version` goes up with every change of one kind. A server process keeps what it read in
/// memory and compares this number to know whether that is still current, so every process sharing the database
/// learns of a change once it is committed.
struct VersionCounter: Sendable {
    let table: String

    /// Marks the kept copies out of date; call it in the transaction of the change, or right after its statement.
    func bump(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("UPDATE \(ident: table) SET version = version + 1 WHERE id = 1").run()
    }

    func current(on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        return try await sql.raw("SELECT version FROM \(ident: table) WHERE id = 1").first()?.decode(column: "version", as: Int.self) ?? 0
    }
}

/// A counter's table with its one row. `name` is the name the migration was first recorded under.
struct CreateVersionCounter: AsyncMigration {
    let counter: VersionCounter
    let name: String

    func prepare(on db: any Database) async throws {
        try await db.schema(counter.table)
            .field("id", .int, .identifier(auto: false))
            .field("version", .int, .required)
            .create()
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.insert(into: counter.table).columns("id", "version").values(SQLBind(1), SQLBind(0)).run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(counter.table).delete()
    }
}
