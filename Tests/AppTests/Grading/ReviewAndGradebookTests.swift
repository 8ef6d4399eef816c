@testable import App
import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting

@Suite("Mentor review and gradebook")
struct ReviewAndGradebookTests {
    @Test("a mentor of the cohort comments on a line and scores; the trainee reads it; the view is in the access log")
    func mentorReview() async throws {
        try await withApp { app, f, clock in
            let assignment = try await app.makeSumAssignment(f.cohortA, by: try await app.token(f.staffA.email))
            let trainee = try await app.token(f.traineeA.email)
            let first = try await app.submit(assignment, by: trainee, source: Solutions.onlySmall)
            let second = try await app.submit(assignment, by: trainee, source: Solutions.right)
            try await app.drainGradingQueue()
            let mentor = try await app.token(f.mentorA.email)
            let staff = try await app.token(f.staffA.email)
            // Unassigned from the cohort, the mentor cannot see its submissions; assigned again, they can at once.
            try await app.testing().test(.DELETE, "/api/v1/cohorts/\(f.cohortA.id!)/mentors/\(f.mentorA.id!)", headers: bearer(staff)) { res in
                #expect(res.status == .noContent)
            }
            try await app.testing().test(.GET, "/api/v1/submissions/\(second)", headers: bearer(mentor)) { res in #expect(res.status == .notFound) }
            // Unassigning someone who is not (or no longer) the cohort's mentor finds nothing to remove.
            for nobody in [f.mentorA.id!, 99_999_999] {
                try await app.testing().test(.DELETE, "/api/v1/cohorts/\(f.cohortA.id!)/mentors/\(nobody)", headers: bearer(staff)) { res in
                    #expect(res.status == .notFound)
                }
            }
            try await app.testing().test(.POST, "/api/v1/cohorts/\(f.cohortA.id!)/mentors", headers: bearer(staff), beforeRequest: { req in
                try req.content.encode(["person_id": .int(f.mentorA.id!)] as JSONObject)
            }) { res in #expect(res.status == .ok) }
            try await app.testing().test(.POST, "/api/v1/cohorts/\(f.cohortA.id!)/mentors", headers: bearer(staff), beforeRequest: { req in
                try req.content.encode(["person_id": .int(f.traineeA.id!)] as JSONObject)
            }) { res in #expect(res.status == .unprocessableEntity, "only the academy's mentors can be assigned") }
            try await app.testing().test(.GET, "/api/v1/submissions/\(second)", headers: bearer(mentor)) { res in #expect(res.status == .ok) }
            clock.advance(90 * 60)
            try await app.testing().test(.POST, "/api/v1/submissions/\(second)/comments", headers: bearer(mentor), beforeRequest: { req in
                try req.content.encode(["line": 9, "body": "없는 줄"] as JSONObject)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("1에서 2 사이로"))
            }
            try await app.testing().test(.POST, "/api/v1/submissions/\(second)/comments", headers: bearer(mentor), beforeRequest: { req in
                try req.content.encode(["line": 2, "body": "print 한 줄로 깔끔합니다 <b>굿</b>"] as JSONObject)
            }) { res in #expect(res.status == .created) }
            try await app.testing().test(.POST, "/api/v1/submissions/\(second)/review", headers: bearer(mentor), beforeRequest: { req in
                try req.content.encode(["score": 90, "feedback": "입력 검증을 더해 보세요."] as JSONObject)
            }) { res in #expect(res.status == .created) }
            // The trainee cannot review their own work.
            try await app.testing().test(.POST, "/api/v1/submissions/\(second)/review", headers: bearer(trainee), beforeRequest: { req in
                try req.content.encode(["score": 100, "feedback": "완벽"] as JSONObject)
            }) { res in #expect(res.status == .forbidden) }

            let page = try await app.login(f.traineeA.email)
            try await app.testing().test(.GET, "/submissions/\(second)", headers: page.headers()) { res in
                let html = res.body.string
                #expect(html.contains("print 한 줄로 깔끔합니다 &lt;b&gt;굿&lt;/b&gt;"), "comments are text, shown by their line")
                #expect(html.contains("입력 검증을 더해 보세요."))
                #expect(html.contains("이전 제출 #1과 비교"))
            }
            try await app.testing().test(.GET, "/submissions/\(second)/diff?against=\(first)", headers: page.headers()) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("class=\"removed\"") && res.body.string.contains("class=\"added\""))
                #expect(res.body.string.contains("+ print(a + b)"))
            }
            let s = try #require(try await Submission.find(second, on: app.db))
            #expect(s.firstReviewedAt == fixtureStart.addingTimeInterval(90 * 60))
            let logged = try await AccessLogEntry.query(on: app.db).filter(\.$actorID == f.mentorA.id!).filter(\.$subjectID == f.traineeA.id!).all()
            #expect(!logged.isEmpty, "a mentor's look at a trainee's submission is logged")

            // The gradebook takes the mentor's 90 over the automatic 100.
            let book = try await app.token(f.staffA.email)
            try await app.testing().test(.GET, "/api/v1/cohorts/\(f.cohortA.id!)/gradebook", headers: bearer(book)) { res in
                let out = try res.content.decode(GradebookOutput.self)
                let row = try #require(out.trainees.first { $0.personID == f.traineeA.id! })
                #expect(row.cells[String(assignment)]?.best == 90)
                #expect(row.cells[String(assignment)]?.attempts == 2)
                #expect(row.total == 90)
            }
            let mentorPage = try await app.login(f.mentorA.email)
            try await app.testing().test(.GET, "/reviews", headers: mentorPage.headers()) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("1시간 30분"), "time from submission to first review")
                #expect(!res.body.string.contains("두 수의 합 #"), "the latest attempt is reviewed, the older one is superseded: nothing waits")
            }
            try await app.testing().test(.GET, "/reviews?state=reviewed", headers: mentorPage.headers()) { res in
                #expect(res.body.string.contains("두 수의 합 #2"), "the reviewed latest attempt is under Reviewed")
                #expect(!res.body.string.contains("두 수의 합 #1"), "one line per trainee and assignment")
                #expect(res.body.string.contains("90 <small class=\"muted\">(멘토 "), "the mentor's score is the one shown, with who gave it")
            }
        }
    }

    @Test("the gradebook exports as CSV that Korean Excel reads and as XLSX")
    func gradebookExport() async throws {
        try await withApp { app, f, _ in
            let assignment = try await app.makeSumAssignment(f.cohortA, by: try await app.token(f.staffA.email))
            _ = try await app.submit(assignment, by: try await app.token(f.traineeA.email), source: Solutions.onlySmall)
            try await app.drainGradingQueue()
            let staff = try await app.login(f.staffA.email)
            func download(_ format: String, reason: String, _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.POST, "/cohorts/\(f.cohortA.id!)/gradebook/export", headers: staff.headers(), beforeRequest: { req in
                    try req.content.encode(["_csrf": staff.csrf, "format": format, "reason": reason], as: .urlEncodedForm)
                }, afterResponse: check)
            }
            try await download("csv", reason: "") { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("내려받는 이유를 5자 이상 적으세요."))
            }
            try await download("csv", reason: "중간 평가 회의 자료") { res in
                #expect(res.status == .ok)
                let bytes = Array(res.body.readableBytesView)
                #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "UTF-8 byte-order mark")
                let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
                #expect(text.contains("김민준,33.33,,1,"), "best score, no mentor scored it, attempts: \(text)")
            }
            try await download("xlsx", reason: "중간 평가 회의 자료") { res in
                #expect(Array(res.body.readableBytesView).starts(with: [0x50, 0x4B]), "a zip (XLSX)")
            }
            try await app.testing().test(.GET, "/cohorts/\(f.cohortA.id!)/gradebook", headers: try await app.login(f.traineeA.email).headers()) { res in
                #expect(res.status == .notFound, "trainees have no gradebook of others")
            }
            // One trainee's page: every assignment with the best score and each attempt; the look is logged.
            try await app.testing().test(.GET, "/cohorts/\(f.cohortA.id!)/gradebook/\(f.traineeA.id!)", headers: staff.headers()) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("33.33 / 100"))
                #expect(res.body.string.contains("#1"))
            }
            let looks = try await AccessLogEntry.query(on: app.db).filter(\.$actorID == f.staffA.id!).filter(\.$subjectID == f.traineeA.id!).all()
            #expect(looks.filter { !$0.action.hasPrefix("list") }.count == 1)
            // The two downloads each left a list entry naming the one trainee they showed.
            #expect(looks.filter { $0.action == "list 1" && $0.target.contains("gradebook") }.count == 2)
            try await app.testing().test(.GET, "/cohorts/\(f.cohortA.id!)/gradebook/\(f.traineeB.id!)", headers: staff.headers()) { res in
                #expect(res.status == .notFound, "not a trainee of this cohort")
            }
            try await app.testing().test(.GET, "/cohorts/\(f.cohortA.id!)/gradebook/\(f.traineeA.id!)", headers: try await app.login(f.adminB.email).headers()) { res in
                #expect(res.status == .notFound, "another academy")
            }
        }
    }
}
