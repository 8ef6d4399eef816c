@testable import App
import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting

/// The KPI roll-up is rewritten by every change; after any sequence of changes made the way users make them
/// (the API), it must equal the counts recomputed from scratch.
@Suite("KPI roll-up")
struct KPIRollupTests {
    struct Actor {
        let email: String
        let cohorts: [Int]
    }

    static func expectRollupFresh(_ app: Application, _ note: String) async throws {
        let ids = try await Cohort.query(on: app.db).all(\.$id)
        let stored = try await KPIRollup.stored(on: app.db)
        let recomputed = try await KPIRollup.compute(cohorts: ids.sorted(), on: app.db)
        #expect(stored == recomputed, "after \(note)")
    }

    @Test("after random sequences of enrollments, status changes, jobs, new course dates and attendance refreshes, the roll-up equals a full recomputation")
    func randomSequences() async throws {
        var log: [String] = []
        for seed in [1, 2, 3] as [UInt64] {
            try await withApp { app, f, clock in
                var rng = SeededRandom(seed: seed)
                let hash = try Bcrypt.hash(Fixture.password, cost: 4)
                var people: [String] = []
                for i in 0..<14 {
                    let p = Person(name: "수강생\(i)", email: "kpi\(seed)-\(i)@test.kr", phone: nil, passwordHash: hash)
                    try await p.create(on: app.db)
                    // Known to both academies (a role with each), so enrolling them by e-mail enrols instead of inviting.
                    for op in [f.operatorA.id!, f.operatorB.id!] {
                        try await RoleGrant(personID: p.id!, role: Role.trainee.rawValue, operatorID: op).create(on: app.db)
                    }
                    people.append(p.email)
                }
                let actors = [Actor(email: f.adminA.email, cohorts: [f.cohortA.id!, f.cohortA2.id!]),
                              Actor(email: f.adminB.email, cohorts: [f.cohortB.id!])]
                for _ in 0..<50 {
                    let actor = actors.randomElement(using: &rng)!
                    let token = try await app.token(actor.email)   // the clock moves on; sessions expire
                    let cohortID = actor.cohorts.randomElement(using: &rng)!
                    let enrollments = try await Enrollment.query(on: app.db).filter(\.$cohort.$id ~~ actor.cohorts).all()
                    switch Int.random(in: 0..<7, using: &rng) {
                    case 0:
                        let email = people.randomElement(using: &rng)!
                        let state = Bool.random(using: &rng) ? "applied" : "enrolled"
                        try await app.testing().test(.POST, "/api/v1/enrollments", headers: bearer(token), beforeRequest: { req in
                            try req.content.encode(["cohort_id": .int(cohortID), "person_email": .string("\(email)"), "state": .string("\(state)")] as JSONObject)
                        }) { res in log.append("enroll \(email) \(state) → \(res.status.code)") }
                    case 1, 2:
                        guard let e = enrollments.randomElement(using: &rng),
                              let next = EnrollmentState(rawValue: e.state)?.allowedNext.randomElement(using: &rng) else { continue }
                        try await app.testing().test(.POST, "/api/v1/enrollments/\(e.id!)/transitions", headers: bearer(token), beforeRequest: { req in
                            try req.content.encode(["to": .string("\(next.rawValue)"), "reason": "개인 사정"] as JSONObject)
                        }) { res in log.append("\(e.id!) → \(next) \(res.status.code)") }
                    case 3:
                        guard let e = enrollments.filter({ $0.state == "completed" }).randomElement(using: &rng) else { continue }
                        let starts = Day(app.ieum.now()).adding(days: Int.random(in: -60...200, using: &rng))
                        let region = Region.allCases.randomElement(using: &rng)!.rawValue
                        try await app.testing().test(.POST, "/api/v1/employment", headers: bearer(token), beforeRequest: { req in
                            try req.content.encode(["enrollment_id": .int(e.id!), "employer_name": "(주)테스트", "job_title": "개발자",
                                                    "region": .string("\(region)"), "starts_on": .string("\(starts.description)"), "verification": "insurance"] as JSONObject)
                        }) { res in log.append("job \(e.id!) \(starts) \(region) → \(res.status.code)") }
                    case 4:
                        let end = Day("2026-12-31")!.adding(days: Int.random(in: -200...30, using: &rng))
                        try await app.testing().test(.PATCH, "/api/v1/cohorts/\(cohortID)", headers: bearer(token), beforeRequest: { req in
                            try req.content.encode(["ends_on": .string("\(end.description)")] as JSONObject)
                        }) { res in log.append("cohort \(cohortID) ends \(end) → \(res.status.code)") }
                    case 5:
                        // Closing decides every trainee still in training; some against the (attendance-less) proposal.
                        let open = enrollments.filter { $0.$cohort.id == cohortID && $0.state == EnrollmentState.enrolled.rawValue }
                        let decisions = open.map { e in
                            CompletionInput.Decision(enrollmentID: e.id!, outcome: Int.random(in: 0..<4, using: &rng) > 0 ? "completed" : "not_completed",
                                                     reason: "출석부 별도 확인")
                        }
                        try await app.closeCohort(cohortID, token: token, decisions: decisions) { res in
                            log.append("close \(cohortID) (\(open.count)) → \(res.status.code)")
                        }
                    default:
                        clock.advance(Double(Int.random(in: 1...60, using: &rng)) * 86_400)
                        let cohort = try #require(try await Cohort.find(cohortID, on: app.db))
                        try await AttendanceRollup.refresh(cohort, today: Day(app.ieum.now()), on: app.db)
                        log.append("clock \(Day(app.ieum.now())), attendance of \(cohortID)")
                    }
                    try await Self.expectRollupFresh(app, log.last ?? "")
                }
            }
        }
        // The sequences did reach every kind of change.
        #expect(log.contains { $0.hasPrefix("enroll") && $0.hasSuffix("201") }, "\(log)")
        #expect(log.contains { $0.hasPrefix("close") && $0.hasSuffix("200") && !$0.contains("(0)") }, "\(log)")
        #expect(log.contains { $0.hasPrefix("job") && $0.hasSuffix("201") }, "\(log)")
        #expect(log.contains { $0.hasPrefix("cohort") && $0.hasSuffix("200") }, "\(log)")
    }

    @Test("a completion, a drop-out and a hire show in the roll-up as soon as the request returns")
    func immediate() async throws {
        try await withApp { app, f, clock in
            func facts() async throws -> CohortFacts { try #require(try await KPIRollup.stored(cohorts: [f.cohortA.id!], on: app.db).first) }
            #expect(try await facts().active == 1)
            let token = try await app.completeTraineeA(f, clock: clock, as: f.adminA.email)
            let afterCompletion = try await facts()
            #expect(afterCompletion.completed == 1 && afterCompletion.active == 0)
            try await app.testing().test(.POST, "/api/v1/employment", headers: bearer(token), beforeRequest: { req in
                try req.content.encode(["enrollment_id": .int(f.enrollmentA.id!), "employer_name": "(주)창원소프트", "job_title": "백엔드 개발자",
                                        "region": "gyeongnam", "starts_on": "2027-01-15", "verification": "contract"] as JSONObject)
            }) { res in #expect(res.status == .created) }
            let afterHire = try await facts()
            #expect(afterHire.employed == 1 && afterHire.employedInRegion == 1 && afterHire.employedInCapital == 0)
        }
    }
}
