@testable import App
import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting

extension Application {
    /// Cohort A shortened to 2026-10-26…11-20 with trainee A present every day and a second trainee (박지훈) never
    /// seen; the clock then moves to the Monday after the end, when the cohort can be closed.
    func endedCohort(_ f: Fixture, clock: TestClock) async throws -> (Cohort, Enrollment) {
        let cohort = try await shortCohort(f)
        let absent = Person(name: "박지훈", email: "absent@test.kr", phone: "010-1111-0009", passwordHash: nil)
        try await absent.create(on: db)
        let enrollment = try Enrollment(personID: absent.id!, cohort: cohort, state: "enrolled", at: fixtureStart)
        try await enrollment.create(on: db)
        var day = Day(cohort.startsOn)!
        while day <= Day(cohort.endsOn)! {
            if day.weekday <= 5 {
                try await scan(f, day.description, .checkIn, "08:55")
                try await scan(f, day.description, .checkOut, "18:05")
            }
            day = day.adding(days: 1)
        }
        clock.advance(21 * 86_400)
        return (cohort, enrollment)
    }

    func closeCohort(_ cohortID: Int, token: String, decisions: [CompletionInput.Decision] = [],
                     _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
        try await testing().test(.POST, "/api/v1/cohorts/\(cohortID)/completion", headers: bearer(token), beforeRequest: { req in
            try req.content.encode(CompletionInput(decisions: decisions))
        }, afterResponse: check)
    }
}

extension Application {
    /// Closes cohort A the way staff do, after shortening it so it has ended: trainee A completes (against the
    /// rules' proposal, as the fixture has no attendance, so with a reason). Returns a fresh token of `email`.
    func completeTraineeA(_ f: Fixture, clock: TestClock, as email: String) async throws -> String {
        let cohort = try await shortCohort(f)
        clock.advance(21 * 86_400)
        let token = try await self.token(email)
        try await closeCohort(cohort.id!, token: token,
                              decisions: [.init(enrollmentID: f.enrollmentA.id!, outcome: "completed", reason: "출석부 별도 확인")]) { res in
            #expect(res.status == .ok)
        }
        return token
    }
}

@Suite("Completion")
struct CompletionTests {
    @Test func closingProposesDecidesAndRecordsHistory() async throws {
        try await withApp { app, f, clock in
            let cohort = try await app.shortCohort(f)
            let before = try await app.token("staff.a@test.kr")
            // Before the end the proposal can be read but the cohort cannot be closed.
            let early = try await app.json("/api/v1/cohorts/\(cohort.id!)/completion", token: before, as: CompletionOutput.self)
            #expect(early.blocked?.contains("2026-11-20") == true)
            try await app.closeCohort(cohort.id!, token: before) { res in #expect(res.status == .conflict) }

            let (_, absent) = try await app.endedCohort(f, clock: clock)
            let staff = try await app.token("staff.a@test.kr")
            let proposal = try await app.json("/api/v1/cohorts/\(cohort.id!)/completion", token: staff, as: CompletionOutput.self)
            #expect(proposal.blocked == nil)
            let byName = Dictionary(uniqueKeysWithValues: proposal.trainees.map { ($0.name, $0) })
            #expect(byName["김민준"]?.proposed == "completed")
            #expect(byName["박지훈"]?.proposed == "not_completed")
            #expect(byName["박지훈"]?.unmet.first?.contains("출석률 0.0%") == true)

            // Another operator's staff cannot see or close it.
            let otherAdmin = try await app.token("admin.b@test.kr")
            try await app.testing().test(.GET, "/api/v1/cohorts/\(cohort.id!)/completion", headers: bearer(otherAdmin)) { res in
                #expect(res.status == .notFound)
            }
            try await app.closeCohort(cohort.id!, token: otherAdmin) { res in #expect(res.status == .notFound) }

            // Deciding against the proposal without a reason is refused beside that trainee's field, and nothing changes.
            try await app.closeCohort(cohort.id!, token: staff, decisions: [.init(enrollmentID: absent.id!, outcome: "completed", reason: nil)]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("reason_\(absent.id!)"))
            }
            #expect(try await Cohort.find(cohort.id, on: app.db)?.closedAt == nil)
            #expect(try await IssuedCredential.query(on: app.db).count() == 0)
            // A decision twice, or for someone not in training here, is a 422 on the list that says which; nothing closes.
            let twice: [CompletionInput.Decision] = [.init(enrollmentID: absent.id!, outcome: "not_completed", reason: nil),
                                                     .init(enrollmentID: absent.id!, outcome: "completed", reason: "x")]
            try await app.closeCohort(cohort.id!, token: staff, decisions: twice) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("decisions") && res.body.string.contains("\(absent.id!)"))
            }
            try await app.closeCohort(cohort.id!, token: staff, decisions: [.init(enrollmentID: 987_654, outcome: "completed", reason: nil)]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("decisions") && res.body.string.contains("987654"))
            }
            #expect(try await Cohort.find(cohort.id, on: app.db)?.closedAt == nil)

