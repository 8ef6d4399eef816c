@testable import App
import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting

@Suite("Coding test deadline")
struct CodingTestDeadlineTests {
    @Test("the coding test's last day is on the applicant's home and test page, and the test cannot be started after it")
    func startByTheLastDay() async throws {
        try await withApp { app, f, clock in
            let cohort = try await app.recruitingCohort(f, seats: 5)
            let admin = try await app.token("admin.a@test.kr")
            func put(_ lastDay: JSONLit?) async throws -> HTTPStatus {
                let admin = try await app.token("admin.a@test.kr")   // a staff session ends after 30 idle minutes
                var body: JSONObject = ["opens_on": "2026-11-01", "closes_on": "2026-11-03", "test_minutes": 60, "test_weight": 40,
                                        "rubric": "동기 | 100", "reviews_per_application": 1, "blind_review": true, "resident_share": 0, "confirm_days": 3]
                if let lastDay { body["test_closes_on"] = lastDay }
                return try await app.status(.PUT, "/api/v1/cohorts/\(cohort.id!)/recruitment", admin, body)
            }
            // The last day falls no earlier than applications close (so whoever applies can take it), before the course.
            #expect(try await put("2026-11-02") == .unprocessableEntity)
            #expect(try await put("2027-02-01") == .unprocessableEntity)
            #expect(try await put("2026-11-05") == .ok)
            #expect(try await put("") == .ok)   // cleared: until the stage is moved on
            #expect(try await app.json("/api/v1/cohorts/\(cohort.id!)/recruitment", token: admin, as: RecruitmentOutput.self).testClosesOn == nil)
            try await app.openRecruitment(cohort, extra: ["closes_on": "2026-11-03", "test_minutes": 60, "test_weight": 40, "test_closes_on": "2026-11-03"])
            let settings = try await app.json("/api/v1/cohorts/\(cohort.id!)/recruitment", token: admin, as: RecruitmentOutput.self)
            #expect(settings.testClosesOn == "2026-11-03")
            let token = try await app.applicant(1)
            let sent = try await app.apply(token, cohort: cohort, [:])
            _ = try await app.post("/api/v1/cohorts/\(cohort.id!)/admissions/advance", admin, ["from": "submitted"])
            _ = try await app.makeSumAssignment(cohort, by: admin, policy: "refuse", deadline: "2027-01-04T00:00", purpose: "admission_test")
            _ = try await app.post("/api/v1/cohorts/\(cohort.id!)/admissions/advance", admin, ["from": "screening"])

            let browser = try await app.login("applicant1@mail.kr", password: "correct horse battery 1")
            try await app.testing().test(.GET, "/", headers: browser.headers()) { res in
                #expect(res.body.string.contains("2026-11-03 24:00까지 시작하세요"))
            }
            let test = try await app.json("/api/v1/admissions/\(sent.id)/test", token: token, as: CodingTestOutput.self)
            #expect(test.startBy == KoreanFormats.startOfDay(Day(year: 2026, month: 11, day: 4)!))

            clock.advance(2 * 86_400)   // 2026-11-04 10:00: the last day has passed
            let late = try await app.token("applicant1@mail.kr", password: "correct horse battery 1")
            let refused = try await app.post("/api/v1/admissions/\(sent.id)/test/start", late, expect: .conflict)
            #expect(refused?.body.string.contains("2026-11-03 24:00까지 시작할 수 있었습니다") == true)
            #expect(try await Admission.find(sent.id, on: app.db)?.testStartedAt == nil)
            let again = try await app.login("applicant1@mail.kr", password: "correct horse battery 1")
            try await app.testing().test(.GET, "/admissions/\(sent.id)/test", headers: again.headers()) { res in
                let html = res.body.string
                #expect(html.contains("시작 기한(2026-11-03 24:00)이 지났습니다"))
                #expect(!html.contains("/test/start\""), "no start button once the time is over")
            }
            // Left out, the last day stays; a new one already past is refused (it would shut out whoever waits).
            #expect(try await put(nil) == .ok)
            #expect(try await app.json("/api/v1/cohorts/\(cohort.id!)/recruitment", token: try await app.token("admin.a@test.kr"), as: RecruitmentOutput.self).testClosesOn == "2026-11-03")
            #expect(try await put("2026-11-03") == .ok)
            #expect(try await put("2026-11-04") == .ok)
            #expect(try await put("2026-11-03") == .unprocessableEntity)
        }
    }
}
