@testable import App
import Fluent
import Testing
import Vapor
import VaporTesting

@Suite("Cohort schedule")
struct ScheduleTests {
    func put(_ app: Application, _ token: String, _ cohort: Int, _ body: [String: String],
             _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
        try await app.testing().test(.PUT, "/api/v1/cohorts/\(cohort)/schedule", headers: bearer(token), beforeRequest: { req in
            try req.content.encode(body)
        }, afterResponse: check)
    }

    @Test("weekdays, hours and holidays lay out the training days and the unit periods")
    func layOut() async throws {
        try await withApp { app, f, _ in
            let token = try await app.token(f.staffA.email)
            // Cohort A runs 2026-07-01 to 2026-12-31: 132 weekdays; three holidays fall on weekdays.
            try await put(app, token, f.cohortA.id!, ["weekdays": "1,2,3,4,5", "starts_at": "09:00", "ends_at": "18:00",
                                                      "breaks": "12:00-13:00", "holidays": "2026-08-17\n2026-09-24\n2026-09-25"]) { res in
                #expect(res.status == .ok)
                let out = try res.content.decode(ScheduleOutput.self)
                #expect(out.trainingDays.count == 129)
                #expect(!out.trainingDays.contains("2026-09-24"))
                #expect(out.trainingDays.first == "2026-07-01")
                #expect(out.unitPeriods.count == 6)
                #expect(out.unitPeriods.first?.start == "2026-07-01" && out.unitPeriods.first?.end == "2026-07-31")
                #expect(out.unitPeriods.reduce(0) { $0 + $1.trainingDays } == 129)
            }
            // Laying out again replaces the days.
            try await put(app, token, f.cohortA.id!, ["weekdays": "1,3,5"]) { res in
                let out = try res.content.decode(ScheduleOutput.self)
                #expect(out.weekdays == [1, 3, 5])
                #expect(out.holidays.count == 3)
            }
            #expect(try await TrainingDayRecord.query(on: app.db).filter(\.$cohort.$id == f.cohortA.id!).count() < 129)
        }
    }

    @Test("bad hours, breaks, weekdays and holidays are refused beside their fields, and nothing changes")
    func validation() async throws {
        try await withApp { app, f, _ in
            let token = try await app.token(f.adminA.email)
            try await put(app, token, f.cohortA.id!, ["weekdays": "1,2,9", "starts_at": "18:00", "ends_at": "09:00", "holidays": "2026-02-30"]) { res in
                #expect(res.status == .unprocessableEntity)
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.fields?["weekdays"] != nil)
                #expect(body.error.fields?["ends_at"] == "끝나는 시각은 시작보다 뒤여야 합니다.")
                #expect(body.error.fields?["holidays"] == "'2026-02-30'은(는) YYYY-MM-DD 날짜가 아닙니다.")
            }
            try await put(app, token, f.cohortA.id!, ["breaks": "19:00-20:00"]) { res in
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.fields?["breaks"] != nil)
            }
            #expect(try await TrainingDayRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("only the cohort's own academy sees or changes its schedule")
    func access() async throws {
        try await withApp { app, f, _ in
            let other = try await app.token(f.adminB.email)
            try await app.testing().test(.GET, "/api/v1/cohorts/\(f.cohortA.id!)/schedule", headers: bearer(other)) { res in
                #expect(res.status == .notFound)
            }
            let mentor = try await app.token(f.mentorA.email)
            try await app.testing().test(.GET, "/api/v1/cohorts/\(f.cohortA.id!)/schedule", headers: bearer(mentor)) { res in
                #expect(res.status == .ok)
            }
            try await put(app, mentor, f.cohortA.id!, ["weekdays": "1"]) { res in #expect(res.status == .forbidden) }
        }
    }

    @Test("the schedule page shows unit periods and the form")
    func page() async throws {
        try await withApp { app, f, _ in
            let session = try await app.login(f.staffA.email)
            try await app.testing().test(.POST, "/cohorts/\(f.cohortA.id!)/schedule", beforeRequest: { req in
                req.headers = session.headers()
                try req.content.encode(["_csrf": session.csrf, "weekdays": "1,2,3,4,5", "starts_at": "09:00", "ends_at": "18:00",
                                        "breaks": "12:00-13:00", "holidays": ""], as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther) }
            try await app.testing().test(.GET, "/cohorts/\(f.cohortA.id!)/schedule", headers: session.headers()) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("2026-07-01 ~ 2026-07-31"))
                #expect(res.body.string.contains("저장하고 훈련일 만들기"))
            }
        }
    }
}
