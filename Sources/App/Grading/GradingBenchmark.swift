import Foundation
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
