import Foundation
import IeumCore

/// Compiles and runs a submission against its tests, every step inside the sandbox.
public struct Grader: Sendable {
    public let sandbox: Sandbox
    static let messageCap = 8_192
    static let sampleOutputCap = 16_384

    public init(sandbox: Sandbox) {
        self.sandbox = sandbox
    }

    public func grade(_ request: GradingRequest) throws -> GradingReport {
        try sandbox.withBoxes(request.checker == nil ? 1 : 2) { boxes in
            let box = boxes[0]
            try box.write(request.language.fileName, Array(request.source.utf8))
            if let failure = try compile(request.language, in: box, limits: request.compileLimits) {
                return GradingReport(verdict: .compileError, passed: 0, total: request.tests.count, points: 0,
                                     compileOutput: failure, tests: [])
            }
            if let checker = request.checker, let failure = try compile(checker.language, source: checker.source, in: boxes[1], limits: .compile) {
                throw SandboxError.helperFailed("the checker does not compile: \(failure)")
            }
            var limits = request.limits.scaled(by: request.language.timeFactor)
            // Tests see the box read-only and get a fresh /tmp each: nothing one test's program writes is there
            // for the next, and hidden inputs reach a program only as its own standard input.
            limits.workReadOnly = true
            let command = request.language.runCommand(memoryMegabytes: max(16, limits.memoryKilobytes / 1024))
            let run = { (test: GradingTest) in
                try box.run(command, stdin: Array(test.input.utf8), limits: limits, readOnlyPaths: request.language.readOnlyPaths)
            }
            var runs = try request.tests.map(run)
            // A run the wall-clock guard stopped under its CPU limit waited rather than computed — on a loaded
            // machine, perhaps, not by its own doing: run it once more after the others, and judge the second.
            // If the first one waits again, the program waits: the others are not run a third time.
            var repeated = Set<Int>()
            for index in runs.indices where runs[index].status == .waited {
                runs[index] = try run(request.tests[index])
                repeated.insert(index)
                if runs[index].status == .waited { break }
            }
            var reports: [TestReport] = []
            for (index, (test, run)) in zip(request.tests, runs).enumerated() {
                let checkerAccepted = try request.checker.flatMap { checker in
                    run.status == .exited && run.exitCode == 0
                        ? try check(run.stdoutText, for: test, with: checker, in: boxes[1]) : nil
                }
                let verdict = TestJudgement.verdict(status: run.status, exitCode: run.exitCode, signal: run.signal,
                                                    output: run.stdoutText, expected: test.expected,
                                                    comparison: request.comparison, checkerAccepted: checkerAccepted)
                var report = TestReport(name: test.name, verdict: verdict, cpuMilliseconds: run.cpuMilliseconds,
                                        memoryKilobytes: run.memoryKilobytes, exitCode: run.exitCode, signal: run.signal,
                                        output: test.isSample ? Self.capped(run.stdoutText, Self.sampleOutputCap) : nil,
                                        errorOutput: test.isSample ? Self.capped(run.stderrText, Self.messageCap) : nil)
                if test.isSample {
                    report.input = Self.capped(test.input, Self.sampleOutputCap)
                    report.expected = Self.capped(test.expected, Self.sampleOutputCap)
                }
                if repeated.contains(index) { report.repeated = true }
                reports.append(report)
            }
            let score = SubmissionScore(tests: zip(reports, request.tests).map { ($0.verdict, $1.weight) },
                                        maximum: request.points)
            return GradingReport(verdict: score.verdict, passed: score.passed, total: score.total, points: score.points,
                                 compileOutput: nil, tests: reports)
        }
    }

    /// nil when the program compiled (or needs no compiling); otherwise what the trainee should read.
    func compile(_ language: Language, source: String? = nil, in box: SandboxBox, limits: SandboxLimits) throws -> String? {
        if let source { try box.write(language.fileName, Array(source.utf8)) }
        guard let command = language.compile else { return nil }
        var run = try box.run(command, limits: limits, readOnlyPaths: language.readOnlyPaths)
        // As for tests: a compile stopped while waiting is tried once more before it is the trainee's problem.
        if run.status == .waited { run = try box.run(command, limits: limits, readOnlyPaths: language.readOnlyPaths) }
        let message = Self.capped(run.stderrText + run.stdoutText, Self.messageCap)
        switch run.status {
        case .exited where run.exitCode == 0: return nil
        case .timeLimit:
            return "컴파일 시간 초과: CPU \(Self.seconds(limits.cpuMilliseconds))를 넘게 썼습니다 (compilation used more than \(Self.seconds(limits.cpuMilliseconds, english: true)) of CPU time)\n" + message
        case .waited:
            let wall = run.wallMilliseconds >= limits.wallMilliseconds
            let ko = wall ? "\(Self.seconds(limits.wallMilliseconds)) 안에 끝나지 않았습니다" : "\(Self.seconds(limits.idleMilliseconds)) 넘게 CPU를 쓰지 않고 기다렸습니다"
            let en = wall ? "did not finish within \(Self.seconds(limits.wallMilliseconds, english: true))" : "waited more than \(Self.seconds(limits.idleMilliseconds, english: true)) without using the CPU"
            return "컴파일 중단: \(ko) — 끝나지 않는 파일이나 입력을 읽고 있지 않은지 확인하세요 (compilation stopped: it \(en); is it reading a file or input that never ends?)\n" + message
        case .memoryLimit: return "컴파일 메모리 초과 (compilation used more than \(limits.memoryKilobytes / 1024) MB)\n" + message
        case .outputLimit: return "컴파일러 출력이 너무 깁니다 (compiler output too long)\n" + message
        default: return message.isEmpty ? "컴파일 실패 (exit \(run.exitCode), signal \(run.signal))" : message
        }
    }

    static func seconds(_ milliseconds: Int, english: Bool = false) -> String {
        let value = milliseconds % 1000 == 0 ? "\(milliseconds / 1000)" : String(Double(milliseconds) / 1000)
        return english ? "\(value) s" : "\(value)초"
    }

    /// Runs the checker on one test: its inputs are written fresh each time (never through an existing path).
    func check(_ output: String, for test: GradingTest, with checker: CheckerProgram, in box: SandboxBox) throws -> Bool? {
        for (name, text) in [("input.txt", test.input), ("output.txt", output), ("answer.txt", test.expected)] {
            try box.remove(name)
            try box.write(name, Array(text.utf8))
        }
        let command = checker.language.runCommand(memoryMegabytes: 256) + ["input.txt", "output.txt", "answer.txt"]
        var limits = SandboxLimits().scaled(by: checker.language.timeFactor * 5)
        limits.outputKilobytes = 64
        let run = try box.run(command, limits: limits, readOnlyPaths: checker.language.readOnlyPaths)
        switch (run.status, run.exitCode, run.signal) {
        case (.exited, 0, 0): return true
        case (.runtimeError, 1, 0), (.runtimeError, 2, 0): return false
        default:
            throw SandboxError.helperFailed("the checker failed (\(run.status.rawValue), exit \(run.exitCode), signal \(run.signal)): \(run.stderrText)")
        }
    }

    static func capped(_ text: String, _ limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        return String(decoding: text.utf8.prefix(limit), as: UTF8.self) + "\n…"
    }
}
