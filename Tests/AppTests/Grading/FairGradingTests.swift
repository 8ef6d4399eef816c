@testable import App
@testable import IeumGrader
import Fluent
import Foundation
import IeumCore
import NIOConcurrencyHelpers
import Testing
import Vapor
import VaporTesting

/// Issue 22: what trainees and mentors see must be right — code from a browser form reviewed line by line,
/// hidden tests secret from the program itself, verdicts that do not depend on who else is grading.
@Suite("Fair and secret grading, code review of form submissions")
struct FairGradingTests {
    static let formProgram = "a, b = map(int, input().split())\r\ns = a + b\r\n# 합을 출력합니다\r\nprint(s)\r\n"

    @Test("code handed in from a form (CRLF) is four lines: a mentor comments on line 4, and the diff is by line")
    func formSubmissionIsReviewedByLine() async throws {
        try await withApp { app, f, _ in
            let assignment = try await app.makeSumAssignment(f.cohortA, by: try await app.token(f.staffA.email))
            let trainee = try await app.login(f.traineeA.email)
            var ids: [Int] = []
            for source in [Self.formProgram, Self.formProgram.replacingOccurrences(of: "s = a + b", with: "s = b + a")] {
                try await app.testing().test(.POST, "/assignments/\(assignment)/submissions", headers: trainee.headers(), beforeRequest: { req in
                    try req.content.encode(["_csrf": trainee.csrf, "language": "python3", "source": source], as: .urlEncodedForm)
                }) { res in
                    #expect(res.status == .seeOther, "\(res.body.string.prefix(300))")
                    ids.append(Int(res.headers.first(name: .location)?.split(separator: "/").last ?? "") ?? 0)
                }
            }
            let stored = try #require(try await Submission.find(ids[0], on: app.db))
            #expect(stored.source == "a, b = map(int, input().split())\ns = a + b\n# 합을 출력합니다\nprint(s)\n", "stored with LF line ends")
            try await app.drainGradingQueue()
            let mentor = try await app.login(f.mentorA.email)
            for line in 1...4 {
                try await app.testing().test(.POST, "/submissions/\(ids[0])/comments", headers: mentor.headers(), beforeRequest: { req in
                    try req.content.encode(["_csrf": mentor.csrf, "line": "\(line)", "body": "줄 \(line)에 대한 의견"], as: .urlEncodedForm)
                }) { res in #expect(res.status == .seeOther, "line \(line): \(res.body.string.prefix(300))") }
            }
            try await app.testing().test(.POST, "/submissions/\(ids[0])/comments", headers: mentor.headers(), beforeRequest: { req in
                try req.content.encode(["_csrf": mentor.csrf, "line": "5", "body": "없는 줄"], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("1에서 4 사이로 입력하세요."))
            }
            try await app.testing().test(.GET, "/submissions/\(ids[0])", headers: mentor.headers()) { res in
                let html = res.body.string
                for line in 1...4 { #expect(html.contains("id=\"L\(line)\""), "line \(line) numbered") }
                #expect(!html.contains("id=\"L5\""))
                #expect(html.contains("print(s)"))
            }
            try await app.testing().test(.GET, "/submissions/\(ids[1])/diff?against=\(ids[0])", headers: mentor.headers()) { res in
                let html = res.body.string
                #expect(html.components(separatedBy: "class=\"removed\"").count - 1 == 1, "one line removed")
                #expect(html.components(separatedBy: "class=\"added\"").count - 1 == 1, "one line added")
                #expect(html.contains("- s = a + b") && html.contains("+ s = b + a"))
            }
        }
    }

    @Test("a NUL, another control character, an unknown field or too much code is refused, and nothing is stored")
    func badInputIsRefused() async throws {
        try await withApp { app, f, _ in
            let assignment = try await app.makeSumAssignment(f.cohortA, by: try await app.token(f.staffA.email))
            let trainee = try await app.token(f.traineeA.email)
            let cases: [([String: String], String)] = [
                (["language": "python3", "source": "print(1)\n\u{0}print(2)\n"], "Line 2"),
                (["language": "python3", "source": "\u{0}print(1)\n"], "Line 1"),
                (["language": "python3", "source": "print(1)\u{1B}[2J\n"], "U+001B"),
                (["language": "python3", "source": Solutions.right, "file_name": "main.py"], "Unknown field"),
                (["language": "python3", "source": String(repeating: "#", count: 100_001)], "at most 100000 bytes are allowed"),
            ]
            for (body, message) in cases {
                var headers = bearer(trainee)
                headers.add(name: .acceptLanguage, value: "en")
                try await app.testing().test(.POST, "/api/v1/assignments/\(assignment)/submissions", headers: headers, beforeRequest: { req in
                    try req.content.encode(body)
                }) { res in
                    #expect(res.status == .unprocessableEntity, "\(body.keys.sorted())")
                    #expect(res.body.string.contains(message), "\(res.body.string.prefix(400))")
                }
            }
            let trainee2 = try await app.login(f.traineeA.email)
            try await app.testing().test(.POST, "/assignments/\(assignment)/submissions", headers: trainee2.headers(), beforeRequest: { req in
                try req.content.encode(["_csrf": trainee2.csrf, "language": "python3", "source": "print(1)\r\n\u{0}\r\n"], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("2번째 줄에 쓸 수 없는 제어 문자(NUL)"), "the form says which line")
            }
            #expect(try await Submission.query(on: app.db).count() == 0, "nothing stored")
        }
    }

    @Test("a program that saves each test's input and prints what it saved on a later sample finds nothing")
    func testsCannotSeeEachOther() throws {
        // Hidden tests first, then the sample whose output the trainee sees in full.
        let program = """
            import os, sys
            data = sys.stdin.read()
            found = []
            for folder in ['/box', '/tmp', '/dev/shm', os.path.expanduser('~')]:
                try:
                    for name in os.listdir(folder):
                        if name.startswith('seen'):
                            with open(os.path.join(folder, name)) as f: found.append(f.read())
                except OSError: pass
                try:
                    with open(os.path.join(folder, 'seen-' + str(os.getpid())), 'a') as f: f.write(data)
                except OSError: pass
            print(data.strip() + ('' if not found else ' LEAK ' + '|'.join(found)))
            """
        let tests = [GradingTest(name: "hidden 1", input: "secret-one\n", expected: "secret-one\n"),
                     GradingTest(name: "hidden 2", input: "secret-two\n", expected: "secret-two\n"),
                     GradingTest(name: "sample", input: "sample\n", expected: "sample\n", isSample: true)]
        let report = try TestSandbox.grader.grade(GradingRequest(language: Language.named("python3")!, source: program, tests: tests))
        #expect(report.tests.map(\.verdict) == [.accepted, .accepted, .accepted], "\(report.tests.map { $0.output ?? "" })")
        #expect(report.tests[2].output == "sample\n")
        #expect(report.tests[2].input == "sample\n" && report.tests[2].expected == "sample\n", "a sample shows its input and expected output")
        #expect(report.tests[0].input == nil && report.tests[0].output == nil, "a hidden test shows neither")
    }

    @Test("a CPU-bound right answer stays accepted while both cores are busy grading other submissions")
    func verdictIndependentOfLoad() throws {
        // The answer burns 800 ms of its own CPU time (whatever the load), under the 1,000 ms limit. With nine
        // programs runnable on two cores it gets about a fifth of a core: over 3 s of wall time, which the old
        // 3 s wall limit judged a time limit.
        let answer = """
            #include <stdio.h>
            #include <time.h>
            static double cpu(void) { struct timespec t; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return t.tv_sec + t.tv_nsec / 1e9; }
            int main(void) { long a, b; if (scanf("%ld %ld", &a, &b) != 2) return 1; volatile unsigned long x = 0;
                while (cpu() < 0.8) for (int i = 0; i < 100000; i++) x += i;
                printf("%ld\\n", a + b); return 0; }
            """
        let spinner = "import time\nend = time.process_time() + 0.95\nwhile time.process_time() < end: pass\nprint(3)\n"
        let stop = NIOLockedValueBox(false)
        let group = DispatchGroup()
        // Eight other graders keep both cores busy for the whole test (far more runnable programs than cores).
        for _ in 0..<8 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                while !stop.withLockedValue({ $0 }) {
                    _ = try? TestSandbox.grader.grade(GradingRequest(language: Language.named("python3")!, source: spinner,
                                                                     tests: (0..<3).map { GradingTest(name: "\($0)", input: "1 2\n", expected: "3\n") }))
                }
            }
        }
        defer { stop.withLockedValue { $0 = true }; group.wait() }
        Thread.sleep(forTimeInterval: 1)
        do {
            let report = try TestSandbox.grader.grade(GradingRequest(
                language: Language.named("c")!, source: answer,
                tests: (0..<3).map { GradingTest(name: "\($0)", input: "\($0) 5\n", expected: "\($0 + 5)\n") },
                compileLimits: TestSandbox.quickCompile))
            #expect(report.verdict == .accepted, "\(report.tests.map { "\($0.verdict) \($0.cpuMilliseconds) ms" }) \(report.compileOutput ?? "")")
            for test in report.tests { #expect(test.cpuMilliseconds < 1_000) }
        }
    }

    @Test("a program that only waits is stopped and said to be waiting (after one more try), never a time limit")
    func waitingIsNotATimeLimit() throws {
        let report = try TestSandbox.grade("python3", "import time\ntime.sleep(60)\n", input: "", expected: "")
        #expect(report.verdict == .stoppedWaiting)
        let test = try #require(report.tests.first)
        #expect(test.verdict == .stoppedWaiting && test.repeated == true && test.cpuMilliseconds < 1_000)
        #expect(Verdict.stoppedWaiting.name.en == "Stopped: waited too long without using the CPU")
    }

    @Test("a compile that waits on its own output is stopped in seconds and says so, not 'took longer than 15000 ms'")
    func compileThatWaits() throws {
        let started = Date()
        let report = try TestSandbox.grade("c", "#include </proc/self/fd/1>\nint main(void) { return 0; }\n")
        #expect(report.verdict == .compileError)
        let message = report.compileOutput ?? ""
        #expect(message.contains("without using the CPU") || message.contains("did not finish within"), "\(message.prefix(300))")
        #expect(!message.contains("15000 ms"))
        #expect(Date().timeIntervalSince(started) < 20, "the worker is not held for the 30 s wall limit")
    }

    @Test("a diff of two unrelated 100 KB attempts answers at once, and the server keeps answering meanwhile")
    func largeDiffIsBounded() async throws {
        try await withApp { app, f, _ in
            let assignment = try await app.makeSumAssignment(f.cohortA, by: try await app.token(f.staffA.email))
            let trainee = try await app.token(f.traineeA.email)
            func big(_ tag: String) -> String {
                (0..<4_500).map { "# \(tag) line \($0) padding padding" }.joined(separator: "\n").prefix(99_000) + "\nprint(1)\n"
            }
            let first = try await app.submit(assignment, by: trainee, source: big("old"))
            let second = try await app.submit(assignment, by: trainee, source: big("new"))
            let mentor = try await app.login(f.mentorA.email)
            let started = Date()
            async let page = app.testing().test(.GET, "/submissions/\(second)/diff?against=\(first)", headers: mentor.headers()) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("줄 단위로 맞춰 보여 줄 수 없습니다"))
            }
            try await app.testing().test(.GET, "/healthz") { res in #expect(res.status == .ok) }
            _ = try await page
            #expect(Date().timeIntervalSince(started) < 10)
        }
    }
}
