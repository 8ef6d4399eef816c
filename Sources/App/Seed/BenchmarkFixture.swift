import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

/// What the check-in benchmark needs: tokens of trainees who train today, and each campus's codes for the
/// next half hour (the codes are signed with the server's key, so only this side can make them).
enum BenchmarkFixture {
    /// Stands in for the address of the fixture's sessions, so that the next run can remove them.
    static let sessionMarker = "benchmark"

    static func make(_ app: Application, count: Int) async throws -> String {
        let now = app.ieum.now()
        let today = Day(now)
        let sql = app.db as! any SQLDatabase
        let rows = try await sql.select()
            .column(SQLColumn("person_id", table: "e")).column(SQLColumn("campus_id", table: "e"))
            .from(SQLAlias(SQLIdentifier(Enrollment.schema), as: SQLIdentifier("e")))
            .join(SQLAlias(SQLIdentifier(TrainingDayRecord.schema), as: SQLIdentifier("t")), method: SQLJoinMethod.inner,
                  on: SQLBinaryExpression(SQLColumn("cohort_id", table: "t"), .equal, SQLColumn("cohort_id", table: "e")))
            .where(SQLColumn("state", table: "e"), .equal, SQLBind(EnrollmentState.enrolled.rawValue))
            .where(SQLColumn("day", table: "t"), .equal, SQLBind(today.description))
            .orderBy(SQLColumn("person_id", table: "e"))
            .limit(count)
            .all()
        guard !rows.isEmpty else {
            throw Abort(.badRequest, reason: "Nobody trains on \(today): seed data first and set IEUM_CLOCK_OFFSET to a training day.")
        }
        // The sessions an earlier run made: left behind, every run would add a day's roster of them.
        try await AuthSession.query(on: app.db).filter(\.$ip == Self.sessionMarker).delete()
        try await AuthState.bump(on: app.db)
        var trainees: [(token: String, campus: Int)] = []
        var sessions: [AuthSession] = []
        for row in rows {
            let token = Tokens.random()
            let session = AuthSession()
            session.tokenHash = Tokens.hash(token)
            session.$person.id = try row.decode(column: "person_id", as: Int.self)
            session.kind = "api"
            session.csrfToken = Tokens.random()
            session.createdAt = now
            session.lastSeenAt = now
            session.authenticatedAt = now
            session.secondFactorPending = false
            session.expiresAt = now.addingTimeInterval(6 * 3600)
            session.ip = Self.sessionMarker
            sessions.append(session)
            trainees.append((token, try row.decode(column: "campus_id", as: Int.self)))
        }
        for chunk in stride(from: 0, to: sessions.count, by: 500) {
            try await Array(sessions[chunk..<min(chunk + 500, sessions.count)]).create(on: app.db)
        }
        let campuses = Set(trainees.map(\.campus)).sorted()
        let first = CheckInCode.windowIndex(now) - 1
        var lua = "-- made by `ieum bench prepare` on \(today); tokens expire in 6 hours\nreturn {\n"
        lua += "  clock_offset = \(Int(now.timeIntervalSince(Date()).rounded())),\n  window = \(Int(CheckInCode.window)),\n  codes = {\n"
        for campus in campuses {
            let codes = (0..<62).map { i -> String in
                let window = first + Int64(i)
                return "[\(window)]=\"\(app.checkInCodes.make(campusID: campus, at: Date(timeIntervalSince1970: Double(window) * CheckInCode.window)))\""
            }
            lua += "    [\(campus)] = {\(codes.joined(separator: ","))},\n"
        }
        lua += "  },\n  trainees = {\n"
        for t in trainees { lua += "    {\"\(t.token)\", \(t.campus)},\n" }
        lua += "  },\n}\n"
        return lua
    }
}
