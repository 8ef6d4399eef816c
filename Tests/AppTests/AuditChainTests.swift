@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Access log hash chain and MACs")
struct AuditChainTests {
    func makeEntries(_ app: Application, _ f: Fixture, count: Int) async throws {
        let token = try await app.token(f.pm.email)
        for _ in 0..<count {
            try await app.testing().test(.GET, "/api/v1/people/\(f.traineeA.id!)", headers: bearer(token)) { res in
                #expect(res.status == .ok)
            }
        }
    }

    func verify(_ app: Application) async throws -> AuditChain.Report { try await app.audit.verify(on: app.db) }

    /// What someone with a copy of the database but without the audit key can do: change an entry, recompute
    /// every hash and link after it and fix the head row. `stripMACs` also removes every MAC, to pass as an old log.
    func rewrite(_ app: Application, from first: Int, stripMACs: Bool = false, _ change: (AccessLogEntry) -> Void) async throws {
        var previous = AuditChain.genesis
        for entry in try await AccessLogEntry.query(on: app.db).sort(\.$seq).all() {
            if entry.seq == first { change(entry) }
            if stripMACs { entry.mac = nil }
            if entry.seq >= first {
                entry.prevHash = previous
                entry.hash = AuditChain.hash(previous: previous, entry: entry)
            }
            try await entry.update(on: app.db)
            previous = entry.hash
        }
        try await fixHead(app)
    }

    /// Points the head row at the last entry left, as someone hiding a removal would.
    func fixHead(_ app: Application) async throws {
        let last = try await AccessLogEntry.query(on: app.db).sort(\.$seq, .descending).first()
        let head = try #require(try await AuditChainHead.query(on: app.db).first())
        head.seq = last?.seq ?? 0
        head.lastHash = last?.hash ?? AuditChain.genesis
        head.lastMAC = last?.mac
        try await head.update(on: app.db)
    }

    @Test("an untouched log verifies, every entry with a MAC")
    func intact() async throws {
        try await withApp { app, f, clock in
            try await makeEntries(app, f, count: 3)
            clock.advance(0.123_456)
            try await makeEntries(app, f, count: 2)
            #expect(try await verify(app) == AuditChain.Report(checked: 5, legacy: 0, finding: nil))
            #expect(try await AccessLogEntry.query(on: app.db).filter(\.$mac == nil).count() == 0)
        }
    }

    @Test("(a) a changed entry is found")
    func changed() async throws {
        try await withApp { app, f, _ in
            try await makeEntries(app, f, count: 4)
            let sql = app.db as! any SQLDatabase
            try await sql.update("access_log").set("subject_id", to: SQLBind(f.traineeB.id!)).where("seq", .equal, SQLBind(2)).run()
            let report = try await verify(app)
            #expect(report.finding == .changed(entry: 2))
            #expect(report.firstBroken == 2)
            #expect(report.reason == "entry 2 was changed")
        }
    }

    @Test("(c) a rewrite of every hash without the audit key is found by the MACs")
    func rewritten() async throws {
        try await withApp { app, f, _ in
            try await makeEntries(app, f, count: 4)
            try await rewrite(app, from: 2) { $0.action = "nothing to see" }
            let report = try await verify(app)
            #expect(report.finding == .forged(entry: 2))
            #expect(report.checked == 1)
        }
    }

    @Test("(d) a removed entry in the middle is found")
    func deletedMiddle() async throws {
        try await withApp { app, f, _ in
            try await makeEntries(app, f, count: 4)
            let sql = app.db as! any SQLDatabase
            try await sql.delete(from: "access_log").where("seq", .equal, SQLBind(4)).run()
            #expect(try await verify(app).finding == .headDisagrees(entries: 3, head: 4))
            try await sql.delete(from: "access_log").where("seq", .equal, SQLBind(2)).run()
            try await fixHead(app)
            let report = try await verify(app)
            #expect(report.finding == .missing(entry: 2))
            #expect(report.reason == "entry 2 is missing")
        }
    }

    @Test("entries from before MACs verify as hash-only, but only before the first entry with one")
    func legacyEntries() async throws {
        try await withApp { app, f, _ in
            try await makeEntries(app, f, count: 3)
            // The log as it was before MACs: entries and head without them.
            let sql = app.db as! any SQLDatabase
            try await sql.update("access_log").set("mac", to: SQLLiteral.null).run()
            try await sql.update("audit_chain").set("last_mac", to: SQLLiteral.null).run()
            try await makeEntries(app, f, count: 2)
            #expect(try await verify(app) == AuditChain.Report(checked: 5, legacy: 3, finding: nil))

            try await sql.update("access_log").set("mac", to: SQLLiteral.null).where("seq", .equal, SQLBind(5)).run()
            #expect(try await verify(app).finding == .unsealed(entry: 5))
        }
    }

    @Test("a malformed audit key is refused with a message naming the setting")
    func badKey() async throws {
        #expect(throws: AuditKey.Failure.badSpec) { try AuditKey(spec: "c2hvcnQ=") }
        #expect("\(AuditKey.Failure.badSpec)".contains("IEUM_AUDIT_KEY"))
        let one = try AuditKey(spec: AuditKey.newSpec()), other = try AuditKey(spec: AuditKey.newSpec())
        #expect(one.publicKey.rawRepresentation != other.publicKey.rawRepresentation)
    }
}
