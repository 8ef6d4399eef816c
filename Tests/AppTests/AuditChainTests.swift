@testable import App
import Fluent
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Access log hash chain")
struct AuditChainTests {
    func makeEntries(_ app: Application, _ f: Fixture, count: Int) async throws {
        let token = try await app.token(f.pm.email)
        for _ in 0..<count {
            try await app.testing().test(.GET, "/api/v1/people/\(f.traineeA.id!)", headers: bearer(token)) { res in
                #expect(res.status == .ok)
            }
        }
    }

    @Test("an untouched log verifies")
    func intact() async throws {
        try await withApp { app, f, clock in
            try await makeEntries(app, f, count: 3)
            clock.advance(0.123_456)
            try await makeEntries(app, f, count: 2)
            let report = try await AuditChain.verify(on: app.db)
            #expect(report == AuditChain.Report(checked: 5, firstBroken: nil, reason: nil))
        }
    }

    @Test("a changed entry is found")
    func changed() async throws {
        try await withApp { app, f, _ in
            try await makeEntries(app, f, count: 4)
            let sql = app.db as! any SQLDatabase
            try await sql.update("access_log").set("subject_id", to: SQLBind(f.traineeB.id!)).where("seq", .equal, SQLBind(2)).run()
            let report = try await AuditChain.verify(on: app.db)
            #expect(report.firstBroken == 2)
            #expect(report.reason == "entry 2 was changed")
        }
    }

    @Test("a deleted entry is found, in the middle or at the end")
    func deleted() async throws {
        try await withApp { app, f, _ in
            try await makeEntries(app, f, count: 4)
            let sql = app.db as! any SQLDatabase
            try await sql.delete(from: "access_log").where("seq", .equal, SQLBind(4)).run()
            #expect(try await AuditChain.verify(on: app.db).firstBroken == 4)
            try await sql.delete(from: "access_log").where("seq", .equal, SQLBind(2)).run()
            let report = try await AuditChain.verify(on: app.db)
            #expect(report.firstBroken == 2)
            #expect(report.reason == "entry 2 is missing")
        }
    }

    @Test("a rewritten chain without the head's knowledge is found")
    func rehashed() async throws {
        try await withApp { app, f, _ in
            try await makeEntries(app, f, count: 2)
            // Someone edits entry 2 and recomputes its hash: the head still holds the old hash.
            let entry = try #require(try await AccessLogEntry.query(on: app.db).filter(\.$seq == 2).first())
            entry.action = "nothing to see"
            entry.hash = AuditChain.hash(previous: entry.prevHash, entry: entry)
            try await entry.update(on: app.db)
            let report = try await AuditChain.verify(on: app.db)
            #expect(report.firstBroken == 3)
        }
    }
}
