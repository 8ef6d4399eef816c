import Fluent
import IeumCore

/// Code handed in from a browser form before line ends were normalised at the door was stored with CRLF; the
/// review page numbered it as one line. Rewrites those sources with LF line ends (nothing else changes; a
/// source with other control characters stays as it was handed in and graded).
struct NormalizeSubmissionLineEnds: AsyncMigration {
    func prepare(on database: any Database) async throws {
        var lastID = 0
        while true {
            let batch = try await Submission.query(on: database).filter(\.$id > lastID).sort(\.$id).range(..<500).all()
            guard let last = batch.last?.id else { return }
            lastID = last
            for submission in batch where submission.source.unicodeScalars.contains("\r") {
                submission.source = TextLines.normalized(submission.source)
                try await submission.update(on: database)
            }
        }
    }

    func revert(on database: any Database) async throws {}
}
