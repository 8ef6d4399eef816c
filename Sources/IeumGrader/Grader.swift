import Foundation
import IeumCore

/// One test of an assignment as the grader needs it.
public struct GradingTest: Sendable {
    public let name: String
    public let input: String
    public let expected: String
    public let weight: Int
    public let isSample: Bool

    public init(name: String, input: String, expected: String, weight: Int = 1, isSample: Bool = false) {
        self.name = name
        self.input = input
        self.expected = expected
        self.weight = weight
        self.isSample = isSample
    }
}

/// A program written by staff that decides whether an output is right (for problems with several right
/// answers). Run as `checker input.txt output.txt answer.txt`: exit 0 accepts, 1 or 2 rejects.
public struct CheckerProgram: Sendable {
    public let language: Language
    public let source: String

    public init(language: Language, source: String) {
        self.language = language
        self.source = source
    }
}

public struct GradingRequest: Sendable {
    public let language: Language
    public let source: String
    public let tests: [GradingTest]
    public let limits: SandboxLimits
    public let comparison: OutputComparison
    public let checker: CheckerProgram?
    public let points: Double
    public let compileLimits: SandboxLimits

    public init(language: Language, source: String, tests: [GradingTest], limits: SandboxLimits = SandboxLimits(),
                comparison: OutputComparison = .whitespace, checker: CheckerProgram? = nil, points: Double = 100,
                compileLimits: SandboxLimits = .compile) {
        self.compileLimits = compileLimits
        self.language = language
        self.source = source
        self.tests = tests
        self.limits = limits
        self.comparison = comparison
        self.checker = checker
        self.points = points
    }
}

public struct TestReport: Sendable, Equatable, Codable {
    public let name: String
    public let verdict: Verdict
    public let cpuMilliseconds: Int
    public let memoryKilobytes: Int
    public let exitCode: Int
    public let signal: Int
    /// Only for sample tests: what the program printed (capped) — hidden tests show pass or fail only.
    public let output: String?
    public let errorOutput: String?
    /// Only for sample tests: the test's input and the expected output (capped), to show beside `output`.
    public var input: String? = nil
    public var expected: String? = nil
    /// Stopped twice by the wall-clock guard without using its CPU time (the run was repeated once).
    public var repeated: Bool? = nil

    /// Only sample tests carry what the program printed (reports from before `input` was kept have no input).
    public var isSample: Bool { input != nil || output != nil }
}

public struct GradingReport: Sendable, Equatable, Codable {
    public let verdict: Verdict
    public let passed: Int
    public let total: Int
    public let points: Double
    /// The compiler's message, capped, when compilation failed.
    public let compileOutput: String?
    public let tests: [TestReport]
}
