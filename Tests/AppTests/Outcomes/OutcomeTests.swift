@testable import App
import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting

extension Application {
    func postJob(_ token: String, _ fields: JSONObject = [:], _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
        let body: JSONObject = ["title": "스마트팩토리 백엔드 개발자", "description": "설비 데이터 API를 만듭니다.", "region": "gyeongnam", "job_type": "backend",
                    "skills": "Swift, SQL, Docker", "salary_min": 3400, "salary_max": 4200, "positions": 2, "deadline": "2027-01-31"]
            .merging(fields) { $1 }
        try await testing().test(.POST, "/api/v1/jobs", headers: bearer(token), beforeRequest: { req in
            try req.content.encode(body)
        }, afterResponse: check)
    }

    /// Trainee A completes, the fixture's employer posts a job and trainee A consents to be seen: (employer, trainee, job).
    func graduateAndPosting(_ f: Fixture, clock: TestClock) async throws -> (employer: String, trainee: String, jobID: Int) {
        _ = try await completeTraineeA(f, clock: clock, as: f.staffA.email)
        let employer = try await token("hr@factory.kr")
        let trainee = try await token("trainee.a@test.kr")
        var jobID = 0
        try await postJob(employer) { res in jobID = try res.content.decode(JobOutput.self).id }
        try await consent(trainee, true)
        return (employer, trainee, jobID)
    }

