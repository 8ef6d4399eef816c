@testable import App
import Fluent
import IeumCore
import Testing
import Vapor
import VaporTesting

@Suite("Enrollment transitions through the API and pages")
struct EnrollmentTransitionTests {
    func transition(_ app: Application, _ token: String, _ id: Int, to: String, reason: String? = nil,
                    _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
        var body = ["to": to]
        if let reason { body["reason"] = reason }
        try await app.testing().test(.POST, "/api/v1/enrollments/\(id)/transitions", headers: bearer(token), beforeRequest: { req in
            try req.content.encode(body)
        }, afterResponse: check)
    }

    @Test("a legal step is applied and kept in the history with who and when")
    func legalStep() async throws {
        try await withApp { app, f, clock in
            let token = try await app.token(f.staffA.email)
            clock.advance(600)
            // Completion is decided only when the cohort is closed (CompletionTests).
            try await transition(app, token, f.enrollmentA.id!, to: "completed") { res in
                #expect(res.status == .conflict)
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.message.contains("수료 처리"))
            }
            try await transition(app, token, f.enrollmentA.id!, to: "dropped", reason: "조기 취업") { res in
                #expect(res.status == .ok)
                let out = try res.content.decode(EnrollmentOutput.self)
                #expect(out.state == "dropped")
            }
            try await app.testing().test(.GET, "/api/v1/enrollments/\(f.enrollmentA.id!)/transitions", headers: bearer(token)) { res in
                let history = try res.content.decode([TransitionOutput].self)
                #expect(history.map(\.to) == ["enrolled", "dropped"])
                #expect(history.last?.from == "enrolled")
                #expect(history.last?.actorID == f.staffA.id)
                #expect(history.last?.at == fixtureStart.addingTimeInterval(600))
            }
        }
    }

    @Test("an illegal step is refused with 409 and a message, and nothing changes")
    func illegalStep() async throws {
        try await withApp { app, f, _ in
            let token = try await app.token(f.adminA.email)
            try await transition(app, token, f.enrollmentA.id!, to: "applied") { res in
                #expect(res.status == .conflict)
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.code == "illegal_transition")
                #expect(body.error.message == "'수강 중' 상태에서 '지원'(으)로 바꿀 수 없습니다.")
            }
            let stored = try await Enrollment.find(f.enrollmentA.id!, on: app.db)
            #expect(stored?.state == "enrolled")
            #expect(try await EnrollmentTransition.query(on: app.db).filter(\.$enrollment.$id == f.enrollmentA.id!).count() == 1)
        }
    }

    @Test("dropping without a reason is refused; with one, the reason is stored")
    func dropReason() async throws {
        try await withApp { app, f, _ in
            let token = try await app.token(f.adminA.email)
            try await transition(app, token, f.enrollmentA.id!, to: "dropped") { res in
                #expect(res.status == .unprocessableEntity, "a missing reason is the reason field's")
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.fields?["reason"] == "중도 탈락과 미수료에는 사유가 필요합니다.")
            }
            try await transition(app, token, f.enrollmentA.id!, to: "dropped", reason: "조기 취업") { res in
                #expect(res.status == .ok)
                let out = try res.content.decode(EnrollmentOutput.self)
                #expect(out.dropReason == "조기 취업")
            }
            try await transition(app, token, f.enrollmentA.id!, to: "completed") { res in
                #expect(res.status == .conflict)
            }
        }
    }

    @Test("a state that is not a state is a validation error beside the field")
    func unknownState() async throws {
        try await withApp { app, f, _ in
            let token = try await app.token(f.adminA.email)
            try await transition(app, token, f.enrollmentA.id!, to: "graduated") { res in
                #expect(res.status == .unprocessableEntity)
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.fields?["to"] == "목록에서 선택하세요.")
            }
        }
    }

    @Test("selecting beyond the cohort's seats is refused")
    func capacity() async throws {
        try await withApp { app, f, _ in
            let token = try await app.token(f.adminA.email)
            var ids: [Int] = []
            for i in 1...3 {
                let p = Person(name: "지원자\(i)", email: "applicant\(i)@test.kr", phone: "010-2222-000\(i)")
                try await p.create(on: app.db)
                let e = try Enrollment(personID: p.id!, cohort: f.cohortA, state: "applied", at: fixtureStart)
                try await e.create(on: app.db)
                ids.append(e.id!)
            }
            // Cohort A has 3 seats and one enrolled trainee: two more can be selected, not three.
            for id in ids.prefix(2) {
                try await transition(app, token, id, to: "selected") { res in #expect(res.status == .ok) }
            }
            try await transition(app, token, ids[2], to: "selected") { res in
                #expect(res.status == .conflict)
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.message.contains("정원"))
            }
        }
    }

    @Test("the enrollment page offers only the allowed next states and applies a choice")
    func page() async throws {
        try await withApp { app, f, _ in
            let session = try await app.login(f.staffA.email)
            try await app.testing().test(.GET, "/enrollments/\(f.enrollmentA.id!)", headers: session.headers()) { res in
                #expect(res.status == .ok)
                let html = res.body.string
                // Completion is not offered here: it is decided on the cohort's completion page, which the page links to.
                #expect(!html.contains("<option value=\"completed\">"))
                #expect(html.contains("/cohorts/\(f.cohortA.id!)/completion"))
                #expect(html.contains("<option value=\"dropped\">중도 탈락</option>"))
                #expect(!html.contains("<option value=\"applied\">"))
            }
            // Refused on the page: the enrolment's page again, the choice kept and the message beside the reason.
            try await app.testing().test(.POST, "/enrollments/\(f.enrollmentA.id!)/transition", beforeRequest: { req in
                req.headers = session.headers()
                try req.content.encode(["to": "dropped", "reason": "", "_csrf": session.csrf], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                let html = res.body.string
                #expect(html.contains("<option value=\"dropped\" selected>"), "the choice is kept")
                #expect(html.contains("중도 탈락과 미수료에는 사유가 필요합니다."))
                #expect(html.contains("수강 중"), "on the enrolment's own page")
            }
            try await app.testing().test(.POST, "/enrollments/\(f.enrollmentA.id!)/transition", beforeRequest: { req in
                req.headers = session.headers()
                try req.content.encode(["to": "dropped", "reason": "개인 사정", "_csrf": session.csrf], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .ok, "a drop-out is asked once first")
                #expect(res.body.string.contains("중도 탈락으로 처리합니다"))
            }
            try await app.testing().test(.POST, "/enrollments/\(f.enrollmentA.id!)/transition", beforeRequest: { req in
                req.headers = session.headers()
                try req.content.encode(["to": "dropped", "reason": "개인 사정", "_confirmed": "1", "_csrf": session.csrf], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .seeOther)
            }
            try await app.testing().test(.GET, "/enrollments/\(f.enrollmentA.id!)", headers: session.headers()) { res in
                #expect(res.body.string.contains("수강 중 → 중도 탈락"))
                #expect(res.body.string.contains("개인 사정"))
                #expect(res.body.string.contains(f.staffA.name))
            }
        }
    }
}
