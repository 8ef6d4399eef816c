@testable import App
import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting

/// Confirm and tell (issue 24, point 4): an irreversible step asks once with what will happen, and a move that
/// concerns a person is told to them with the reason.
@Suite("Confirm and tell")
struct ConfirmAndTellTests {
    static func hidden(_ name: String, in html: String) -> String? {
        html.components(separatedBy: "name=\"\(name)\" value=\"").dropFirst().first?.components(separatedBy: "\"").first
    }

    @Test("an employer's rejection asks first, then tells the applicant in the app and by mail with the employer's note; recommendations leave applicants out")
    func rejectionAsksAndTells() async throws {
        try await withApp { app, f, clock in
            let (employer, trainee, jobID) = try await app.graduateAndPosting(f, clock: clock)
            let before = try await app.json("/api/v1/jobs/\(jobID)/recommendations", token: employer, as: [RecommendedGraduate].self)
            #expect(before.contains { $0.personID == f.traineeA.id! })
            #expect(try await app.status(.POST, "/api/v1/jobs/\(jobID)/applications", trainee, ["message": "지원합니다"]) == .created)
            let after = try await app.json("/api/v1/jobs/\(jobID)/recommendations", token: employer, as: [RecommendedGraduate].self)
            #expect(!after.contains { $0.personID == f.traineeA.id! }, "someone who applied is in the pipeline, not a recommendation")
            let applicationID = try #require(try await JobApplication.query(on: app.db).first()?.id)

            // Moving on to an interview is told at once (no question: it can be followed by more steps).
            #expect(try await app.status(.POST, "/api/v1/applications/\(applicationID)/stage", employer, ["to": "interview"]) == .ok)
            let interview = try #require(try await OutboxMessage.query(on: app.db).filter(\.$personID == f.traineeA.id!).sort(\.$id, .descending).first())
            #expect(interview.subject.contains("면접") && interview.body.contains("스마트팩토리 백엔드 개발자"))

            let browser = try await app.login("hr@factory.kr")
            let form = ["to": "rejected", "_csrf": browser.csrf]
            var question: [String: String] = [:]
            try await app.testing().test(.POST, "/applications/\(applicationID)/stage", headers: browser.headers(), beforeRequest: { req in
                try req.content.encode(form, as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .ok)
                let html = res.body.string
                #expect(html.contains("김민준 님의 「스마트팩토리 백엔드 개발자」 지원을 불합격으로 정합니다. 지원자에게 알림과 메일이 가고, 되돌릴 수 없습니다."))
                #expect(html.contains("<textarea id=\"f-note\" name=\"note\""))
                #expect(html.contains("href=\"/jobs/\(jobID)\""))   // going back leads to the job's page
                for name in ["to", "_confirmed", "_csrf"] { question[name] = Self.hidden(name, in: html) }
            }
            #expect(try await JobApplication.find(applicationID, on: app.db)?.stage == .interview, "asking changes nothing")
            #expect(question["_confirmed"] == "1" && question["to"] == "rejected")
            // A note too long for the message is refused on the question page itself, with the note kept to shorten.
            let long = String(repeating: "가", count: ConfirmationQuestion.noteLimit + 1)
            try await app.testing().test(.POST, "/applications/\(applicationID)/stage", headers: browser.headers(), beforeRequest: { req in
                try req.content.encode(question.merging(["note": long]) { $1 }, as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                let html = res.body.string
                #expect(html.contains("지원을 불합격으로 정합니다") && html.contains(">\(long)</textarea>"))
                #expect(html.contains("id=\"f-note-error\">\(ConfirmationQuestion.noteLimit)자 이하로 입력하세요."))
            }
            #expect(try await JobApplication.find(applicationID, on: app.db)?.stage == .interview, "a refused answer changes nothing")
            question["note"] = "이번에는 경력 3년 이상인 분을 찾고 있습니다.\r\n다음 공고에 꼭 다시 지원해 주세요."
            try await app.testing().test(.POST, "/applications/\(applicationID)/stage", headers: browser.headers(), beforeRequest: { req in
                try req.content.encode(question, as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/jobs/\(jobID)")
            }
            #expect(try await JobApplication.find(applicationID, on: app.db)?.stage == .rejected)
            let event = try #require(try await ApplicationEvent.query(on: app.db).filter(\.$toStage == "rejected").first())
            #expect(event.note == "이번에는 경력 3년 이상인 분을 찾고 있습니다.\n다음 공고에 꼭 다시 지원해 주세요.")
            let told = try #require(try await OutboxMessage.query(on: app.db).filter(\.$personID == f.traineeA.id!).sort(\.$id, .descending).first())
            #expect(told.subject.contains("불합격"))
            #expect(told.body.contains("채용 담당자의 말: 이번에는 경력 3년 이상인 분을 찾고 있습니다."))
            #expect(told.link == "/jobs/\(jobID)")
            // The applicant reads it in the app.
            let reader = try await app.login("trainee.a@test.kr")
            try await app.testing().test(.GET, "/messages", headers: reader.headers()) { res in
                #expect(res.body.string.contains("이번에는 경력 3년 이상인 분을 찾고 있습니다."))
            }
        }
    }

    @Test("withdrawing an application asks first and, while applications are open, it can be opened again")
    func withdrawAsksAndReopens() async throws {
        try await withApp { app, f, _ in
            let cohort = try await app.recruitingCohort(f, seats: 5)
            try await app.openRecruitment(cohort)
            let token = try await app.applicant(1)
            let sent = try await app.apply(token, cohort: cohort, [:])
            #expect(sent.state == "submitted")
            let browser = try await app.login("applicant1@mail.kr", password: "correct horse battery 1")
            var question: [String: String] = [:]
            try await app.testing().test(.POST, "/admissions/\(sent.id)/withdraw", headers: browser.headers(), beforeRequest: { req in
                try req.content.encode(["_csrf": browser.csrf], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .ok)
                let html = res.body.string
                #expect(html.contains("지원을 취소합니다. 접수 기간 안에는 지원서를 다시 열어 고쳐 낼 수 있지만, 심사는 처음부터 다시 받습니다."))
                #expect(html.contains("지원 취소하기") && html.contains("href=\"/admissions/\(sent.id)\""))
                for name in ["_confirmed", "_csrf"] { question[name] = Self.hidden(name, in: html) }
            }
            #expect(try await Admission.find(sent.id, on: app.db)?.status == .submitted, "asking changes nothing")
            try await app.testing().test(.POST, "/admissions/\(sent.id)/withdraw", headers: browser.headers(), beforeRequest: { req in
                try req.content.encode(question, as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther) }
            #expect(try await Admission.find(sent.id, on: app.db)?.status == .withdrawn)
            // The API never asks: it is the caller's explicit request. Here it is already withdrawn.
            _ = try await app.post("/api/v1/admissions/\(sent.id)/withdraw", token, expect: .conflict)
            try await app.testing().test(.GET, "/admissions/\(sent.id)", headers: browser.headers()) { res in
                #expect(res.body.string.contains("다시 지원하기"))
            }
            try await app.testing().test(.POST, "/admissions/\(sent.id)/reopen", headers: browser.headers(), beforeRequest: { req in
                try req.content.encode(["_csrf": browser.csrf], as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther) }
            #expect(try await Admission.find(sent.id, on: app.db)?.status == .draft)
            try await app.testing().test(.GET, "/admissions/\(sent.id)", headers: browser.headers()) { res in
                let html = res.body.string
                let steps = html.range(of: "<ol class=\"steps\">").flatMap { start in html[start.upperBound...].range(of: "</ol>").map { html[start.upperBound..<$0.lowerBound] } }
                #expect(steps.map { !$0.contains("✓") } == true, "an application opened again starts its steps over")
            }
            let again = try await app.apply(token, cohort: cohort, [:])
            #expect(again.id == sent.id && again.state == "submitted")
        }
    }

    @Test("a drop-out on the enrolment's page asks first; the trainee is told with the reason")
    func dropAsksAndTells() async throws {
        try await withApp { app, f, _ in
            let staff = try await app.login(f.adminA.email)
            let id = f.enrollmentA.id!
            let form = ["to": "dropped", "reason": "조기 취업으로 과정을 그만둡니다", "_csrf": staff.csrf]
            var question: [String: String] = [:]
            try await app.testing().test(.POST, "/enrollments/\(id)/transition", headers: staff.headers(), beforeRequest: { req in
                try req.content.encode(form, as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .ok)
                let html = res.body.string
                #expect(html.contains("김민준 님을 중도 탈락으로 처리합니다."))
                // The reason the trainee will read is shown on the question, to read over or change.
                #expect(html.contains(">조기 취업으로 과정을 그만둡니다</textarea>"))
                for name in ["to", "_confirmed", "_csrf"] { question[name] = Self.hidden(name, in: html) }
            }
            #expect(try await Enrollment.find(id, on: app.db)?.state == "enrolled", "asking changes nothing")
            question["reason"] = "조기 취업으로 과정을 그만둡니다"
            // A reason too long for the message is refused beside the field before anything is asked.
            try await app.testing().test(.POST, "/enrollments/\(id)/transition", headers: staff.headers(), beforeRequest: { req in
                try req.content.encode(form.merging(["reason": String(repeating: "가", count: ConfirmationQuestion.noteLimit + 1)]) { $1 }, as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(!res.body.string.contains("김민준 님을 중도 탈락으로 처리합니다."))
            }
            try await app.testing().test(.POST, "/enrollments/\(id)/transition", headers: staff.headers(), beforeRequest: { req in
                try req.content.encode(question, as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther) }
            #expect(try await Enrollment.find(id, on: app.db)?.state == "dropped")
            let told = try #require(try await OutboxMessage.query(on: app.db).filter(\.$personID == f.traineeA.id!).sort(\.$id, .descending).first())
            #expect(told.subject.contains("중도 탈락") && told.body.contains("사유: 조기 취업으로 과정을 그만둡니다"))
        }
    }
}
