@testable import App
import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
#if canImport(Glibc)
import Glibc
#endif

/// The real `ieum` server: submissions queued by one process that is then killed are all graded by the next,
/// including one claimed mid-grading when the grader was killed; hostile programs among them do not stop the
/// server from answering.
@Suite("Grading queue across restarts", .serialized)
struct GradingRestartTests {
    static func launch(dataDir: String, port: Int, keys: String, offset: TimeInterval, workers: Int) throws -> Process {
        let process = Process()
        process.executableURL = CrashRecoveryTests.executable
        process.arguments = ["serve", "--port", String(port), "--data-dir", dataDir]
        var env = ProcessInfo.processInfo.environment
        env["IEUM_DATA_KEYS"] = keys
        env["IEUM_CLOCK_OFFSET"] = String(Int(offset))
        env["IEUM_REQUIRE_STAFF_2FA"] = "0"
        env["IEUM_GRADING_WORKERS"] = String(workers)
        env["IEUM_GRADING_STALE_AFTER"] = "2"
        env["IEUM_METRICS_TOKEN"] = "restart-test-scraper"
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func submit(_ client: any Client, port: Int, token: String, assignment: Int, language: String, source: String) async throws -> Int {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: token)
        let res = try await client.post(URI(string: "http://127.0.0.1:\(port)/api/v1/assignments/\(assignment)/submissions"), headers: headers) { req in
            try req.content.encode(["language": language, "source": source])
            req.timeout = .seconds(10)
        }
        #expect(res.status == .accepted)
        struct Out: Decodable { let id: Int }
        return try res.content.decode(Out.self).id
    }

