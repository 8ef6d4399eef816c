import Foundation
import IeumCore
import Testing

@Suite("Statements, diffs and gradebooks")
struct GradingViewsTests {
    @Test func markdownNeverPassesMarkupThrough() {
        let html = SafeMarkdown.html("""
            # 제목 <img src=x onerror=alert(1)>
            본문 **굵게** *기울임* `a<b` [링크](https://example.com) [나쁜](javascript:alert(1))

            - 하나
            - 둘

            ```
            <script>alert(1)</script>
            ```
            """)
        #expect(html.contains("<h3>제목 &lt;img src=x onerror=alert(1)&gt;</h3>"))
        #expect(html.contains("<strong>굵게</strong> <em>기울임</em> <code>a&lt;b</code>"))
        #expect(html.contains("<a href=\"https://example.com\" rel=\"nofollow noopener\">링크</a>"))
        #expect(!html.contains("javascript:") && html.contains("나쁜"))
        #expect(html.contains("<ul><li>하나</li><li>둘</li></ul>"))
        #expect(html.contains("<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>"))
        #expect(!html.contains("<script") && !html.contains("<img"))
    }

    @Test func diffAlignsLines() {
        let lines = LineDiff.lines(from: "a\nb\nc\n", to: "a\nB\nc\nd\n")
        #expect(lines == .lines([.same(old: 1, new: 1, text: "a"), .removed(old: 2, text: "b"), .added(new: 2, text: "B"),
                          .same(old: 3, new: 3, text: "c"), .added(new: 4, text: "d")]))
        #expect(LineDiff.lines(from: "", to: "x") == .lines([.added(new: 1, text: "x")]))
    }

    @Test func gradebookKeepsTheBestAttemptAndItsLateness() {
        let cells = Gradebook.cells([
            AttemptFacts(personID: 1, assignmentID: 10, points: 40, late: false),
            AttemptFacts(personID: 1, assignmentID: 10, points: 80, late: true),
            AttemptFacts(personID: 1, assignmentID: 10, points: 70, late: true, reviewScore: 95, reviewerID: 7),
            AttemptFacts(personID: 1, assignmentID: 11, points: nil, late: false),
            AttemptFacts(personID: 2, assignmentID: 10, points: 100, late: false),
        ])
        #expect(cells[1]?[10] == { var c = GradebookCell(); c.best = 95; c.attempts = 3; c.bestWasLate = true; c.anyLate = true; c.bestIsMentors = true; c.bestScoredBy = 7; return c }())
        #expect(cells[1]?[11]?.best == nil && cells[1]?[11]?.attempts == 1, "still being graded")
        #expect(Gradebook.total(cells[1]!, assignments: [10, 11, 12]) == 95)
        #expect(cells[2]?[10]?.best == 100 && cells[2]?[10]?.bestIsMentors == false)
    }

    @Test("a mentor's score replaces the automatic one even when it is lower, and names the mentor")
    func mentorsLowerScoreStands() {
        let cells = Gradebook.cells([AttemptFacts(personID: 1, assignmentID: 10, points: 100, late: false, reviewScore: 60, reviewerID: 3)])
        #expect(cells[1]?[10]?.best == 60 && cells[1]?[10]?.bestScoredBy == 3)
    }

    @Test("a run's ending is named: signal and its usual cause, or the exit code; a clean exit says nothing")
    func runEndings() {
        #expect(RunEnding.describe(exitCode: 0, signal: 11)?.ko.contains("SIGSEGV") == true)
        #expect(RunEnding.describe(exitCode: 0, signal: 11)?.en.contains("invalid memory access") == true)
        #expect(RunEnding.describe(exitCode: 0, signal: 8)?.en.contains("division by zero") == true)
        #expect(RunEnding.describe(exitCode: 0, signal: 42)?.en == "stopped by signal 42")
        #expect(RunEnding.describe(exitCode: 1, signal: 0)?.ko.hasPrefix("종료 코드 1") == true)
        #expect(RunEnding.describe(exitCode: 0, signal: 0) == nil)
        #expect(RunEnding.brief(exitCode: 0, signal: 11)?.en == "signal 11 (SIGSEGV)")
        #expect(RunEnding.brief(exitCode: 3, signal: 0)?.ko == "종료 코드 3")
        #expect(RunEnding.brief(exitCode: 0, signal: 0) == nil)
        let (shown, cut) = RunEnding.firstLines((1...30).map { "줄 \($0)" }.joined(separator: "\r\n"), lines: 20)
        #expect(cut && shown.hasSuffix("줄 20") && !shown.contains("\r"))
    }

    @Test("the review queue holds each trainee's latest attempt per assignment, graded and not yet reviewed, oldest first")
    func reviewQueueTakesLatestAttempts() {
        func at(_ id: Int, person: Int, assignment: Int, attempt: Int, minute: Double, grading: Bool = false, reviewed: Bool = false) -> AttemptRef {
            AttemptRef(id: id, personID: person, assignmentID: assignment, attempt: attempt, submittedAt: Date(timeIntervalSince1970: minute * 60),
                       grading: grading, reviewed: reviewed)
        }
        let attempts = [
            at(1, person: 1, assignment: 10, attempt: 1, minute: 1, reviewed: true),
            at(2, person: 1, assignment: 10, attempt: 2, minute: 5),                   // supersedes its reviewed attempt 1
            at(3, person: 2, assignment: 10, attempt: 1, minute: 3),
            at(4, person: 2, assignment: 11, attempt: 1, minute: 2, reviewed: true),
            at(5, person: 3, assignment: 10, attempt: 1, minute: 4, grading: true),    // nothing to read yet
        ]
        #expect(ReviewWork.queue(attempts, state: .waiting).map(\.id) == [3, 2])
        #expect(ReviewWork.queue(attempts, state: .reviewed).map(\.id) == [4])
        #expect(ReviewWork.queue(attempts, state: .all).map(\.id) == [4, 3, 5, 2])
    }
}