    func consent(_ token: String, _ give: Bool) async throws {
        try await testing().test(.POST, "/api/v1/me/profile/consent", headers: bearer(token), beforeRequest: { req in
            try req.content.encode(["consent": .bool(give)] as JSONObject)
        }) { res in #expect(res.status == .ok) }
    }

    func status(_ method: HTTPMethod, _ path: String, _ token: String, _ body: JSONObject? = nil) async throws -> HTTPStatus {
        var status = HTTPStatus.internalServerError
        try await testing().test(method, path, headers: bearer(token), beforeRequest: { req in
            if let body { try req.content.encode(body) }
        }) { res in status = res.status }
        return status
    }
}

@Suite("Graduate profiles, consent, jobs and hiring")
struct OutcomeTests {
    @Test func anEmployerSeesAGraduateOnlyWhileConsentStandsAndEveryLookIsLogged() async throws {
        try await withApp { app, f, clock in
            _ = try await app.completeTraineeA(f, clock: clock, as: f.staffA.email)
            let employer = try await app.token("hr@factory.kr")
            let trainee = try await app.token("trainee.a@test.kr")
            var jobID = 0
            try await app.postJob(employer) { res in
                #expect(res.status == .created)
                jobID = try res.content.decode(JobOutput.self).id
            }
            let profilePath = "/api/v1/graduates/\(f.traineeA.id!)"
            // No consent: nothing, not even whether the person exists.
            #expect(try await app.status(.GET, profilePath, employer) == .notFound)
            #expect(try await app.json("/api/v1/jobs/\(jobID)/recommendations", token: employer, as: [RecommendedGraduate].self).isEmpty)

            try await app.testing().test(.PUT, "/api/v1/me/profile", headers: bearer(trainee), beforeRequest: { req in
                try req.content.encode(["headline": "창원에서 일하고 싶은 백엔드 개발자", "skills": "Swift, SQL, Git", "job_types": "backend",
                                        "desired_regions": "busan"] as JSONObject)
            }) { res in #expect(res.status == .ok) }
            try await app.consent(trainee, true)

            let recommended = try await app.json("/api/v1/jobs/\(jobID)/recommendations", token: employer, as: [RecommendedGraduate].self)
            #expect(recommended.map(\.personID) == [f.traineeA.id!])
            #expect(recommended.first?.score == 40 + 30 + 10)
            #expect(recommended.first?.reasons.contains("훈련받은 지역의 일자리") == true)
            let seen = try await app.json(profilePath, token: employer, as: ProfileOutput.self)
            #expect(seen.name == "김민준" && seen.skills == ["swift", "sql", "git"] && seen.course == "클라우드 백엔드")
            #expect(seen.certificates.count == 1)
            let logged = try await AccessLogEntry.query(on: app.db).filter(\.$actorID == f.employerUser.id!).filter(\.$subjectID == f.traineeA.id!).all()
            #expect(Set(logged.map(\.action)) == ["recommend graduate", "view graduate profile"])

            // Withdrawn: gone at once, from the profile and from recommendations.
            try await app.consent(trainee, false)
            #expect(try await app.status(.GET, profilePath, employer) == .notFound)
            #expect(try await app.json("/api/v1/jobs/\(jobID)/recommendations", token: employer, as: [RecommendedGraduate].self).isEmpty)
            let events = try await ConsentEvent.query(on: app.db).filter(\.$personID == f.traineeA.id!).sort(\.$id).all()
            #expect(events.map(\.action) == ["given", "withdrawn"])

            // Consent again, but the company is no longer verified: nothing.
            try await app.consent(trainee, true)
            let company = try await Employer.find(f.employer.id, on: app.db)!
            company.verified = false
            try await company.save(on: app.db)
            #expect(try await app.status(.GET, profilePath, employer) == .notFound)
            #expect(try await app.status(.POST, "/api/v1/jobs", employer, ["title": "x"]) == .forbidden)

            // Other people: another trainee and another operator's staff see nothing; the campus's staff may look (logged).
            #expect(try await app.status(.GET, profilePath, try await app.token("trainee.b@test.kr")) == .notFound)
            #expect(try await app.status(.GET, profilePath, try await app.token("admin.b@test.kr")) == .notFound)
            #expect(try await app.status(.GET, profilePath, try await app.token("staff.a@test.kr")) == .ok)
            // Someone who has not completed is never shown, consent or not.
            let traineeB = try await app.token("trainee.b@test.kr")
            try await app.consent(traineeB, true)
            company.verified = true
            try await company.save(on: app.db)
            #expect(try await app.status(.GET, "/api/v1/graduates/\(f.traineeB.id!)", employer) == .notFound)
        }
    }

    @Test func applyingMovesThroughThePipelineAndAHireIsAnEmployment() async throws {
        try await withApp { app, f, clock in
            _ = try await app.completeTraineeA(f, clock: clock, as: f.staffA.email)
            let employer = try await app.token("hr@factory.kr")
            let trainee = try await app.token("trainee.a@test.kr")
            var jobID = 0
            try await app.postJob(employer) { res in jobID = try res.content.decode(JobOutput.self).id }
            // Applying shows the profile, so it needs consent first.
            #expect(try await app.status(.POST, "/api/v1/jobs/\(jobID)/applications", trainee, ["message": "지원합니다"]) == .conflict)
            try await app.consent(trainee, true)
            let jobs = try await app.json("/api/v1/jobs", token: trainee, as: [JobOutput].self)
            #expect(jobs.first?.id == jobID && jobs.first?.score != nil)
            #expect(try await app.status(.POST, "/api/v1/jobs/\(jobID)/applications", trainee, ["message": "지원합니다"]) == .created)
            #expect(try await app.status(.POST, "/api/v1/jobs/\(jobID)/applications", trainee, ["message": "again"]) == .conflict)

            let applications = try await app.json("/api/v1/jobs/\(jobID)/applications", token: employer, as: [ApplicationOutput].self)
            let applicationID = try #require(applications.first).id
            #expect(applications.first?.name == "김민준")
            let stage = "/api/v1/applications/\(applicationID)/stage"
            #expect(try await app.status(.POST, stage, employer, ["to": "hired", "starts_on": "2026-12-14"]) == .conflict)
            // The moved application answers as the job's list shows it: the employer's name, the consenting applicant's.
            try await app.testing().test(.POST, stage, headers: bearer(employer), beforeRequest: { req in try req.content.encode(["to": "interview"]) }) { res in
                #expect(res.status == .ok)
                let moved = try res.content.decode(ApplicationOutput.self)
                #expect(moved.employer == f.employer.name && moved.name == "김민준" && moved.stage == .interview)
            }
            #expect(try await app.status(.POST, stage, employer, ["to": "offer"]) == .ok)
            #expect(try await app.status(.POST, stage, employer, ["to": "hired"]) == .unprocessableEntity)
            #expect(try await app.status(.POST, stage, employer, ["to": "hired", "starts_on": "2026-12-14"]) == .ok)
            #expect(try await app.status(.POST, stage, employer, ["to": "rejected"]) == .conflict)

            let record = try #require(try await EmploymentRecord.query(on: app.db).filter(\.$personID == f.traineeA.id!).first())
            #expect(record.verification == "employer" && record.region == "gyeongnam" && record.startsOn == "2026-12-14")
            #expect(record.$employer.id == f.employer.id)
            let facts = try #require(try await KPIRollup.stored(cohorts: [f.cohortA.id!], on: app.db).first)
            #expect(facts.employed == 1 && facts.employedInRegion == 1)
            let mine = try await app.json("/api/v1/me/applications", token: trainee, as: [ApplicationOutput].self)
            #expect(mine.first?.stage == .hired && mine.first?.employmentID == record.id)
            let history = try await ApplicationEvent.query(on: app.db).filter(\.$applicationID == applicationID).sort(\.$id).all()
            #expect(history.map(\.toStage) == ["applied", "interview", "offer", "hired"])

            // A graduate who withdraws consent stays in the pipeline only as a stage.
            try await app.consent(trainee, false)
            let after = try await app.json("/api/v1/jobs/\(jobID)/applications", token: employer, as: [ApplicationOutput].self)
            #expect(after.first?.name == nil && after.first?.personID == nil && after.first?.stage == .hired)

            // Another company's people cannot reach the job's pipeline.
            let other = Employer(name: "부산클라우드(주)", region: "busan", industry: "IT", verified: true)
            try await other.create(on: app.db)
            let person = Person(name: "정인사", email: "hr@busan.kr", phone: "010-3333-0001", passwordHash: try Bcrypt.hash(Fixture.password, cost: 4))
            try await person.create(on: app.db)
            try await RoleGrants.create(Grant(role: .employer, operatorID: nil, campusID: nil, employerID: other.id), for: person.id!, by: nil, on: app.db)
            let otherToken = try await app.token("hr@busan.kr")
            #expect(try await app.status(.GET, "/api/v1/jobs/\(jobID)/applications", otherToken) == .notFound)
            #expect(try await app.status(.POST, stage, otherToken, ["to": "rejected"]) == .notFound)
        }
    }

    @Test func formsExplainMistakesBesideTheField() async throws {
        try await withApp { app, f, clock in
            _ = try await app.completeTraineeA(f, clock: clock, as: f.staffA.email)
            let employer = try await app.token("hr@factory.kr")
            try await app.postJob(employer, ["skills": " , ", "salary_min": 5000, "salary_max": 4000, "deadline": "2020-01-01"]) { res in
                #expect(res.status == .unprocessableEntity)
                let body = try res.content.decode(ErrorBody.self)
                #expect(Set(body.error.fields?.keys.map { $0 } ?? []) == ["skills", "salary_max", "deadline"])
            }
            let session = try await app.login("trainee.a@test.kr")
            let tooMany = (1...31).map { "skill\($0)" }.joined(separator: ", ")
            try await app.testing().test(.POST, "/profile", headers: session.headers(), beforeRequest: { req in
                try req.content.encode(["skills": tooMany, "headline": "백엔드", "_csrf": session.csrf], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("f-skills-error") && res.body.string.contains("30개까지"))
                #expect(res.body.string.contains("skill31"))
            }
            #expect(try await GraduateProfileRecord.query(on: app.db).count() == 0)
        }
    }

    @Test func aHiringFairRoundMatchesStablyAndPrefersTheTrainingRegion() async throws {
        try await withApp { app, f, clock in
            _ = try await app.completeTraineeA(f, clock: clock, as: f.staffA.email)
            let employer = try await app.token("hr@factory.kr")
            let trainee = try await app.token("trainee.a@test.kr")
            try await app.testing().test(.PUT, "/api/v1/me/profile", headers: bearer(trainee), beforeRequest: { req in
                try req.content.encode(["skills": "Swift, SQL, Docker", "job_types": "backend"] as JSONObject)
            }) { res in #expect(res.status == .ok) }
            try await app.consent(trainee, true)
            var ids: [Int] = []
            for region in ["seoul", "gyeongnam"] {
                try await app.postJob(employer, ["region": .string(region), "positions": 1]) { res in ids.append(try res.content.decode(JobOutput.self).id) }
            }
            #expect(try await app.status(.POST, "/api/v1/matching-rounds", employer) == .forbidden)
            var round: MatchingRoundOutput?
            try await app.testing().test(.POST, "/api/v1/matching-rounds", headers: bearer(try await app.token("pm@test.kr"))) { res in
                #expect(res.status == .created)
                round = try res.content.decode(MatchingRoundOutput.self)
            }
            let result = try #require(round)
            #expect(result.graduates == 1 && result.positions == 2 && result.seats == 2 && result.matched == 1)
            #expect(result.inCampusRegion == 1 && result.blockingPairs == 0)
            #expect(result.jobs.map(\.jobID) == [ids[1]])
            // The employer sees the match on the posting; the graduate on their jobs page.
            let hr = try await app.login("hr@factory.kr")
            try await app.testing().test(.GET, "/jobs/\(ids[1])", headers: hr.headers()) { res in
                #expect(res.body.string.contains("채용 박람회 배정") && res.body.string.contains("/graduates/\(f.traineeA.id!)"))
            }
            let me = try await app.login("trainee.a@test.kr")
            try await app.testing().test(.GET, "/jobs", headers: me.headers()) { res in
                #expect(res.body.string.contains("채용 박람회 매칭 결과") && res.body.string.contains("/jobs/\(ids[1])"))
            }
        }
    }

    @Test func graduatesWithoutAJobComeUpForFollowUpUntilOneIsRecorded() async throws {
        try await withApp { app, f, clock in
            _ = try await app.completeTraineeA(f, clock: clock, as: f.staffA.email)
            var staff = try await app.token(f.staffA.email)
            #expect(try await app.json("/api/v1/employment/follow-ups", token: staff, as: [FollowUpOutput].self).isEmpty)
            clock.advance(31 * 86_400)
            staff = try await app.token(f.staffA.email)
            let due = try await app.json("/api/v1/employment/follow-ups", token: staff, as: [FollowUpOutput].self)
            #expect(due.map(\.personID) == [f.traineeA.id!] && due.first?.checkpoint == 1)
            #expect(try await app.json("/api/v1/employment/follow-ups", token: try await app.token("admin.b@test.kr"), as: [FollowUpOutput].self).isEmpty)
            #expect(try await app.status(.GET, "/api/v1/employment/follow-ups", try await app.token("trainee.a@test.kr")) == .forbidden)
            #expect(try await app.status(.POST, "/api/v1/employment", staff,
                                         ["enrollment_id": .int(f.enrollmentA.id!), "employer_name": "(주)창원소프트", "job_title": "백엔드 개발자",
                                          "region": "gyeongnam", "starts_on": "2026-12-20", "verification": "contract"]) == .created)
            #expect(try await app.json("/api/v1/employment/follow-ups", token: staff, as: [FollowUpOutput].self).isEmpty)
        }
    }
}
