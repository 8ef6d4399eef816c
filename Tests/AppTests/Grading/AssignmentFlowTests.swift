@testable import App
import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting

@Suite("Assignments, submissions and grading")
struct AssignmentFlowTests {
    @Test("staff write an assignment through the form; mistakes are shown beside their fields")
    func assignmentForm() async throws {
        try await withApp { app, f, _ in
            let staff = try await app.login(f.staffA.email)
            try await app.testing().test(.POST, "/cohorts/\(f.cohortA.id!)/assignments", headers: staff.headers(), beforeRequest: { req in
                try req.content.encode(["_csrf": staff.csrf, "title": "", "statement": "x", "cpu_ms": "50", "memory_mb": "128",
                                        "points": "100", "deadline": "다음 주"], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                let html = res.body.string
                #expect(html.contains("필수 항목입니다."))
                #expect(html.contains("언어를 하나 이상 고르세요."))
                #expect(html.contains("100에서 20000 사이로 입력하세요."))
                #expect(html.contains("마감 일시를 2026-12-01T18:00처럼 적으세요"))
            }
            #expect(try await Assignment.query(on: app.db).count() == 0, "nothing half-written")
            try await app.testing().test(.POST, "/cohorts/\(f.cohortA.id!)/assignments", headers: staff.headers(), beforeRequest: { req in
                try req.content.encode(["_csrf": staff.csrf, "title": "별 찍기", "statement": "<script>alert(1)</script> **굵게**",
                                        "languages_c": "on", "languages_java": "on", "cpu_ms": "1000", "memory_mb": "128", "points": "10",
                                        "deadline": "2026-11-30T18:00", "late_policy": "refuse", "comparison": "exact"], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .seeOther)
            }
            let a = try #require(try await Assignment.query(on: app.db).first())
            #expect(a.languages == "c,java")
            #expect(KoreanFormats.dateTime(a.deadline) == "2026-11-30 18:00", "the deadline is Korea time")
            try await app.testing().test(.GET, "/assignments/\(a.id!)", headers: staff.headers()) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("&lt;script&gt;alert(1)&lt;/script&gt; <strong>굵게</strong>"), "the statement cannot carry markup")
                #expect(!res.body.string.contains("<script>alert"))
            }
            try await app.testing().test(.GET, "/assignments/\(a.id!)/edit", headers: staff.headers()) { res in
                #expect(res.body.string.contains("name=\"languages_java\" value=\"on\" checked"), "the saved languages are ticked")
                #expect(!res.body.string.contains("name=\"languages_python3\" value=\"on\" checked"))
            }
        }
    }

    @Test("a trainee hands in code, it is graded in the sandbox, and sees sample outputs but never the hidden tests")
    func submitAndGrade() async throws {
        try await withApp { app, f, _ in
            let staff = try await app.token(f.staffA.email)
            let assignment = try await app.makeSumAssignment(f.cohortA, by: staff)
            let trainee = try await app.token(f.traineeA.email)
            try await app.testing().test(.GET, "/api/v1/assignments/\(assignment)", headers: bearer(trainee)) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("1 2"), "sample input shown")
                #expect(!res.body.string.contains("-7 3") && !res.body.string.contains("1000000000"), "hidden tests not shown")
            }
            let wrong = try await app.submit(assignment, by: trainee, source: Solutions.onlySmall)
            let right = try await app.submit(assignment, by: trainee, source: Solutions.right)
            try await app.drainGradingQueue()
            try await app.testing().test(.GET, "/api/v1/submissions/\(wrong)", headers: bearer(trainee)) { res in
                let out = try res.content.decode(SubmissionOutput.self)
                #expect(out.state == .graded && out.verdict == "wrong_answer" && out.passed == 1 && out.total == 3)
                #expect(out.attempt == 1)
                #expect(out.tests.map(\.verdict) == ["accepted", "wrong_answer", "wrong_answer"])
                #expect(out.tests[0].output == "3\n" && out.tests[1].output == nil, "hidden outputs are not shown")
            }
            try await app.testing().test(.GET, "/submissions/\(right)", headers: try await app.login(f.traineeA.email).headers()) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("정답"))
                #expect(res.body.string.contains("3/3"))
                #expect(!res.body.string.contains("http-equiv=\"refresh\""), "a graded page stops refreshing")
            }
        }
    }

    @Test("bad submissions are refused with a reason; the deadline and late policy apply")
    func lateAndInvalid() async throws {
        try await withApp { app, f, clock in
            let staff = try await app.token(f.staffA.email)
            let assignment = try await app.makeSumAssignment(f.cohortA, by: staff, deadline: "2026-11-02T18:00")
            let trainee = try await app.token(f.traineeA.email)
            try await app.testing().test(.POST, "/api/v1/assignments/\(assignment)/submissions", headers: bearer(trainee), beforeRequest: { req in
                try req.content.encode(["language": "java", "source": " "] as JSONObject)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("이 과제에서 쓸 수 있는 언어를 고르세요."))
                #expect(res.body.string.contains("코드를 붙여 넣으세요."))
            }
            clock.advance(2 * 86_400)  // two days after the deadline (Wednesday 10:00)
            let trainee2 = try await app.token(f.traineeA.email)
            let late = try await app.submit(assignment, by: trainee2, source: Solutions.right)
            try await app.drainGradingQueue()
            let s = try #require(try await Submission.find(late, on: app.db))
            #expect(s.lateDays == 2 && s.rawPoints == 100 && s.points == 60, "20% a day for two started days")

            let refusing = try await app.makeSumAssignment(f.cohortA, by: try await app.token(f.staffA.email), policy: "refuse", deadline: "2026-11-02T18:00")
            try await app.testing().test(.POST, "/api/v1/assignments/\(refusing)/submissions", headers: bearer(trainee2), beforeRequest: { req in
                try req.content.encode(["language": "python3", "source": .string("\(Solutions.right)")] as JSONObject)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("마감이 지나"))
            }
        }
    }

    @Test("another academy's assignments and submissions do not exist for them")
    func otherOperatorSeesNothing() async throws {
        try await withApp { app, f, _ in
            let assignment = try await app.makeSumAssignment(f.cohortA, by: try await app.token(f.staffA.email))
            let submission = try await app.submit(assignment, by: try await app.token(f.traineeA.email), source: Solutions.right)
            for email in [f.adminB.email, f.traineeB.email] {
                let token = try await app.token(email)
                for path in ["/api/v1/assignments/\(assignment)", "/api/v1/submissions/\(submission)", "/api/v1/cohorts/\(f.cohortA.id!)/assignments",
                             "/api/v1/cohorts/\(f.cohortA.id!)/gradebook"] {
                    try await app.testing().test(.GET, path, headers: bearer(token)) { res in
                        #expect(res.status == .notFound, "\(email) \(path)")
                    }
                }
                try await app.testing().test(.POST, "/api/v1/assignments/\(assignment)/submissions", headers: bearer(token), beforeRequest: { req in
                    try req.content.encode(["language": "python3", "source": .string("\(Solutions.right)")] as JSONObject)
                }) { res in #expect(res.status == .notFound) }
            }
            // A trainee of the same cohort cannot read a classmate's submission, nor write tests.
            let classmate = Person(name: "박동기", email: "classmate@test.kr", phone: nil, passwordHash: try Bcrypt.hash(Fixture.password, cost: 4))
            try await classmate.create(on: app.db)
            try await RoleGrants.create(Grant(role: .trainee, operatorID: f.operatorA.id, campusID: nil, employerID: nil), for: classmate.id!, by: nil, on: app.db)
            try await Enrollment(personID: classmate.id!, cohort: f.cohortA, state: "enrolled", at: fixtureStart).create(on: app.db)
            let other = try await app.token(classmate.email)
            try await app.testing().test(.GET, "/api/v1/submissions/\(submission)", headers: bearer(other)) { res in #expect(res.status == .notFound) }
            try await app.testing().test(.POST, "/api/v1/assignments/\(assignment)/tests", headers: bearer(other), beforeRequest: { req in
                try req.content.encode(["input": "1", "expected": "1"] as JSONObject)
            }) { res in #expect(res.status == .forbidden) }
        }
    }

    @Test("fixing a test and re-grading the assignment is one action")
    func regrade() async throws {
        try await withApp { app, f, _ in
            let staff = try await app.token(f.staffA.email)
            let assignment = try await app.makeSumAssignment(f.cohortA, by: staff)
            let trainee = try await app.token(f.traineeA.email)
            let id = try await app.submit(assignment, by: trainee, source: "a, b = map(int, input().split())\nprint(a + b + (1 if a == -7 else 0))\n")
            try await app.drainGradingQueue()
            #expect(try await Submission.find(id, on: app.db)?.verdict == "wrong_answer")
            // The hidden test's expected output was wrong after all: -7 + 3 = -4 is right, so fix it to what is asked (a+b+1 for -7).
            let broken = try #require(try await AssignmentTest.query(on: app.db).filter(\.$name == "음수 비밀").first())
            try await app.testing().test(.DELETE, "/api/v1/assignments/\(assignment)/tests/\(broken.id!)", headers: bearer(staff)) { res in
                #expect(res.status == .noContent)
            }
            try await app.testing().test(.POST, "/api/v1/assignments/\(assignment)/regrade", headers: bearer(staff)) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("\"queued\":1"))
            }
            #expect(try await Submission.find(id, on: app.db)?.state == .queued)
            try await app.drainGradingQueue()
            let s = try #require(try await Submission.find(id, on: app.db))
            #expect(s.verdict == "accepted" && s.testsVersion == 5, "graded against the tests as they are now")
        }
    }
}