    @Test("every queued submission is graded after a restart, also one the killed process was grading")
    func queuedWorkSurvivesRestarts() async throws {
        let offset = fixtureStart.timeIntervalSince(Date())
        try await withApp { app, f, _ in
            var dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("ieum-grading-\(UUID().uuidString)").path
            if case let .sqlite(path) = app.ieum.database { dataDir = (path as NSString).deletingLastPathComponent }
            let port = 20_000 + Int.random(in: 0..<2000)
            let assignment = try await app.makeSumAssignment(f.cohortA, by: try await app.token(f.staffA.email))
            let token = try await app.token(f.traineeA.email)
            let keys = app.ieum.dataKeys

            // A web-only process takes the submissions and is killed before anything grades them.
            var server = try Self.launch(dataDir: dataDir, port: port, keys: keys, offset: offset, workers: 0)
            defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
            try await CrashRecoveryTests.waitUntilUp(app.client, port: port)
            let expected: [(String, String, Verdict)] = [
                ("python3", Solutions.right, .accepted),
                ("c", "#include <stdio.h>\nint main(void){long a,b;scanf(\"%ld %ld\",&a,&b);printf(\"%ld\\n\",a+b);return 0;}\n", .accepted),
                ("python3", Solutions.onlySmall, .wrongAnswer),
                ("c", "#include <unistd.h>\nint main(void){for(;;)fork();}\n", .timeLimit),
                ("python3", "while True:\n    pass\n", .timeLimit),
                ("c", "int main(void){return nope;}\n", .compileError),
            ]
            var ids: [Int: Verdict] = [:]
            for (language, source, verdict) in expected {
                ids[try await Self.submit(app.client, port: port, token: token, assignment: assignment, language: language, source: source)] = verdict
            }
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
            #expect(try await Submission.query(on: app.db).filter(\.$state == .queued).count() == expected.count)

            // A grading process is killed while it grades (a slow right answer), then another one starts.
            server = try Self.launch(dataDir: dataDir, port: port, keys: keys, offset: offset, workers: 1)
            try await CrashRecoveryTests.waitUntilUp(app.client, port: port)
            // The scraper sees how many workers grade, beside the cores.
            var metrics = ""
            for _ in 0..<50 where !metrics.contains("ieum_grading_workers 1") {
                var headers = HTTPHeaders()
                headers.bearerAuthorization = BearerAuthorization(token: "restart-test-scraper")
                metrics = try await app.client.get(URI(string: "http://127.0.0.1:\(port)/metrics"), headers: headers).body.map { String(buffer: $0) } ?? ""
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(metrics.contains("ieum_grading_workers 1") && metrics.contains("ieum_cpu_cores \(System.coreCount)"), "\(metrics.prefix(300))")
            let slow = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.6:\n    pass\n" + Solutions.right
            ids[try await Self.submit(app.client, port: port, token: token, assignment: assignment, language: "python3", source: slow)] = .accepted
            var sawGrading = false
            for _ in 0..<200 where !sawGrading {
                sawGrading = try await Submission.query(on: app.db).filter(\.$state == .grading).count() > 0
                if !sawGrading { try await Task.sleep(for: .milliseconds(25)) }
            }
            #expect(sawGrading)
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()

            server = try Self.launch(dataDir: dataDir, port: port, keys: keys, offset: offset, workers: 2)
            try await CrashRecoveryTests.waitUntilUp(app.client, port: port)
            var pending = ids.count
            var healthChecks = 0
            for _ in 0..<600 where pending > 0 {
                // The server keeps answering while hostile programs are graded.
                let health = try await app.client.get(URI(string: "http://127.0.0.1:\(port)/healthz")) { $0.timeout = .seconds(2) }
                #expect(health.status == .ok)
                healthChecks += 1
                pending = try await Submission.query(on: app.db).filter(\.$state ~~ [SubmissionState.queued, .grading]).count()
                if pending > 0 { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(pending == 0, "everything graded")
            #expect(healthChecks > 1)
            for (id, verdict) in ids {
                let s = try #require(try await Submission.find(id, on: app.db))
                #expect(s.verdict == verdict.rawValue, "submission \(id): \(s.verdict ?? "-") \(s.compileOutput ?? "")")
                #expect(s.state == .graded)
            }
            kill(server.processIdentifier, SIGTERM)
            server.waitUntilExit()
        }
    }

    @Test("the whole hostile suite graded by a running server: it keeps answering, nothing fails, the host is unharmed")
    func hostileSuiteThroughTheServer() async throws {
        let offset = fixtureStart.timeIntervalSince(Date())
        try await withApp { app, f, _ in
            var dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("ieum-hostile-\(UUID().uuidString)").path
            if case let .sqlite(path) = app.ieum.database { dataDir = (path as NSString).deletingLastPathComponent }
            let port = 22_000 + Int.random(in: 0..<2000)
            let staff = try await app.token(f.staffA.email)
            var assignment = 0
            try await app.testing().test(.POST, "/api/v1/cohorts/\(f.cohortA.id!)/assignments", headers: bearer(staff), beforeRequest: { req in
                try req.content.encode(["title": "공격", "statement": "아무것이나", "languages": "python3,c,cpp", "cpu_ms": 1000,
                                        "memory_mb": 256, "points": 10, "deadline": "2026-11-09T18:00", "late_policy": "flag"] as JSONObject)
            }) { res in
                struct Out: Decodable { let id: Int }
                assignment = try res.content.decode(Out.self).id
            }
            try await app.testing().test(.POST, "/api/v1/assignments/\(assignment)/tests", headers: bearer(staff), beforeRequest: { req in
                try req.content.encode(["input": .string("\(getpid())\n"), "expected": "", "is_sample": true] as JSONObject)
            }) { res in #expect(res.status == .created) }
            let token = try await app.token(f.traineeA.email)
            let before = HostSnapshot.take()
            let server = try Self.launch(dataDir: dataDir, port: port, keys: app.ieum.dataKeys, offset: offset, workers: 2)
            defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
            try await CrashRecoveryTests.waitUntilUp(app.client, port: port)
            for attack in HostileSubmissionTests.attacks {
                _ = try await Self.submit(app.client, port: port, token: token, assignment: assignment, language: attack.language, source: attack.source)
            }
            var pending = HostileSubmissionTests.attacks.count
            var slowest = 0.0
            for _ in 0..<900 where pending > 0 {
                let asked = Date()
                let health = try await app.client.get(URI(string: "http://127.0.0.1:\(port)/healthz")) { $0.timeout = .seconds(2) }
                #expect(health.status == .ok)
                slowest = max(slowest, Date().timeIntervalSince(asked))
                pending = try await Submission.query(on: app.db).filter(\.$state ~~ [SubmissionState.queued, .grading]).count()
                if pending > 0 { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(pending == 0, "every attack graded")
            #expect(slowest < 1, "the server answered within a second throughout (slowest \(slowest) s)")
            #expect(try await Submission.query(on: app.db).filter(\.$state == .failed).count() == 0, "no grading failed")
            #expect(before.isUnharmed(after: HostSnapshot.take()))
            #expect(HostSnapshot.processes(named: "ieumleftover", users: 60_000..<60_100).isEmpty)
            let health = try await app.client.get(URI(string: "http://127.0.0.1:\(port)/healthz"))
            #expect(health.status == .ok, "and answers after it")
            kill(server.processIdentifier, SIGTERM)
            server.waitUntilExit()
        }
    }
}
