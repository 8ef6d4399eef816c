/// Turns how a run ended, and what it printed, into a test's verdict.
public enum TestJudgement {
    /// `checkerAccepted` is the verdict of a checker program where the test has one; otherwise the output is
    /// compared with `expected`.
    public static func verdict(status: RunStatus, exitCode: Int, signal: Int, output: String, expected: String,
                               comparison: OutputComparison, checkerAccepted: Bool? = nil) -> Verdict {
        switch status {
        case .timeLimit: return .timeLimit
        case .memoryLimit: return .memoryLimit
        case .outputLimit: return .outputLimit
        case .runtimeError: return .runtimeError
        case .waited: return .stoppedWaiting
        case .exited:
            guard exitCode == 0, signal == 0 else { return .runtimeError }
            if let checkerAccepted { return checkerAccepted ? .accepted : .wrongAnswer }
            return comparison.matches(expected: expected, actual: output) ? .accepted : .wrongAnswer
        }
    }
}

/// A submission's result from its tests: every test has a weight; the score is the share of weight passed
/// times the assignment's points; the verdict is that of the first failed test, or accepted.
public struct SubmissionScore: Sendable, Equatable {
    public let verdict: Verdict
    public let passed: Int
    public let total: Int
    /// Points before any late penalty.
    public let points: Double

    public init(tests: [(verdict: Verdict, weight: Int)], maximum: Double) {
        total = tests.count
        passed = tests.filter { $0.verdict.isAccepted }.count
        let weight = tests.reduce(0) { $0 + max(0, $1.weight) }
        let earned = tests.filter { $0.verdict.isAccepted }.reduce(0) { $0 + max(0, $1.weight) }
        points = weight == 0 ? 0 : (maximum * Double(earned) / Double(weight) * 100).rounded() / 100
        verdict = tests.first { !$0.verdict.isAccepted }?.verdict ?? (tests.isEmpty ? .internalError : .accepted)
    }
}
