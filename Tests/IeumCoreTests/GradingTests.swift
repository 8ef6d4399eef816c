import Foundation
import IeumCore
import Testing

@Suite("Grading rules")
struct GradingTests {
    @Test func exactComparisonForgivesOnlyTheFinalNewline() {
        #expect(OutputComparison.exact.matches(expected: "3\n", actual: "3"))
        #expect(OutputComparison.exact.matches(expected: "a b\nc\n", actual: "a b\nc\n\n"))
        #expect(!OutputComparison.exact.matches(expected: "a b\n", actual: "a  b\n"))
        #expect(!OutputComparison.exact.matches(expected: "3\n", actual: " 3\n"))
    }

    @Test func whitespaceComparisonComparesTokens() {
        #expect(OutputComparison.whitespace.matches(expected: "1 2\n3\n", actual: "1\n2 3"))
        #expect(!OutputComparison.whitespace.matches(expected: "1 2 3", actual: "1 2"))
        #expect(!OutputComparison.whitespace.matches(expected: "1.0", actual: "1"))
    }

    @Test func floatComparisonAllowsTheTolerance() {
        let compare = OutputComparison.float(tolerance: 1e-6)
        #expect(compare.matches(expected: "3.1415926", actual: "3.14159265"))
        #expect(compare.matches(expected: "1000000000", actual: "1000000500"), "relative tolerance")
        #expect(!compare.matches(expected: "3.1415926", actual: "3.1416"))
        #expect(compare.matches(expected: "yes 0.5", actual: "yes 0.5000001"))
        #expect(!compare.matches(expected: "yes 0.5", actual: "no 0.5"))
        #expect(!compare.matches(expected: "1", actual: "nan"))
    }

    @Test func judgementTurnsRunsIntoVerdicts() {
        func verdict(_ status: RunStatus, exit: Int = 0, signal: Int = 0, output: String = "3", checker: Bool? = nil) -> Verdict {
            TestJudgement.verdict(status: status, exitCode: exit, signal: signal, output: output, expected: "3",
                                  comparison: .whitespace, checkerAccepted: checker)
        }
        #expect(verdict(.exited) == .accepted)
        #expect(verdict(.exited, output: "4") == .wrongAnswer)
        #expect(verdict(.exited, exit: 1) == .runtimeError, "right output but a failing exit is still an error")
        #expect(verdict(.timeLimit) == .timeLimit)
        #expect(verdict(.memoryLimit) == .memoryLimit)
        #expect(verdict(.outputLimit) == .outputLimit)
        #expect(verdict(.runtimeError, signal: 11) == .runtimeError)
        #expect(verdict(.exited, output: "anything", checker: true) == .accepted)
        #expect(verdict(.exited, checker: false) == .wrongAnswer)
    }

    @Test func scoreIsTheWeightPassedAndTheVerdictTheFirstFailure() {
        let score = SubmissionScore(tests: [(.accepted, 1), (.timeLimit, 1), (.wrongAnswer, 2), (.accepted, 4)], maximum: 100)
        #expect(score.verdict == .timeLimit)
        #expect(score.passed == 2 && score.total == 4)
        #expect(score.points == 62.5)
        #expect(SubmissionScore(tests: [(.accepted, 1), (.accepted, 2)], maximum: 30).points == 30)
        #expect(SubmissionScore(tests: [], maximum: 30).verdict == .internalError, "no tests is a setup error, not a pass")
    }

    @Test func latePolicies() {
        let deadline = Date(timeIntervalSince1970: 1_800_000_000)
        let minuteLate = deadline.addingTimeInterval(60), threeDaysLate = deadline.addingTimeInterval(2 * 86_400 + 1)
        #expect(LatePolicy.daysLate(submittedAt: deadline, deadline: deadline) == 0)
        #expect(LatePolicy.daysLate(submittedAt: minuteLate, deadline: deadline) == 1)
        #expect(LatePolicy.daysLate(submittedAt: threeDaysLate, deadline: deadline) == 3)
        #expect(!LatePolicy.refuse.accepts(submittedAt: minuteLate, deadline: deadline))
        #expect(LatePolicy.refuse.accepts(submittedAt: deadline, deadline: deadline))
        let penalty = LatePolicy.penalty(percentPerDay: 20, floorPercent: 50)
        #expect(penalty.apply(to: 80, submittedAt: minuteLate, deadline: deadline) == 64)
        #expect(penalty.apply(to: 80, submittedAt: threeDaysLate, deadline: deadline) == 40, "never below the floor")
        #expect(penalty.apply(to: 80, submittedAt: deadline, deadline: deadline) == 80)
        #expect(LatePolicy.flagOnly.apply(to: 80, submittedAt: threeDaysLate, deadline: deadline) == 80)
    }

    @Test func everyLanguageNamesItsFileAndCommands() {
        #expect(Set(Language.all.map(\.id)) == ["python3", "c", "cpp", "java", "javascript"])
        for language in Language.all {
            #expect(!language.fileName.isEmpty && !language.run.isEmpty)
        }
        #expect(Language.named("java")!.runCommand(memoryMegabytes: 256).contains("-Xmx256m"))
    }
}
