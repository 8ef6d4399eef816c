import Fluent
import Foundation
import IeumCore
import Vapor

extension RecruitmentPages {
    static func codingTest(_ req: Request, _ t: CodingTestOutput, admission a: Admission, errors: [FieldError], values: [String: String]) async throws -> Response {
        let lang = req.lang
        let id = a.id!
        var body: [HTML] = []
        if t.startedAt == nil {
            let lastDay = t.startBy.map { Day($0.addingTimeInterval(-1)) }
            let over = t.startBy.map { req.now >= $0 } ?? false
            let start: HTML = a.status != .test
                ? "<p class=\"notice\">\(lang.pick("코딩 테스트 단계가 되면 시작할 수 있습니다.", "You can start once your application reaches the test stage."))</p>"
                : over ? "<p class=\"notice\">\(lang.pick("시작 기한(\(lastDay!) 24:00)이 지났습니다. 사정이 있었다면 캠퍼스에 문의하세요.", "The time to start (until \(lastDay!) 24:00 KST) is over. If something kept you, ask the campus."))</p>"
                : """
                    \(lastDay.map { "<p><strong>\(lang.pick("\($0) 24:00까지 시작하세요.", "Start by \($0) 24:00 KST."))</strong></p>" as HTML } ?? .empty)
                    <form method="post" action="\(RecruitmentRoutes.startTest(id))">\(Layout.csrfField(req))<button class="button primary" type="submit">\(lang.pick("시험 시작", "Start the test"))</button></form>
                    """
            body.append("""
                <section class="panel"><p>\(lang.pick("시작하면 \(t.minutes)분 동안 문제를 풀 수 있습니다. 시간은 시작한 순간부터 잽니다. 한 번 시작하면 멈출 수 없습니다.",
                                                      "Once you start you have \(t.minutes) minutes; the time runs from that moment and cannot be paused."))</p>
                <p>\(lang.pick("문제마다 여러 번 낼 수 있고, 가장 높은 점수가 반영됩니다.", "You may answer each problem several times; the best counts."))</p>
                \(start)
                </section>
                """)
        } else if let ends = t.endsAt {
            body.append(t.open
                ? "<p class=\"notice\">\(lang.pick("종료 시각 \(KoreanFormats.dateTime(ends)) (KST). 그 뒤에는 답안을 받지 않습니다.", "Ends at \(KoreanFormats.dateTime(ends)) KST; no answers are taken after that."))</p>"
                : "<p class=\"notice\">\(lang.pick("시험 시간이 끝났습니다.", "Your test time is over."))\(t.score.map { lang.pick(" 점수: \(score($0))점", " Score: \(score($0))") } ?? "")</p>")
        }
        for p in t.problems {
            let samples = p.samples.map { s -> HTML in
                "<div class=\"sample-io\"><div><h4>\(lang.pick("입력", "Input"))</h4><pre>\(s.input)</pre></div><div><h4>\(lang.pick("출력", "Output"))</h4><pre>\(s.expected)</pre></div></div>"
            }
            let attempts = p.attempts.map { at -> [HTML] in
                let pending = [SubmissionState.queued, SubmissionState.grading].contains(at.state)
                let badge: HTML = at.verdict.flatMap(Verdict.init(rawValue:)).map { Components.badge($0.name.in(lang), $0 == .accepted ? "ok" : "bad") }
                    ?? Components.badge(at.state.name.in(lang), "info")
                // Followed in place, not by reloading: the code box of another problem may hold unsent work.
                let verdict: HTML = pending ? "<span data-follow=\"\(AssignmentRoutes.submissionStatus(at.id))\" data-follow-points=\"points-\(at.id)\">\(badge)</span>" : badge
                return ["\(KoreanFormats.clockTime(at.submittedAt))", verdict,
                        "<span id=\"points-\(at.id)\">\(at.points.map { String(format: "%.0f", $0) } ?? "—")</span>/\(String(format: "%.0f", p.points))"]
            }
            let grading = p.attempts.contains { [SubmissionState.queued, SubmissionState.grading].contains($0.state) }
            let refresh: HTML = grading ? "<p class=\"muted\" role=\"status\">\(lang.pick("채점 중인 답안은 끝나면 결과가 저절로 나타납니다.", "Answers being graded show their result by themselves.")) <a href=\"\(RecruitmentRoutes.test(id))#problem-\(p.id)\">\(lang.pick("새로 고침", "Refresh"))</a></p>" : .empty
            let mine = values["problem"] == String(p.id)
            // The code box keeps what was typed after an error, and otherwise holds the latest answer sent.
            let latest = p.attempts.first
            let sourceValue = mine ? values["source"] ?? "" : latest?.source ?? ""
            let languageValue = mine ? values["language"] ?? "" : latest?.language ?? ""
            let form: HTML = t.open ? """
                <form method="post" action="\(RecruitmentRoutes.answerTest(id, p.id))" class="form" novalidate>\(Layout.csrfField(req))
                \(Components.field(FieldSpec(name: "language", label: Localized("언어", "Language"),
                                             kind: .select(p.languages.compactMap(Language.named).map { .init(value: $0.id, label: $0.name) })),
                                   value: languageValue, error: mine ? errors.first { $0.field == "language" } : nil, lang: lang))
                \(Components.field(FieldSpec(name: "source", label: Localized("코드", "Code"), kind: .textarea),
                                   value: sourceValue, error: mine ? errors.first { $0.field == "source" } : nil, lang: lang))
                <button class="button primary" type="submit">\(lang.pick("답안 내기", "Send the answer"))</button></form>
                """ : mine ? keptAnswer(sourceValue, error: errors.first { $0.field == "source" }, lang) : .empty
            body.append("""
                <section class="panel" id="problem-\(p.id)"><h2>\(p.title) <small>(\(String(format: "%.0f", p.points))\(lang.pick("점", " points")))</small></h2>
                <section class="statement">\(HTML(raw: SafeMarkdown.html(p.statement)))</section>
                \(samples.isEmpty ? .empty : "<h3>\(lang.pick("예제", "Samples"))</h3>" as HTML)\(samples)
                \(form)
                \(p.attempts.isEmpty ? .empty : Components.table(headers: [lang.pick("낸 시각", "Sent"), lang.pick("결과", "Result"), lang.pick("점수", "Points")], rows: attempts, empty: "", compact: true))
                \(refresh)
                </section>
                """)
        }
        return Layout.page(req, title: lang.pick("코딩 테스트", "Coding test"), body: "\(body)")
    }

    /// An answer sent after the time ran out: not taken, but shown with the reason so what was typed is not lost.
    static func keptAnswer(_ source: String, error: FieldError?, _ lang: Lang) -> HTML {
        """
        <div class="field has-error"><label for="source-kept">\(lang.pick("받지 않은 답안 (복사해 두세요)", "The answer not taken (copy it to keep it)"))</label>
        <textarea id="source-kept" rows="8" readonly aria-describedby="source-kept-error">
        \(source)</textarea>
        \(error.map { "<p class=\"field-error\" id=\"source-kept-error\">\($0.message.in(lang))</p>" as HTML } ?? .empty)</div>
        """
    }
}
