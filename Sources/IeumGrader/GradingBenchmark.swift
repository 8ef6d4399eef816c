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
/// running a program, against the same program started by a bare `bwrap` with the same namespaces and mounts
/// (the floor of this design) and against the bare program; milliseconds per run, the three alternating (the two
/// sandboxed kinds in turns, so neither always pays for the other's namespace teardown).
public enum SandboxOverheadBenchmark {
    public struct Result: Sendable {
        public let name: String
        public let bare: [Double]
        public let bareBwrap: [Double]
        public let sandboxed: [Double]
    }

    /// posix_spawn and waitpid: the cheapest way to start a program, for the bare sides of the comparison.
    static func spawnAndWait(_ command: [String]) throws {
        var pid: pid_t = 0
        let argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var environment: [UnsafeMutablePointer<CChar>?] = [nil]
        guard posix_spawn(&pid, command[0], nil, nil, argv, &environment) == 0 else { throw SandboxError.helperFailed("cannot start \(command[0])") }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        guard status == 0 else { throw SandboxError.helperFailed("\(command.joined(separator: " ")) exited with status \(status)") }
    }

    /// The same bubblewrap call `ieum-box` makes (namespaces, environment, read-only tree, /proc, /dev, two tmpfs,
    /// the box), without the helper around it: no cgroup, limits, user switch, seccomp filter, polling or pipes.
    static func bareBwrap(folder: String, _ command: [String]) -> [String] {
        var arguments = ["/usr/bin/bwrap", "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session",
                         "--cap-drop", "ALL", "--clearenv", "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin", "--setenv", "HOME", "/box",
                         "--setenv", "LANG", "C.UTF-8", "--ro-bind", "/usr", "/usr"]
        for top in ["/bin", "/sbin", "/lib", "/lib64", "/lib32"] {
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: top) {
                arguments += ["--symlink", target, top]
            } else if FileManager.default.fileExists(atPath: top) {
                arguments += ["--ro-bind", top, top]
            }
        }
        arguments += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache", "--ro-bind-try", "/etc/alternatives", "/etc/alternatives",
                      "--proc", "/proc", "--dev", "/dev",
                      "--size", "16777216", "--tmpfs", "/tmp", "--size", "16777216", "--tmpfs", "/dev/shm",
                      "--bind", folder, "/box", "--chdir", "/box", "--"]
        return arguments + command
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
            var limits = SandboxLimits()
            limits.workReadOnly = true  // as tests run
            return try cases.map { name, bareCommand, boxCommand in
                var bare: [Double] = [], bareBwrap: [Double] = [], sandboxed: [Double] = []
                func timed(_ body: () throws -> Void) rethrows -> Double {
                    let started = Date()
                    try body()
                    return Date().timeIntervalSince(started) * 1000
                }
                for round in 0..<(runs + 10) {
                    let plain = try timed { try spawnAndWait(bareCommand) }
                    // A namespace's teardown finishes in the kernel after its process is gone and slows whatever
                    // starts next: the two sandboxed kinds take turns going first.
                    var wrapped = 0.0, boxed = 0.0
                    for kind in round % 2 == 0 ? [0, 1] : [1, 0] {
                        if kind == 0 {
                            wrapped = try timed { try spawnAndWait(Self.bareBwrap(folder: folder, boxCommand)) }
                        } else {
                            var run: SandboxRun?
                            boxed = try timed { run = try box.run(boxCommand, limits: limits) }
                            guard run?.status == .exited, run?.exitCode == 0 else { throw SandboxError.helperFailed("\(name): \(run?.stderrText ?? "")") }
                        }
                    }
                    if round >= 10 {  // warm-up rounds are not counted
                        bare.append(plain)
                        bareBwrap.append(wrapped)
                        sandboxed.append(boxed)
                    }
                }
                return Result(name: name, bare: bare, bareBwrap: bareBwrap, sandboxed: sandboxed)
            }
        }
    }
}

