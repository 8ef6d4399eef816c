import Fluent

/// Comments on a range of lines (a function, a loop) rather than one: the range's last line.
struct AddCommentLineRanges: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(ReviewComment.schema).field("line_end", .int).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(ReviewComment.schema).deleteField("line_end").update()
    }
}
