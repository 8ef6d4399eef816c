import Foundation
#if canImport(Glibc)
import Glibc
#endif
import IeumCore
import NIOConcurrencyHelpers

/// Grades `submissions` A+B programs (half Python, half C, `tests` tests each) on `workers` threads through the
/// real sandbox, as the grading queue's workers do; returns the wall time in seconds and the verdicts seen.
public enum GradingBenchmark {
    public static func run(submissions: Int, tests: Int, workers: Int) throws -> (seconds: Double, verdicts: [String: Int]) {
        guard let helper = Sandbox.locateHelper() else { throw SandboxError.unavailable("ieum-box not found next to ieum") }
        let grader = Grader(sandbox: Sandbox(helper: helper, boxes: max(8, workers * 4)))
        let cases = (0..<tests).map { i in GradingTest(name: "\(i)", input: "\(i) \(i * 7)\n", expected: "\(i * 8)\n") }
        let programs = [
            "python3": "a, b = map(int, input().split())\nprint(a + b)\n",
            "c": "#include <stdio.h>\nint main(void){long a,b;scanf(\"%ld %ld\",&a,&b);printf(\"%ld\\n\",a+b);return 0;}\n",
        ]
        let next = NIOLockedValueBox(0)
        let seen = NIOLockedValueBox<[String: Int]>([:])
        let failure = NIOLockedValueBox<(any Error)?>(nil)
        let started = Date()
        let group = DispatchGroup()
        for _ in 0..<max(1, workers) {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                while true {
                    let n = next.withLockedValue { value -> Int in value += 1; return value }
                    guard n <= submissions else { return }
                    let language = n % 2 == 0 ? Language.named("python3")! : Language.named("c")!
                    do {
                        let report = try grader.grade(GradingRequest(language: language, source: programs[language.id]!, tests: cases))
                        seen.withLockedValue { $0[report.verdict.rawValue, default: 0] += 1 }
                        if report.verdict != .accepted {
                            FileHandle.standardError.write(Data("not accepted: \(language.id) \(report)\n".utf8))
                        }
                    } catch {
                        failure.withLockedValue { $0 = error }
                        return
                    }
                }
            }
        }
        group.wait()
        if let error = failure.withLockedValue({ $0 }) { throw error }
        return (Date().timeIntervalSince(started), seen.withLockedValue { $0 })
    }
}

/// The sandbox's cost per run as the grader pays it: a held box (its launcher already in the box's cgroup)
/// running a program, against the same program started bare from this process; milliseconds per run.
public enum SandboxOverheadBenchmark {
    public struct Result: Sendable {
        public let name: String
        public let bare: [Double]
        public let sandboxed: [Double]
    }

    /// posix_spawn and waitpid: the cheapest way to start a program, for the bare side of the comparison.
    static func spawnAndWait(_ command: [String]) throws {
        var pid: pid_t = 0
        let argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var environment: [UnsafeMutablePointer<CChar>?] = [nil]
        guard posix_spawn(&pid, command[0], nil, nil, argv, &environment) == 0 else { throw SandboxError.helperFailed("cannot start \(command[0])") }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    public static func run(runs: Int) throws -> [Result] {
        guard let helper = Sandbox.locateHelper() else { throw SandboxError.unavailable("ieum-box not found next to ieum") }
        let sandbox = Sandbox(helper: helper, boxes: 8)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ieum-overhead-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "int main(void) { return 0; }\n".write(toFile: folder + "/trivial.c", atomically: true, encoding: .utf8)
        _ = try Sandbox.execute("/usr/bin/gcc", ["-O2", "-o", folder + "/trivial", folder + "/trivial.c"])
        let cases: [(String, [String], [String])] = [
            ("trivial C program", [folder + "/trivial"], ["./trivial"]),
            ("python3 -c pass", ["/usr/bin/python3", "-c", "pass"], ["/usr/bin/python3", "-c", "pass"]),
        ]
        return try sandbox.withBox { box in
            try box.write("trivial", Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/trivial"))), executable: true)
            return try cases.map { name, bareCommand, boxCommand in
                var bare: [Double] = [], sandboxed: [Double] = []
                for round in 0..<(runs + 10) {
                    let started = Date()
                    try spawnAndWait(bareCommand)
                    let middle = Date()
                    let run = try box.run(boxCommand, limits: SandboxLimits())
                    let ended = Date()
                    guard run.status == .exited, run.exitCode == 0 else { throw SandboxError.helperFailed("\(name): \(run.stderrText)") }
                    if round >= 10 {  // warm-up rounds are not counted
                        bare.append(middle.timeIntervalSince(started) * 1000)
                        sandboxed.append(ended.timeIntervalSince(middle) * 1000)
                    }
                }
                return Result(name: name, bare: bare, sandboxed: sandboxed)
            }
        }
    }
}
