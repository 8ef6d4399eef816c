@testable import App
import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting

/// Issue 22, parts 5 and 6: results a trainee and a mentor can act on, and review that fits a mentor's day.
@Suite("Results to act on, and the mentor's review day")
struct ResultsAndReviewTests {
    static let crashes = "a, b = map(int, input().split())\nraise ValueError(\"입력이 이상합니다\")\n"
    static let segfault = "#include <stdio.h>\nint main(void) {\n  volatile int *p = 0;\n  *p = 1;\n  return 0;\n}\n"

    @Test("a wrong sample shows input, expected and actual side by side with their difference; a crash shows its exit code, signal and error output")
    func resultsSayWhatWentWrong() async throws {
        try await withApp { app, f, _ in
            let assignment = try await app.makeSumAssignment(f.cohortA, by: try await app.token(f.staffA.email))
            let token = try await app.token(f.traineeA.email)
            let wrong = try await app.submit(assignment, by: token, source: "print(4)\n")
            let crash = try await app.submit(assignment, by: token, source: Self.crashes)
            let signal = try await app.submit(assignment, by: token, language: "c", source: Self.segfault)
            let trainee = try await app.login(f.traineeA.email)
            try await app.testing().test(.GET, "/submissions/\(wrong)", headers: trainee.headers()) { res in
                let html = res.body.string
                #expect(html.contains("data-follow=\"/submissions/\(wrong)/status\""), "a page being graded follows grading")
                #expect(html.contains("<noscript><meta http-equiv=\"refresh\""), "and refreshes itself without JavaScript")
                #expect(html.contains("href=\"/submissions/\(wrong)\">새로 고침</a>"), "with a refresh link")
            }
            try await app.testing().test(.GET, "/submissions/\(wrong)/status", headers: trainee.headers()) { res in
                let status = try res.content.decode(SubmissionPages.Status.self)
                #expect(!status.done && status.state == .queued)
            }
            try await app.drainGradingQueue()
            try await app.testing().test(.GET, "/submissions/\(wrong)/status", headers: trainee.headers()) { res in
                let status = try res.content.decode(SubmissionPages.Status.self)
                #expect(status.done && status.state == .graded && status.label == "오답")
            }
            try await app.testing().test(.GET, "/submissions/\(wrong)", headers: trainee.headers()) { res in
                let html = res.body.string
                #expect(!html.contains("data-follow="), "a graded page no longer follows")
                #expect(html.contains("<h4>입력</h4><pre>1 2\n</pre>"), "the sample's input")
                #expect(html.contains("<h4>기대 출력</h4><pre>3\n</pre>"), "what was expected")
                #expect(html.contains("<h4>내 프로그램의 출력</h4><pre>4\n</pre>"), "what the program printed")
                #expect(html.contains("<code>- 3</code>") && html.contains("<code>+ 4</code>"), "their difference by line")
                #expect(!html.contains("1000000000") && !html.contains("-7 3"), "hidden tests show no data")
            }
            try await app.testing().test(.GET, "/submissions/\(crash)", headers: trainee.headers()) { res in
                let html = res.body.string
                #expect(html.contains("종료 코드 1"), "the exit code")
                #expect(html.contains("ValueError: 입력이 이상합니다"), "the first lines of the error output")
            }
            try await app.testing().test(.GET, "/submissions/\(signal)", headers: trainee.headers()) { res in
                #expect(res.body.string.contains("시그널 11 (SIGSEGV): 잘못된 메모리 접근"), "the signal with its usual cause")
            }
            try await app.testing().test(.GET, "/api/v1/submissions/\(crash)", headers: bearer(token)) { res in
                let out = try res.content.decode(SubmissionOutput.self)
                let sample = try #require(out.tests.first)
                #expect(sample.isSample && sample.exitCode == 1 && sample.expected == "3\n" && sample.input == "1 2\n")
                #expect(sample.errorOutput?.contains("ValueError") == true)
                #expect(out.tests.dropFirst().allSatisfy { !$0.isSample && $0.input == nil && $0.expected == nil && $0.errorOutput == nil && $0.exitCode == nil },
                        "hidden tests: no input, expected or error output")
            }
            try await app.testing().test(.GET, "/api/v1/submissions/\(signal)", headers: bearer(token)) { res in
                let out = try res.content.decode(SubmissionOutput.self)
                #expect(out.tests.first?.signal == 11 && out.tests.first?.signalName == "SIGSEGV")
                #expect(out.tests.dropFirst().allSatisfy { $0.verdict == "runtime_error" && $0.exitCode == nil && $0.signal == nil && $0.signalName == nil },
                        "hidden tests: the verdict only, since a program chooses how it ends")
            }
            // The open page asks every few seconds whether grading ended: a mentor's look is logged once, not per poll.
            let mentor = try await app.login(f.mentorA.email)
            let before = try await AccessLogEntry.query(on: app.db).filter(\.$actorID == f.mentorA.id!).filter(\.$subjectID == f.traineeA.id!).count()
            let looks = { try await AccessLogEntry.query(on: app.db).filter(\.$actorID == f.mentorA.id!).filter(\.$subjectID == f.traineeA.id!).count() - before }
            try await app.testing().test(.GET, "/submissions/\(wrong)/status", headers: mentor.headers()) { res in #expect(res.status == .ok) }
            #expect(try await looks() == 1, "a first poll without a page view is a look at the record")
            for _ in 0..<3 {
                try await app.testing().test(.GET, "/submissions/\(wrong)/status", headers: mentor.headers()) { res in #expect(res.status == .ok) }
            }
            #expect(try await looks() == 1, "the polls that follow it add nothing")
            try await app.testing().test(.GET, "/submissions/\(crash)/status", headers: mentor.headers()) { res in #expect(res.status == .ok) }
            #expect(try await looks() == 2, "another submission is another look")
        }
    }

    @Test("a mentor's score replaces the automatic one on the score card, the trainee's list and the gradebook, with who gave it")
    func mentorScoreCounts() async throws {
        try await withApp { app, f, _ in
            let staff = try await app.token(f.staffA.email)
            let assignment = try await app.makeSumAssignment(f.cohortA, by: staff)
            let attempt = try await app.submit(assignment, by: try await app.token(f.traineeA.email), source: "print(0)\n")
            try await app.drainGradingQueue()
            let mentor = try await app.login(f.mentorA.email)
            try await app.testing().test(.POST, "/submissions/\(attempt)/review", headers: mentor.headers(), beforeRequest: { req in
                try req.content.encode(["_csrf": mentor.csrf, "score": "95", "feedback": "출력 형식만 틀렸습니다.\r\n로직은 맞습니다."], as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther, "\(res.body.string.prefix(300))") }
            let mentorName = f.mentorA.name
            let trainee = try await app.login(f.traineeA.email)
            try await app.testing().test(.GET, "/submissions/\(attempt)", headers: trainee.headers()) { res in
                let html = res.body.string
                #expect(html.contains("<span class=\"num\">95</span>"), "the score card shows the mentor's 95, not 0")
                #expect(html.contains("멘토 \(mentorName) 점수 · 자동 채점 0"))
                #expect(html.contains("리뷰함"), "the attempt is marked reviewed")
            }
            try await app.testing().test(.GET, "/assignments/\(assignment)", headers: trainee.headers()) { res in
                #expect(res.body.string.contains("95 <small class=\"muted\">(멘토 \(mentorName))</small>"), "the trainee's attempts show the counted score")
            }
            try await app.testing().test(.GET, "/api/v1/submissions/\(attempt)", headers: bearer(try await app.token(f.traineeA.email))) { res in
                let out = try res.content.decode(SubmissionOutput.self)
                #expect(out.points == 0 && out.score == 95 && out.scoredBy?.name == mentorName)
            }
            try await app.testing().test(.GET, "/assignments", headers: trainee.headers()) { res in
                #expect(res.body.string.contains("<td data-label=\"최고 점수\">95</td>"), "the trainee's list of assignments counts the mentor's score")
            }
            try await app.testing().test(.GET, "/api/v1/cohorts/\(f.cohortA.id!)/gradebook", headers: bearer(staff)) { res in
                let out = try res.content.decode(GradebookOutput.self)
                let cell = try #require(out.trainees.first { $0.personID == f.traineeA.id! }?.cells[String(assignment)])
                #expect(cell.best == 95 && cell.scoredBy == mentorName)
            }
            try await app.testing().test(.GET, "/cohorts/\(f.cohortA.id!)/gradebook", headers: try await app.login(f.staffA.email).headers()) { res in
                #expect(res.body.string.contains("멘토 \(mentorName)"), "the gradebook says who gave the score")
            }
        }
    }

    @Test("a comment covers a range of lines; a review marks the attempt reviewed and tells the trainee")
    func rangeCommentsAndNotice() async throws {
        try await withApp { app, f, _ in
            let assignment = try await app.makeSumAssignment(f.cohortA, by: try await app.token(f.staffA.email))
            let attempt = try await app.submit(assignment, by: try await app.token(f.traineeA.email), source: FairGradingTests.formProgram)
            try await app.drainGradingQueue()
            let mentor = try await app.login(f.mentorA.email)
            func comment(_ fields: [String: String], _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.POST, "/submissions/\(attempt)/comments", headers: mentor.headers(), beforeRequest: { req in
                    try req.content.encode(fields.merging(["_csrf": mentor.csrf]) { $1 }, as: .urlEncodedForm)
                }, afterResponse: check)
            }
            try await app.testing().test(.POST, "/submissions/\(attempt)/comments", headers: mentor.headers().adding(.referer, "http://localhost/submissions/\(attempt)"), beforeRequest: { req in
                try req.content.encode(["_csrf": mentor.csrf, "line": "1", "body": "a\u{0}b"], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .unprocessableEntity, "a NUL in a comment is refused")
                #expect(res.body.string.contains("href=\"/submissions/\(attempt)?lang=en\""), "English on the error page goes back to the page the form was on")
            }
            try await comment(["line": "3", "line_end": "2", "body": "거꾸로"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("끝 줄은 시작 줄(3)보다 앞일 수 없습니다."))
                #expect(res.body.string.contains("거꾸로"), "what was typed stays in the form")
            }
            try await comment(["line": "2", "line_end": "5", "body": "넘침"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("1에서 4 사이로 입력하세요."))
            }
            #expect(try await ReviewComment.query(on: app.db).count() == 0, "nothing stored from refused comments")
            try await comment(["line": "2", "line_end": "4", "body": "이 세 줄은 print(a + b) 한 줄이면 됩니다."]) { res in #expect(res.status == .seeOther) }
            let saved = try #require(try await ReviewComment.query(on: app.db).first())
            #expect(saved.line == 2 && saved.lineEnd == 4)
            try await app.testing().test(.GET, "/submissions/\(attempt)", headers: mentor.headers()) { res in
                let html = res.body.string
                for line in 2...4 { #expect(html.contains("<tr id=\"L\(line)\" class=\"commented\">"), "line \(line) is marked as covered") }
                #expect(html.contains("<tr id=\"L1\"><td"), "line 1 is not")
                let afterLine4 = html.components(separatedBy: "id=\"L4\"").last ?? ""
                #expect(afterLine4.contains("2–4행") && afterLine4.contains("한 줄이면 됩니다"), "the comment sits under the range's last line")
            }
            try await app.testing().test(.GET, "/api/v1/submissions/\(attempt)/review", headers: bearer(try await app.token(f.traineeA.email))) { res in
                let thread = try res.content.decode(ReviewPages.ThreadOutput.self)
                #expect(thread.comments.map { [$0.line, $0.lineEnd] } == [[2, 4]] && thread.comments.first?.mentor == f.mentorA.name)
                #expect(thread.reviews.isEmpty)
            }
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$personID == f.traineeA.id!).filter(\.$subject ~~ "코드 리뷰").count() == 0,
                    "a comment alone sends nothing")
            for _ in 1...2 {  // a double click
                try await app.testing().test(.POST, "/submissions/\(attempt)/review", headers: mentor.headers(), beforeRequest: { req in
                    try req.content.encode(["_csrf": mentor.csrf, "score": "", "feedback": "구조가 좋습니다."], as: .urlEncodedForm)
                }) { res in #expect(res.status == .seeOther) }
            }
            #expect(try await SubmissionReview.query(on: app.db).count() == 1, "the same review sent twice is kept once")
            let notices = try await OutboxMessage.query(on: app.db).filter(\.$personID == f.traineeA.id!).filter(\.$subject ~~ "코드 리뷰").all()
            #expect(notices.count == 1)
            #expect(notices.first?.link == "/submissions/\(attempt)")
            try await app.testing().test(.GET, "/reviews", headers: mentor.headers()) { res in
                #expect(!res.body.string.contains("/submissions/\(attempt)\""), "reviewed: no longer waiting")
            }
            try await app.testing().test(.GET, "/reviews?state=reviewed", headers: mentor.headers()) { res in
                #expect(res.body.string.contains("/submissions/\(attempt)\""))
            }
        }
    }

    @Test("the queue shows each trainee's latest attempt once, filters by cohort, assignment and state, and opens the mentor's home")
    func queueOfLatestAttempts() async throws {
        try await withApp { app, f, _ in
            let staff = try await app.token(f.staffA.email)
            let sum = try await app.makeSumAssignment(f.cohortA, by: staff)
            let later = try await app.makeSumAssignment(f.cohortA, by: staff, deadline: "2026-11-20T18:00")
            let token = try await app.token(f.traineeA.email)
            _ = try await app.submit(sum, by: token, source: Solutions.onlySmall)
            _ = try await app.submit(sum, by: token, source: "print(3)\n")
            let latest = try await app.submit(sum, by: token, source: Solutions.right)
            let other = try await app.submit(later, by: token, source: Solutions.right)
            try await app.drainGradingQueue()
            let mentor = try await app.login(f.mentorA.email)
            func rows(_ path: String) async throws -> [String] {
                var found: [String] = []
                try await app.testing().test(.GET, path, headers: mentor.headers()) { res in
                    #expect(res.status == .ok)
                    found = res.body.string.components(separatedBy: "<a href=\"/submissions/").dropFirst().map { String($0.prefix { $0 != "\"" }) }
                }
                return found
            }
            #expect(try await rows("/reviews") == ["\(latest)", "\(other)"], "one line per trainee and assignment, oldest deadline first")
            #expect(try await rows("/reviews?assignment=\(later)") == ["\(other)"])
            try await app.testing().test(.GET, "/reviews?assignment=\(later)&state=all", headers: mentor.headers()) { res in
                #expect(res.body.string.contains("href=\"/reviews?assignment=\(later)&amp;state=all&amp;lang=en\""), "English keeps the filters")
            }
            #expect(try await rows("/reviews?cohort=\(f.cohortA.id!)&state=reviewed").isEmpty)
            #expect(try await rows("/reviews?state=all").count == 2)
            #expect(try await rows("/") == ["\(latest)", "\(other)"], "the mentor's home opens on the queue")
            try await app.testing().test(.GET, "/", headers: mentor.headers()) { res in
                #expect(res.body.string.contains("<form method=\"get\" action=\"/\" class=\"filters\">"), "filtered in place on the home page")
            }
            // Another academy's staff naming this cohort in the filter get nothing of it.
            let other2 = try await app.login(f.adminB.email)
            try await app.testing().test(.GET, "/reviews?cohort=\(f.cohortA.id!)&state=all", headers: other2.headers()) { res in
                #expect(!res.body.string.contains("/submissions/"), "another academy's attempts never show")
            }
        }
    }

    @Test("an answer sent after the coding test's time is over is refused beside the code, and the code stays; the box starts with the latest answer")
    func codingTestKeepsTheCode() async throws {
        try await withApp { app, f, clock in
            let cohort = try await app.recruitingCohort(f, seats: 10)
            try await app.openRecruitment(cohort, extra: ["test_minutes": 30, "test_weight": 40])
            let token = try await app.applicant(1)
            let admission = try await app.apply(token, cohort: cohort, [:]).id
            let admin = try await app.token("admin.a@test.kr")
            _ = try await app.post("/api/v1/cohorts/\(cohort.id!)/admissions/advance", admin, ["from": "submitted"])
            let problem = try await app.makeSumAssignment(cohort, by: admin, policy: "refuse", deadline: "2027-01-04T00:00", purpose: "admission_test")
            _ = try await app.post("/api/v1/cohorts/\(cohort.id!)/admissions/advance", admin, ["from": "screening"])
            _ = try await app.post("/api/v1/admissions/\(admission)/test/start", token)
            _ = try await app.post("/api/v1/admissions/\(admission)/test/\(problem)/submissions", token,
                                   ["language": "python3", "source": "print(3)\n", "file_name": "main.py"], expect: .unprocessableEntity)
            let page = try await app.login("applicant1@mail.kr", password: "correct horse battery 1")
            try await app.testing().test(.POST, "/admissions/\(admission)/test/\(problem)", headers: page.headers(), beforeRequest: { req in
                try req.content.encode(["_csrf": page.csrf, "language": "python3", "source": "print(3)\r\n"], as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther) }
            try await app.testing().test(.GET, "/admissions/\(admission)/test", headers: page.headers()) { res in
                let html = res.body.string
                #expect(html.contains("required>\nprint(3)\n</textarea>"), "the box holds the answer sent last (after the newline a browser drops)")
                #expect(html.contains("data-follow=\"/submissions/"), "the attempt being graded is followed in place")
                #expect(html.contains("href=\"/admissions/\(admission)/test#problem-\(problem)\">새로 고침"))
            }
            clock.advance(31 * 60)
            let typed = "a, b = map(int, input().split())\r\nprint(a + b)  # 마지막 답\r\n"
            let session = try await app.login("applicant1@mail.kr", password: "correct horse battery 1")
            try await app.testing().test(.POST, "/admissions/\(admission)/test/\(problem)", headers: session.headers(), beforeRequest: { req in
                try req.content.encode(["_csrf": session.csrf, "language": "python3", "source": typed], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .conflict)
                let html = res.body.string
                #expect(html.contains("시험 시간이 끝났습니다. 더 낼 수 없습니다."), "said beside the code")
                #expect(html.contains("print(a + b)  # 마지막 답"), "what was typed is still there to copy")
            }
            #expect(try await Submission.query(on: app.db).filter(\.$assignment.$id == problem).count() == 1, "the late answer is not stored")
            // A selection-test attempt is the grader's alone: staff cannot score or comment on it.
            let answer = try #require(try await Submission.query(on: app.db).filter(\.$assignment.$id == problem).first()?.id)
            let staff = try await app.token("admin.a@test.kr")
            _ = try await app.post("/api/v1/submissions/\(answer)/review", staff, ["score": "100", "feedback": "좋아요"], expect: .notFound)
            _ = try await app.post("/api/v1/submissions/\(answer)/comments", staff, ["line": "1", "body": "좋아요"], expect: .notFound)
            #expect(try await SubmissionReview.query(on: app.db).count() == 0)
        }
    }
}

extension HTTPHeaders {
    func adding(_ name: HTTPHeaders.Name, _ value: String) -> HTTPHeaders {
        var copy = self
        copy.add(name: name, value: value)
        return copy
    }
}
