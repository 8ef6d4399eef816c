import Foundation
import IeumCore
import IeumGrader
import Vapor

/// What grading found, as a trainee and a mentor act on it: per test the verdict, time, memory and how the run
/// ended; for sample tests the input, the expected and the actual output side by side, their difference, and
/// the first lines of the error output. Hidden tests show no data, only the verdict and the ending.
enum SubmissionResults {
    static func pending(_ req: Request, _ s: Submission) -> HTML {
        let lang = req.lang
        let id = s.id ?? 0
        return """
            <noscript><meta http-equiv="refresh" content="3"></noscript>
            <p class="lead" role="status"><span data-follow="\(AssignmentRoutes.submissionStatus(id))" data-follow-reload>\(SubmissionPages.verdictBadge(s, lang))</span>
            \(lang.pick("채점이 끝나면 이 화면이 저절로 바뀝니다.", "This page updates by itself when grading is done."))
            <a href="\(AssignmentRoutes.submission(id))">\(lang.pick("새로 고침", "Refresh"))</a></p>
            """
    }

    static func section(_ req: Request, _ s: Submission, counted: CountedScore) async throws -> HTML {
        let lang = req.lang
        let reports = Submissions.reports(of: s)
        // Expected against actual output of each sample, bounded by the grader's caps and by LineDiff's, and
        // off the event loop all the same.
        let pairs = reports.map { t in t.expected.flatMap { e in t.output.map { (e, $0) } } }
        let diffs = try await req.application.threadPool.runIfActive(eventLoop: req.eventLoop) {
            pairs.map { pair in pair.map { LineDiff.lines(from: $0.0, to: $0.1) } }
        }.get()
        let rows = reports.map { t -> [HTML] in
            // In a few words here; the sample's panel and the title explain the cause.
            // Hidden tests show no ending: a program picks its exit code, and could spell out the hidden input with it.
            let full = t.isSample ? RunEnding.describe(exitCode: t.exitCode, signal: t.signal) : nil
            let brief = t.isSample ? RunEnding.brief(exitCode: t.exitCode, signal: t.signal) : nil
            let ending: HTML = brief.map { "<span title=\"\(full?.in(lang) ?? "")\">\($0.in(lang))</span>" } ?? "—"
            let hidden = lang.pick("숨김", "hidden")
            return ["\(t.name)\(t.isSample || t.name.localizedCaseInsensitiveContains(hidden) ? "" : " (\(hidden))")",
                    Components.badge(t.verdict.name.in(lang), t.verdict.isAccepted ? "ok" : "bad"),
                    "\(t.cpuMilliseconds) ms", "\(t.memoryKilobytes / 1024) MB", t.verdict == .accepted ? "—" : ending]
        }
        let samples = zip(reports, diffs).compactMap { t, diff -> HTML? in
            guard t.isSample else { return nil }
            return sample(t, input: t.input ?? "", diff: diff, lang)
        }
        let compile: HTML = s.compileOutput.map { "<h3>\(lang.pick("컴파일러 메시지", "Compiler message"))</h3><pre class=\"compile\">\($0)</pre>" } ?? .empty
        let scoreLabel = counted.isMentors
            ? lang.pick("멘토 \(counted.mentorName ?? "") 점수 · 자동 채점 \(counted.automatic.map(AssignmentPages.points) ?? "—")",
                        "score by mentor \(counted.mentorName ?? "") · automatic \(counted.automatic.map(AssignmentPages.points) ?? "—")")
            : lang.pick("점수 (자동 채점)", "score (automatic)")
        return """
            <div class="stats"><div class="stat"><span class="num">\(s.passed ?? 0)/\(s.total ?? 0)</span><span>\(lang.pick("통과", "passed"))</span></div>
            <div class="stat"><span class="num">\(counted.points.map(AssignmentPages.points) ?? "—")</span><span>\(scoreLabel)\(s.lateDays > 0 ? " · " + lang.pick("\(s.lateDays)일 늦음", "\(s.lateDays) d late") : "")</span></div></div>
            <p>\(SubmissionPages.verdictBadge(s, lang))</p>
            \(compile)
            \(reports.isEmpty ? HTML.empty : Components.table(headers: [lang.pick("테스트", "Test"), lang.pick("결과", "Result"), lang.pick("CPU 시간", "CPU time"),
                                                                       lang.pick("메모리", "Memory"), lang.pick("종료", "Ending")], rows: rows, empty: "", compact: true))
            \(samples)
            """
    }

    static func sample(_ t: TestReport, input: String, diff: LineDiff.Outcome?, _ lang: Lang) -> HTML {
        let wrong = t.verdict != .accepted
        let difference: HTML
        if wrong, t.verdict == .wrongAnswer, case let .lines(lines)? = diff {
            let rows = lines.map { line -> HTML in
                switch line {
                case let .same(_, _, text): "<tr><td class=\"src\"><code>  \(text)</code></td></tr>"
                case let .removed(_, text): "<tr class=\"removed\"><td class=\"src\"><code>- \(text)</code></td></tr>"
                case let .added(_, text): "<tr class=\"added\"><td class=\"src\"><code>+ \(text)</code></td></tr>"
                }
            }
            difference = """
                <h4>\(lang.pick("차이 (- 기대한 줄, + 내 프로그램이 낸 줄)", "Difference (- expected, + your program's)"))</h4>
                <div class="table-wrap"><table class="code diff compact"><tbody>\(rows)</tbody></table></div>
                """
        } else {
            difference = .empty
        }
        let stderr: HTML
        if let errors = t.errorOutput, !errors.isEmpty {
            let (shown, fewerLines) = RunEnding.firstLines(errors)
            let cut = fewerLines || errors.hasSuffix("\n…")  // the grader keeps the first 8 KB and marks the cut so
            stderr = "<h4>\(lang.pick("오류 출력", "Error output"))\(cut ? " " + lang.pick("(앞부분)", "(first lines)") : "")</h4><pre class=\"compile\">\(shown)</pre>"
        } else {
            stderr = .empty
        }
        let ending: HTML = wrong ? (RunEnding.describe(exitCode: t.exitCode, signal: t.signal).map { "<p class=\"notice\">\($0.in(lang))</p>" } ?? .empty) : .empty
        return """
            <section class="panel sample">
            <h3>\(t.name) \(Components.badge(t.verdict.name.in(lang), wrong ? "bad" : "ok"))</h3>
            \(ending)
            <div class="sample-io three"><div><h4>\(lang.pick("입력", "Input"))</h4><pre>\(input)</pre></div>
            <div><h4>\(lang.pick("기대 출력", "Expected output"))</h4><pre>\(t.expected ?? "")</pre></div>
            <div><h4>\(lang.pick("내 프로그램의 출력", "Your program's output"))</h4><pre>\(t.output ?? "")</pre></div></div>
            \(difference)
            \(stderr)
            </section>
            """
    }
}
