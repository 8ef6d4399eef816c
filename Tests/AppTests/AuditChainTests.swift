@testable import App
import Crypto
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Access log hash chain, MACs and checkpoints")
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

    /// What the chain alone can tell, without the checkpoint file.
    func verifyWithoutCheckpoints(_ app: Application) async throws -> AuditChain.Report {
        try await AuditChain.verify(on: app.db, key: app.audit.key, checkpoints: [])
    }

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

    func replaceCheckpoints(_ app: Application, with lines: [String]) throws {
        try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: app.audit.checkpoints.path))
    }

    @Test("an untouched log with checkpoints verifies, every entry with a MAC")
    func intact() async throws {
        try await withApp { app, f, clock in
            try await makeEntries(app, f, count: 3)
            try await app.audit.checkpoint(on: app.db, now: clock.now)
            clock.advance(0.123_456)
            try await makeEntries(app, f, count: 2)
            try await app.audit.checkpoint(on: app.db, now: clock.now)
            #expect(try await verify(app) == AuditChain.Report(checked: 5, legacy: 0, checkpoints: 2, finding: nil))
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

    @Test("(b) a removed tail is found by the checkpoint even when the head row was fixed")
    func deletedTail() async throws {
        try await withApp { app, f, clock in
            try await makeEntries(app, f, count: 4)
            try await app.audit.checkpoint(on: app.db, now: clock.now)
            let sql = app.db as! any SQLDatabase
            try await sql.delete(from: "access_log").where("seq", .greaterThan, SQLBind(2)).run()
            #expect(try await verify(app).finding == .shorterThanCheckpoint(line: 1, entries: 2, recorded: 4))
            try await fixHead(app)
            // What is left is a valid log of two entries: only the checkpoint can tell.
            #expect(try await verifyWithoutCheckpoints(app).finding == nil)
            let report = try await verify(app)
            #expect(report.finding == .shorterThanCheckpoint(line: 1, entries: 2, recorded: 4))
            #expect(report.firstBroken == 3)
            // Nor is the shortened log signed by the next checkpoint.
            await #expect(throws: AuditSeal.Failure.self) { try await app.audit.checkpoint(on: app.db, now: clock.now) }
        }
    }

    @Test("(c) a rewrite of every hash without the audit key is found by the MACs, or by the checkpoint if MACs were stripped")
    func rewritten() async throws {
        try await withApp { app, f, _ in
            try await makeEntries(app, f, count: 4)
            try await rewrite(app, from: 2) { $0.action = "nothing to see" }
            let report = try await verify(app)
            #expect(report.finding == .forged(entry: 2))
            #expect(report.checked == 1)
        }
        try await withApp { app, f, clock in
            try await makeEntries(app, f, count: 4)
            try await app.audit.checkpoint(on: app.db, now: clock.now)
            try await rewrite(app, from: 2, stripMACs: true) { $0.action = "nothing to see" }
            // Without MACs it looks like a log from before them...
            #expect(try await verifyWithoutCheckpoints(app) == AuditChain.Report(checked: 4, legacy: 4, checkpoints: 0, finding: nil))
            // ...but its last hash is not the one signed.
            #expect(try await verify(app).finding == .checkpointDisagrees(line: 1, entry: 4))
        }
        try await withApp { app, f, clock in
            try await makeEntries(app, f, count: 3)
            try await app.audit.checkpoint(on: app.db, now: clock.now)
            try await rewrite(app, from: 4, stripMACs: true) { _ in }
            #expect(try await verify(app).finding == .legacyDisagrees(line: 1, legacy: 3, recorded: 0))
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

    @Test("(e) an edited or forged checkpoint line is found; a genuine one checks with the published public key")
    func forgedCheckpoint() async throws {
        try await withApp { app, f, clock in
            try await makeEntries(app, f, count: 4)
            let genuine = try await app.audit.checkpoint(on: app.db, now: clock.now)
            let sql = app.db as! any SQLDatabase
            try await sql.delete(from: "access_log").where("seq", .greaterThan, SQLBind(2)).run()
            try await fixHead(app)
            let second = try #require(try await AccessLogEntry.query(on: app.db).filter(\.$seq == 2).first())

            // The checkpoint edited to match the shortened log.
            var edited = genuine
            edited.seq = 2
            edited.head = second.hash
            try replaceCheckpoints(app, with: [edited.line])
            #expect(try await verify(app).finding == .checkpointForged(line: 1))
            // One signed with a key of one's own.
            let ownKey = try AuditKey(spec: AuditKey.newSpec())
            let forged = try AuditCheckpoint.signed(seq: 2, head: second.hash, legacy: 0, at: clock.now, key: ownKey)
            try replaceCheckpoints(app, with: [genuine.line, forged.line])
            #expect(try await verify(app).finding == .checkpointForged(line: 2))
            try replaceCheckpoints(app, with: [genuine.line, "{\"seq\": 2"])
            #expect(try await verify(app).finding == .checkpointForged(line: 2))

            // A third party holding only the PEM public key can check the genuine line.
            let pem = app.audit.key.publicKeyPEM.split(separator: "\n")
            let der = try #require(Data(base64Encoded: String(pem[1])))
            let published = try Curve25519.Signing.PublicKey(rawRepresentation: der.suffix(32))
            #expect(genuine.isSigned(by: published))
            #expect(!forged.isSigned(by: published))
            #expect(genuine.message == "ieum-audit-checkpoint/v1 seq=4 head=\(genuine.head) legacy=0 at=2026-11-02T01:00:00.000Z")
        }
    }

    @Test("entries from before MACs verify as hash-only, but only before the first entry with one")
    func legacyEntries() async throws {
        try await withApp { app, f, clock in
            try await makeEntries(app, f, count: 3)
            // The log as it was before MACs: entries and head without them.
            let sql = app.db as! any SQLDatabase
            try await sql.update("access_log").set("mac", to: SQLLiteral.null).run()
            try await sql.update("audit_chain").set("last_mac", to: SQLLiteral.null).run()
            try await makeEntries(app, f, count: 2)
            #expect(try await verify(app) == AuditChain.Report(checked: 5, legacy: 3, checkpoints: 0, finding: nil))
            #expect(try await app.audit.checkpoint(on: app.db, now: clock.now).legacy == 3)
            #expect(try await verify(app) == AuditChain.Report(checked: 5, legacy: 3, checkpoints: 1, finding: nil))

            try await sql.update("access_log").set("mac", to: SQLLiteral.null).where("seq", .equal, SQLBind(5)).run()
            #expect(try await verify(app).finding == .unsealed(entry: 5))
        }
    }

    @Test("the hourly job writes a checkpoint at most daily, and only when the log grew")
    func hourlyCheckpoints() async throws {
        try await withApp { app, f, clock in
            func hourly() async throws -> AuditCheckpoint? {
                try await RetentionJob.runDue(on: app.db, now: clock.now, audit: app.audit).checkpoint
            }
            let first = try #require(try await hourly())
            #expect(first.seq == 0 && first.head == AuditChain.genesis)
            try await makeEntries(app, f, count: 2)
            for _ in 1..<24 {
                clock.advance(3600)
                #expect(try await hourly() == nil)
            }
            clock.advance(3600)
            #expect(try await hourly()?.seq == 2)
            for _ in 0..<30 {
                clock.advance(3600)
                #expect(try await hourly() == nil)   // nothing new: the last checkpoint still covers the whole log
            }
            try await makeEntries(app, f, count: 1)
            clock.advance(3600)
            #expect(try await hourly()?.seq == 3)
            #expect(try await hourly() == nil)
            #expect(try app.audit.checkpoints.read().count == 3)
            #expect(try await verify(app) == AuditChain.Report(checked: 3, legacy: 0, checkpoints: 3, finding: nil))
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