/// A deadline: a cohort's 200 submissions arrive at once. Each is graded once on a quiet machine (one worker,
/// nothing else running) and once in the burst (`workers` graders at the same time, the queue full); the share of
/// submissions whose verdict differs between the two is what trainees would call unfair (target: none).
public enum DeadlineBurstBenchmark {
    public struct Result: Sendable {
        public let submissions: Int
        public let quietSeconds: Double
        public let burstSeconds: Double
        public let changed: [String]
        public let verdicts: [String: Int]
    }

    /// Realistic programs of a cohort: right answers in Python and C, one that needs most of its CPU limit,
    /// wrong answers, an infinite loop and one that waits for ever.
    static func program(_ n: Int) -> (Language, String) {
        switch n % 10 {
        case 0, 1, 2: return (Language.named("python3")!, "a, b = map(int, input().split())\nprint(a + b)\n")
        case 3, 4: return (Language.named("c")!, "#include <stdio.h>\nint main(void){long a,b;scanf(\"%ld %ld\",&a,&b);printf(\"%ld\\n\",a+b);return 0;}\n")
        case 5, 6: return (Language.named("c")!, """
            #include <stdio.h>
            #include <time.h>
            static double cpu(void) { struct timespec t; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return t.tv_sec + t.tv_nsec / 1e9; }
            int main(void) { long a, b; scanf("%ld %ld", &a, &b); volatile unsigned long x = 0;
                while (cpu() < 0.7) for (int i = 0; i < 100000; i++) x += i;
                printf("%ld\\n", a + b); return 0; }
            """)
        case 7: return (Language.named("python3")!, "a, b = map(int, input().split())\nprint(a - b)\n")
        case 8: return (Language.named("c")!, "int main(void) { volatile long x = 0; for (;;) x++; }\n")
        default:
            // One in fifty waits for ever (each of its tests is stopped by the idle guard, the first twice).
            return n % 50 == 9 ? (Language.named("python3")!, "import time\ntime.sleep(600)\n") : program(0)
        }
    }

    public static func run(submissions: Int, tests: Int, workers: Int) throws -> Result {
        guard let helper = Sandbox.locateHelper() else { throw SandboxError.unavailable("ieum-box not found next to ieum") }
        let grader = Grader(sandbox: Sandbox(helper: helper, boxes: max(8, workers * 4)))
        let cases = (0..<tests).map { i in GradingTest(name: "\(i)", input: "\(i) \(i * 7)\n", expected: "\(i * 8)\n") }
        @Sendable func grade(_ n: Int) throws -> Verdict {
            let (language, source) = program(n)
            return try grader.grade(GradingRequest(language: language, source: source, tests: cases)).verdict
        }
        let quietStarted = Date()
        let quiet = try (0..<submissions).map(grade)
        let quietSeconds = Date().timeIntervalSince(quietStarted)
        let next = NIOLockedValueBox(0)
        let burst = NIOLockedValueBox([Verdict?](repeating: nil, count: submissions))
        let failure = NIOLockedValueBox<(any Error)?>(nil)
        let group = DispatchGroup()
        let burstStarted = Date()
        for _ in 0..<max(1, workers) {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                while true {
                    let n = next.withLockedValue { value -> Int in value += 1; return value - 1 }
                    guard n < submissions else { return }
                    do {
                        let verdict = try grade(n)
                        burst.withLockedValue { $0[n] = verdict }
                    } catch {
                        failure.withLockedValue { $0 = error }
                        return
                    }
                }
            }
        }
        group.wait()
        if let error = failure.withLockedValue({ $0 }) { throw error }
        let burstSeconds = Date().timeIntervalSince(burstStarted)
        let loud = burst.withLockedValue { $0 }
        var changed: [String] = [], verdicts: [String: Int] = [:]
        for n in 0..<submissions {
            verdicts[quiet[n].rawValue, default: 0] += 1
            if loud[n] != quiet[n] { changed.append("#\(n) (kind \(n % 10)): \(quiet[n].rawValue) → \(loud[n]?.rawValue ?? "none")") }
        }
        return Result(submissions: submissions, quietSeconds: quietSeconds, burstSeconds: burstSeconds, changed: changed, verdicts: verdicts)
    }
}
