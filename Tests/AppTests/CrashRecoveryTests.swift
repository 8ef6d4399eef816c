@testable import App
import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
#if canImport(Glibc)
import Glibc
#endif

/// The real `ieum` server in its own process, killed with SIGKILL in the middle of a burst of check-ins.
@Suite("Crash recovery", .serialized)
struct CrashRecoveryTests {
    struct Sent: Sendable {
        let token: String
        let key: String
        let body: String
    }

    struct Answer: Sendable {
        let key: String
        let status: UInt
        let scanID: Int?
    }

    static var executable: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ieum")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/ieum")
    }

    static func launch(dataDir: String, port: Int, keys: String, offset: TimeInterval) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["serve", "--port", String(port), "--data-dir", dataDir]
        var env = ProcessInfo.processInfo.environment
        env["IEUM_DATA_KEYS"] = keys
        env["IEUM_CLOCK_OFFSET"] = String(Int(offset))
        env["IEUM_REQUIRE_STAFF_2FA"] = "0"
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func waitUntilUp(_ client: any Client, port: Int) async throws {
        for _ in 0..<300 {
            if let res = try? await client.get(URI(string: "http://127.0.0.1:\(port)/healthz"), beforeSend: { $0.timeout = .milliseconds(500) }),
               res.status == .ok { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the server did not come up")
    }

    static func send(_ client: any Client, port: Int, _ s: Sent) async -> Answer {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: s.token)
        headers.contentType = .json
        do {
            let res = try await client.post(URI(string: "http://127.0.0.1:\(port)/api/v1/check-ins"), headers: headers) { req in
                req.body = ByteBuffer(string: s.body)
                req.timeout = .seconds(5)
            }
            let id = try? res.content.decode(CheckInOutput.self).scanID
            return Answer(key: s.key, status: res.status.code, scanID: id)
        } catch {
            return Answer(key: s.key, status: 0, scanID: nil)
        }
    }

    @Test("every check-in answered with success before a SIGKILL is in the database after restart, and retries record nothing twice")
    func killedMidBurst() async throws {
        let offset = fixtureStart.timeIntervalSince(Date())
        try await withApp { app, f, _ in
            // The server process opens the test's own database: its SQLite file's folder, or DATABASE_URL.
            var dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("ieum-crash-\(UUID().uuidString)").path
            if case let .sqlite(path) = app.ieum.database { dataDir = (path as NSString).deletingLastPathComponent }
            let port = 18_000 + Int.random(in: 0..<2000)
            try await app.schedule(f.cohortA)
            // Forty trainees of cohort A, each with an API token.
            var sent: [Sent] = []
            let now = Date().addingTimeInterval(offset)
            let code = app.checkInCodes.make(campusID: f.campusA.id!, at: now)
            for i in 0..<40 {
                let p = Person(name: "훈련생\(i)", email: "burst\(i)@test.kr", phone: nil, passwordHash: nil)
                try await p.create(on: app.db)
                try await RoleGrants.create(Grant(role: .trainee, operatorID: f.operatorA.id, campusID: nil, employerID: nil), for: p.id!, by: nil, on: app.db)
                try await Enrollment(personID: p.id!, cohort: f.cohortA, state: "enrolled", at: now).create(on: app.db)
                let token = Tokens.random()
                let s = AuthSession()
                s.tokenHash = Tokens.hash(token); s.$person.id = p.id!; s.kind = "api"; s.csrfToken = Tokens.random()
                s.createdAt = now; s.lastSeenAt = now; s.authenticatedAt = now; s.secondFactorPending = false
                s.expiresAt = now.addingTimeInterval(3600); s.ip = "test"
                try await s.create(on: app.db)
                for kind in ["check_in", "go_out", "come_back", "check_out"] {
                    let key = "burst-\(i)-\(kind)"
                    sent.append(Sent(token: token, key: key, body: #"{"code":"\#(code)","kind":"\#(kind)","idempotency_key":"\#(key)"}"#))
                }
            }
            let keys = app.ieum.dataKeys
            var server = try Self.launch(dataDir: dataDir, port: port, keys: keys, offset: offset)
            defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
            try await Self.waitUntilUp(app.client, port: port)

            // The burst: 160 scans, 16 at a time; the server is killed once 40 have been answered.
            let pid = server.processIdentifier
            let counter = Counter()
            let first = await withTaskGroup(of: Answer.self) { group in
                var answers: [Answer] = []
                var next = 0
                for _ in 0..<16 {
                    let s = sent[next]; next += 1
                    group.addTask { await Self.send(app.client, port: port, s) }
                }
                var killed = false
                for await answer in group {
                    answers.append(answer)
                    // Sixteen stay in flight until the kill (the one sent just before it surely dies with the
                    // server, even when group commits answer the others together); the rest are sent after the restart.
                    if next < sent.count && !killed {
                        let s = sent[next]; next += 1
                        group.addTask { await Self.send(app.client, port: port, s) }
                    }
                    if answer.status == 201, counter.increment() == 40 { kill(pid, SIGKILL); killed = true }
                }
                return answers
            }
            server.waitUntilExit()
            let succeeded = first.filter { $0.status == 201 }
            #expect(succeeded.count >= 40)
            #expect(first.contains { $0.status == 0 }, "some requests should have died with the server")

            server = try Self.launch(dataDir: dataDir, port: port, keys: keys, offset: offset)
            try await Self.waitUntilUp(app.client, port: port)
            // Every answered scan is there, once.
            let stored = try await ScanRecord.query(on: app.db).filter(\.$idempotencyKey ~~ succeeded.map(\.key)).all()
            #expect(stored.count == succeeded.count)
            // The client retries everything; answered ones get their first answer back, nothing is written twice.
            var retried: [Answer] = []
            for s in sent { retried.append(await Self.send(app.client, port: port, s)) }
            for answer in succeeded {
                let again = retried.first { $0.key == answer.key }
                #expect(again?.status == 200 && again?.scanID == answer.scanID, "retry of \(answer.key)")
            }
            let all = try await ScanRecord.query(on: app.db).all()
            #expect(Set(all.compactMap(\.idempotencyKey)).count == all.count)
            #expect(all.count <= sent.count)
            #expect(all.count == retried.filter { $0.status == 200 || $0.status == 201 }.count)
            kill(server.processIdentifier, SIGTERM)
            server.waitUntilExit()
        }
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() -> Int { lock.withLock { count += 1; return count } }
    var value: Int { lock.withLock { count } }
}
