import Fluent
import SQLKit

/// A mobile number is the person's contact, not an identity: nobody has proved they own the number they type, so
/// one account's number must not stop another from typing it, and a refusal ("this number belongs to another
/// account") told anyone whether a number was registered. The first `phone` column carries a UNIQUE constraint
/// that SQLite cannot drop without rebuilding `people` (and every table pointing at it), so the numbers move to
/// an unconstrained `mobile` column and the old one is left empty (NULLs never collide).
struct MovePhoneOffUniqueColumn: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Person.schema).field("mobile", .string).update()
        let sql = db as! any SQLDatabase
        try await sql.update(Person.schema)
            .set(SQLIdentifier("mobile"), to: SQLIdentifier("phone"))
            .set(SQLIdentifier("phone"), to: SQLLiteral.null)
            .run()
        try await sql.create(index: "idx_people_mobile").on(Person.schema).column("mobile").run()
    }

    /// The old column takes back the numbers only one account holds; a number several accounts share cannot go
    /// back under its UNIQUE constraint and is dropped with `mobile`.
    func revert(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        let rows = try await sql.select().column("id").column("mobile").from(Person.schema).where("mobile", .isNot, SQLLiteral.null).all()
        let numbers = try rows.map { (try $0.decode(column: "id", as: Int.self), try $0.decode(column: "mobile", as: String.self)) }
        let holders = Dictionary(grouping: numbers, by: \.1)
        for (id, number) in numbers where holders[number]?.count == 1 {
            try await sql.update(Person.schema).set("phone", to: SQLBind(number)).where("id", .equal, SQLBind(id)).run()
        }
        try await sql.drop(index: "idx_people_mobile").ifExists().run()
        try await db.schema(Person.schema).deleteField("mobile").update()
    }
}