            try await app.closeCohort(cohort.id!, token: staff) { res in
                #expect(res.status == .ok)
                let closed = try res.content.decode(CohortCompletion.Closed.self)
                #expect(closed.completed == 1 && closed.notCompleted == 1 && closed.credentialsIssued == 1)
            }
            #expect(try await Enrollment.find(f.enrollmentA.id, on: app.db)?.state == "completed")
            #expect(try await Enrollment.find(absent.id, on: app.db)?.state == "not_completed")
            let history = try await EnrollmentTransition.query(on: app.db).filter(\.$enrollment.$id == absent.id!).all()
            #expect(history.last?.toState == "not_completed" && history.last?.reason?.contains("출석률") == true)
            let decisions = try await CompletionDecision.query(on: app.db).all()
            #expect(decisions.count == 2 && decisions.allSatisfy { $0.overrideReason == nil && $0.proposed == $0.decided })
            #expect(try await IssuedCredential.query(on: app.db).all().map(\.personID) == [f.traineeA.id!])
            let facts = try await KPIRollup.stored(cohorts: [cohort.id!], on: app.db).first
            #expect(facts?.completed == 1 && facts?.enrolled == 2 && facts?.active == 0)

            // Closed once: a second close and a completion outside the close are refused.
            try await app.closeCohort(cohort.id!, token: staff) { res in #expect(res.status == .conflict) }
            let other = try await app.token("admin.a@test.kr")
            try await app.testing().test(.POST, "/api/v1/enrollments/\(f.enrollmentA.id!)/transitions", headers: bearer(other), beforeRequest: { req in
                try req.content.encode(["to": "dropped", "reason": "x"] as JSONObject)
            }) { res in #expect(res.status == .conflict) }
        }
    }

    @Test func staffCanOverrideWithAReasonThatIsKept() async throws {
        try await withApp { app, f, clock in
            let (cohort, absent) = try await app.endedCohort(f, clock: clock)
            let session = try await app.login("staff.a@test.kr")
            // The page shows both proposals and a choice per trainee.
            try await app.testing().test(.GET, "/cohorts/\(cohort.id!)/completion", headers: session.headers()) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("name=\"outcome_\(absent.id!)\""))
                #expect(res.body.string.contains("출석률 0.0%"))
            }
            func post(_ fields: [String: String], _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.POST, "/cohorts/\(cohort.id!)/completion", headers: session.headers(), beforeRequest: { req in
                    try req.content.encode(fields.merging(["_csrf": session.csrf]) { $1 }, as: .urlEncodedForm)
                }, afterResponse: check)
            }
            try await post(["outcome_\(absent.id!)": "completed"]) { res in
                #expect(res.status == .unprocessableEntity)
                let html = res.body.string
                #expect(html.contains("id=\"f-reason_\(absent.id!)-error\""))
                #expect(html.contains("규칙의 제안과 다르게 정하려면 사유를 적으세요."))
                // The choice made is kept in the form.
                #expect(html.contains("<option value=\"completed\" selected>"))
            }
            try await post(["outcome_\(absent.id!)": "completed", "reason_\(absent.id!)": "병가 증빙 제출 (공가 처리 누락)"]) { res in
                #expect(res.status == .seeOther)
            }
            let decision = try await CompletionDecision.query(on: app.db).filter(\.$enrollment.$id == absent.id!).first()
            #expect(decision?.proposed == "not_completed" && decision?.decided == "completed")
            #expect(decision?.overrideReason == "병가 증빙 제출 (공가 처리 누락)")
            #expect(try await IssuedCredential.query(on: app.db).count() == 2)
            try await app.testing().test(.GET, "/cohorts/\(cohort.id!)/completion", headers: session.headers()) { res in
                #expect(res.body.string.contains("병가 증빙 제출"))
                #expect(!res.body.string.contains("name=\"outcome_"))
            }
        }
    }
}
