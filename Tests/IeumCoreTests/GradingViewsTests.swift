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
            AttemptFacts(personID: 1, assignmentID: 10, points: 70, late: true, reviewScore: 95),
            AttemptFacts(personID: 1, assignmentID: 11, points: nil, late: false),
            AttemptFacts(personID: 2, assignmentID: 10, points: 100, late: false),
        ])
        #expect(cells[1]?[10] == { var c = GradebookCell(); c.best = 95; c.attempts = 3; c.bestWasLate = true; c.anyLate = true; return c }())
        #expect(cells[1]?[11]?.best == nil && cells[1]?[11]?.attempts == 1, "still being graded")
        #expect(Gradebook.total(cells[1]!, assignments: [10, 11, 12]) == 95)
        #expect(cells[2]?[10]?.best == 100)
    }
}
