@testable import App
@testable import IeumGrader
import Foundation
import IeumCore
import Testing

/// Every language of the table, through the real sandbox: right, wrong, crashing and not compiling.
@Suite("Grader languages")
struct GraderLanguageTests {
    static let sums: [(String, String)] = [
        ("python3", "a, b = map(int, input().split())\nprint(a + b)\n"),
        ("c", "#include <stdio.h>\nint main(void) { long a, b; scanf(\"%ld %ld\", &a, &b); printf(\"%ld\\n\", a + b); return 0; }\n"),
        ("cpp", "#include <iostream>\nint main() { long a, b; std::cin >> a >> b; std::cout << a + b << std::endl; }\n"),
        ("java", "import java.util.*;\npublic class Main { public static void main(String[] x) { Scanner s = new Scanner(System.in); System.out.println(s.nextLong() + s.nextLong()); } }\n"),
        ("javascript", "const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(Number);\nconsole.log(a + b);\n"),
    ]

    static let tests = [
        GradingTest(name: "예제 1", input: "1 2\n", expected: "3\n", isSample: true),
        GradingTest(name: "숨김 1", input: "-5 5\n", expected: "0\n"),
        GradingTest(name: "숨김 2", input: "1000000000 1000000000\n", expected: "2000000000\n", weight: 2),
    ]

    @Test(arguments: sums.map(\.0))
    func aCorrectProgramIsAcceptedInEveryLanguage(_ language: String) throws {
        let source = Self.sums.first { $0.0 == language }!.1
        let report = try TestSandbox.grader.grade(GradingRequest(language: Language.named(language)!, source: source,
                                                                 tests: Self.tests, points: 10))
        #expect(report.verdict == .accepted, "\(language): \(report)")
        #expect(report.passed == 3 && report.points == 10)
        #expect(report.tests[0].output == "3\n", "sample output is shown")
        #expect(report.tests[1].output == nil, "hidden test output is not")
    }

    @Test func aWrongAnswerScoresOnlyTheTestsItPasses() throws {
        let source = "a, b = map(int, input().split())\nprint(a + b if a < 100 else 0)\n"
        let report = try TestSandbox.grader.grade(GradingRequest(language: Language.named("python3")!, source: source,
                                                                 tests: Self.tests, points: 10))
        #expect(report.verdict == .wrongAnswer)
        #expect(report.passed == 2)
        #expect(report.points == 5, "weights 1 + 1 of 4")
        #expect(report.tests.map(\.verdict) == [.accepted, .accepted, .wrongAnswer])
    }

    @Test func aCrashIsARuntimeErrorWithItsSignal() throws {
        let report = try TestSandbox.grade("c", "int main(void) { volatile int *p = 0; return *p; }\n")
        #expect(report.verdict == .runtimeError)
        #expect(report.tests.first?.signal == 11)
        let python = try TestSandbox.grade("python3", "raise ValueError('boom')\n")
        #expect(python.verdict == .runtimeError)
        #expect(python.tests.first?.errorOutput?.contains("ValueError: boom") == true)
    }

    @Test func aCompileErrorShowsTheCompilersMessage() throws {
        let report = try TestSandbox.grade("c", "int main(void) { return undefined_name; }\n")
        #expect(report.verdict == .compileError)
        #expect(report.compileOutput?.contains("undefined_name") == true)
        let python = try TestSandbox.grade("python3", "def broken(:\n")
        #expect(python.verdict == .compileError)
        #expect(python.compileOutput?.contains("SyntaxError") == true)
    }

    @Test func aCheckerAcceptsAnyRightAnswer() throws {
        let checker = CheckerProgram(language: Language.named("python3")!, source: """
            import sys
            n = int(open(sys.argv[1]).read())
            a, b = map(int, open(sys.argv[2]).read().split())
            sys.exit(0 if a + b == n and a >= 0 and b >= 0 else 1)
            """)
        let tests = [GradingTest(name: "1", input: "10\n", expected: "", isSample: true)]
        let right = try TestSandbox.grader.grade(GradingRequest(language: Language.named("python3")!,
                                                                source: "n = int(input())\nprint(3, n - 3)\n",
                                                                tests: tests, checker: checker))
        #expect(right.verdict == .accepted)
        let wrong = try TestSandbox.grader.grade(GradingRequest(language: Language.named("python3")!,
                                                                source: "n = int(input())\nprint(3, n)\n",
                                                                tests: tests, checker: checker))
        #expect(wrong.verdict == .wrongAnswer)
    }

    @Test func aPlantedSymlinkIsNeverFollowedByTheHost() throws {
        let canary = "/tmp/ieum-canary-\(UUID().uuidString)"
        try "untouched".write(toFile: canary, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: canary) }
        try TestSandbox.shared.withBox { box in
            try box.write("main.py", Array("import os\nos.symlink('\(canary)', 'notes.txt')\nos.symlink('/etc/shadow', 'input.txt')\n".utf8))
            let run = try box.run(["/usr/bin/python3", "main.py"], limits: SandboxLimits())
            #expect(run.status == .exited && run.exitCode == 0, "\(run.stderrText)")
            #expect(throws: SandboxError.self) { try box.write("notes.txt", Array("overwritten".utf8)) }
            try box.remove("input.txt")
            try box.write("input.txt", Array("fresh".utf8))
        }
        #expect(try String(contentsOfFile: canary, encoding: .utf8) == "untouched")
        #expect(FileManager.default.fileExists(atPath: "/etc/shadow"))
    }
}
