@testable import App
import Fluent
import Testing
import Vapor
import VaporTesting

/// Who may reach what. Another operator's record is answered exactly like a missing one: 404.
@Suite("Authorization: roles × routes")
struct AuthorizationMatrixTests {
    enum Who: String, CaseIterable {
        case anonymous, pm, adminA, staffA, mentorA, traineeA, employer
    }

    struct Case {
        let method: HTTPMethod
        let path: String
        var body: JSONObject? = nil
        let expected: [Who: UInt]
    }

    static func statuses(_ anon: UInt, pm: UInt, adminA: UInt, staffA: UInt, mentorA: UInt, traineeA: UInt, employer: UInt) -> [Who: UInt] {
        [.anonymous: anon, .pm: pm, .adminA: adminA, .staffA: staffA, .mentorA: mentorA, .traineeA: traineeA, .employer: employer]
    }

    static func cases(_ f: Fixture) -> [Case] {
        return [
            Case(method: .GET, path: "/api/v1/me", expected: statuses(401, pm: 200, adminA: 200, staffA: 200, mentorA: 200, traineeA: 200, employer: 200)),
            Case(method: .GET, path: "/api/v1/programs", expected: statuses(401, pm: 200, adminA: 403, staffA: 403, mentorA: 403, traineeA: 403, employer: 403)),
            Case(method: .GET, path: "/api/v1/operators", expected: statuses(401, pm: 200, adminA: 200, staffA: 200, mentorA: 200, traineeA: 403, employer: 403)),
            Case(method: .GET, path: "/api/v1/operators/\(f.operatorA.id!)", expected: statuses(401, pm: 200, adminA: 200, staffA: 200, mentorA: 200, traineeA: 403, employer: 403)),
            Case(method: .GET, path: "/api/v1/operators/\(f.operatorB.id!)", expected: statuses(401, pm: 200, adminA: 404, staffA: 404, mentorA: 404, traineeA: 403, employer: 403)),
            Case(method: .GET, path: "/api/v1/operators/999999", expected: statuses(401, pm: 404, adminA: 404, staffA: 404, mentorA: 404, traineeA: 403, employer: 403)),
            Case(method: .GET, path: "/api/v1/campuses/\(f.campusA.id!)", expected: statuses(401, pm: 200, adminA: 200, staffA: 200, mentorA: 200, traineeA: 403, employer: 403)),
            Case(method: .GET, path: "/api/v1/campuses/\(f.campusA2.id!)", expected: statuses(401, pm: 200, adminA: 200, staffA: 404, mentorA: 200, traineeA: 403, employer: 403)),
            Case(method: .GET, path: "/api/v1/campuses/\(f.campusB.id!)", expected: statuses(401, pm: 200, adminA: 404, staffA: 404, mentorA: 404, traineeA: 403, employer: 403)),
            Case(method: .GET, path: "/api/v1/courses/\(f.courseB.id!)", expected: statuses(401, pm: 200, adminA: 404, staffA: 404, mentorA: 404, traineeA: 403, employer: 403)),
            Case(method: .GET, path: "/api/v1/cohorts/\(f.cohortA.id!)", expected: statuses(401, pm: 200, adminA: 200, staffA: 200, mentorA: 200, traineeA: 403, employer: 403)),
            // The mentor is assigned to cohort A only.
            Case(method: .GET, path: "/api/v1/cohorts/\(f.cohortA2.id!)", expected: statuses(401, pm: 200, adminA: 200, staffA: 404, mentorA: 404, traineeA: 403, employer: 403)),
            Case(method: .GET, path: "/api/v1/cohorts/\(f.cohortB.id!)", expected: statuses(401, pm: 200, adminA: 404, staffA: 404, mentorA: 404, traineeA: 403, employer: 403)),
            Case(method: .GET, path: "/api/v1/people/\(f.traineeA.id!)", expected: statuses(401, pm: 200, adminA: 200, staffA: 200, mentorA: 200, traineeA: 403, employer: 403)),
            Case(method: .GET, path: "/api/v1/people/\(f.traineeB.id!)", expected: statuses(401, pm: 200, adminA: 404, staffA: 404, mentorA: 404, traineeA: 403, employer: 403)),
            Case(method: .GET, path: "/api/v1/people/\(f.adminB.id!)", expected: statuses(401, pm: 200, adminA: 404, staffA: 404, mentorA: 404, traineeA: 403, employer: 403)),
            Case(method: .GET, path: "/api/v1/enrollments/\(f.enrollmentA.id!)", expected: statuses(401, pm: 200, adminA: 200, staffA: 200, mentorA: 200, traineeA: 403, employer: 403)),
            Case(method: .GET, path: "/api/v1/enrollments/\(f.enrollmentB.id!)", expected: statuses(401, pm: 200, adminA: 404, staffA: 404, mentorA: 404, traineeA: 403, employer: 403)),
            Case(method: .GET, path: "/api/v1/enrollments/\(f.enrollmentB.id!)/transitions", expected: statuses(401, pm: 200, adminA: 404, staffA: 404, mentorA: 404, traineeA: 403, employer: 403)),
            Case(method: .GET, path: "/api/v1/employers", expected: statuses(401, pm: 200, adminA: 200, staffA: 200, mentorA: 200, traineeA: 403, employer: 200)),
            Case(method: .GET, path: "/api/v1/employers/\(f.employer.id!)", expected: statuses(401, pm: 200, adminA: 200, staffA: 200, mentorA: 200, traineeA: 403, employer: 200)),
            Case(method: .GET, path: "/api/v1/access-log", expected: statuses(401, pm: 200, adminA: 403, staffA: 403, mentorA: 403, traineeA: 403, employer: 403)),
            Case(method: .PATCH, path: "/api/v1/cohorts/\(f.cohortA.id!)", body: ["capacity": 20],
                 expected: statuses(401, pm: 200, adminA: 200, staffA: 200, mentorA: 403, traineeA: 403, employer: 403)),
            Case(method: .PATCH, path: "/api/v1/cohorts/\(f.cohortB.id!)", body: ["capacity": 20],
                 expected: statuses(401, pm: 200, adminA: 404, staffA: 404, mentorA: 403, traineeA: 403, employer: 403)),
            Case(method: .PATCH, path: "/api/v1/operators/\(f.operatorA.id!)", body: ["description": "새 소개"],
                 expected: statuses(401, pm: 200, adminA: 200, staffA: 403, mentorA: 403, traineeA: 403, employer: 403)),
            Case(method: .PATCH, path: "/api/v1/operators/\(f.operatorB.id!)", body: ["description": "탈취"],
                 expected: statuses(401, pm: 200, adminA: 404, staffA: 403, mentorA: 403, traineeA: 403, employer: 403)),
            Case(method: .POST, path: "/api/v1/programs", body: ["name": "새 사업", "start_year": 2028, "end_year": 2030, "cumulative_target": 1000],
                 expected: statuses(401, pm: 201, adminA: 403, staffA: 403, mentorA: 403, traineeA: 403, employer: 403)),
        ]
    }

    func token(_ who: Who, _ f: Fixture, _ app: Application) async throws -> String? {
        let email: String? = switch who {
        case .anonymous: nil
        case .pm: f.pm.email
        case .adminA: f.adminA.email
        case .staffA: f.staffA.email
        case .mentorA: f.mentorA.email
        case .traineeA: f.traineeA.email
        case .employer: f.employerUser.email
        }
        return try await email.asyncMap { try await app.token($0) }
    }

    @Test("every role gets exactly the expected status on every API route")
    func matrix() async throws {
        try await withApp { app, f, _ in
            var tokens: [Who: String] = [:]
            for who in Who.allCases { tokens[who] = try await token(who, f, app) }
            var mismatches: [String] = []
            for c in Self.cases(f) {
                for who in Who.allCases {
                    let expected = c.expected[who]!
                    var headers = tokens[who].map(bearer) ?? HTTPHeaders()
                    if c.body != nil { headers.contentType = .json }
                    try await app.testing().test(c.method, c.path, headers: headers, beforeRequest: { req in
                        if let body = c.body { try req.content.encode(body) }
                    }) { res in
                        if res.status.code != expected {
                            mismatches.append("\(who) \(c.method) \(c.path): \(res.status.code), expected \(expected)")
                        }
                    }
                }
            }
            #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        }
    }

    @Test("lists show only the principal's own academy")
    func scopedLists() async throws {
        try await withApp { app, f, _ in
            let token = try await app.token(f.adminA.email)
            try await app.testing().test(.GET, "/api/v1/cohorts", headers: bearer(token)) { res in
                let page = try res.content.decode(ListPage<CohortOutput>.self)
                #expect(Set(page.items.map(\.operatorID)) == [f.operatorA.id!])
                #expect(page.total == 2)
            }
            try await app.testing().test(.GET, "/api/v1/people?per_page=200", headers: bearer(token)) { res in
                let page = try res.content.decode(ListPage<PersonOutput>.self)
                let emails = Set(page.items.map(\.email))
                #expect(emails.contains(f.traineeA.email))
                #expect(!emails.contains(f.traineeB.email))
                #expect(!emails.contains(f.adminB.email))
            }
            let staff = try await app.token(f.staffA.email)
            try await app.testing().test(.GET, "/api/v1/cohorts", headers: bearer(staff)) { res in
                let page = try res.content.decode(ListPage<CohortOutput>.self)
                #expect(page.items.map(\.id) == [f.cohortA.id!])
            }
        }
    }

    @Test("pages answer another operator's record with the same 404 page as a missing one")
    func pages404() async throws {
        try await withApp { app, f, _ in
            let session = try await app.login(f.adminA.email)
            var missing = ""
            try await app.testing().test(.GET, "/cohorts/999999", headers: session.headers()) { res in
                #expect(res.status == .notFound)
                // The only difference may be the page's own address (in the language switch).
                missing = res.body.string.replacingOccurrences(of: "/cohorts/999999", with: "/cohorts/ID")
            }
            try await app.testing().test(.GET, "/cohorts/\(f.cohortB.id!)", headers: session.headers()) { res in
                #expect(res.status == .notFound)
                #expect(res.body.string.replacingOccurrences(of: "/cohorts/\(f.cohortB.id!)", with: "/cohorts/ID") == missing)
                #expect(!res.body.string.contains(f.cohortB.name))
            }
            try await app.testing().test(.GET, "/people/\(f.traineeB.id!)", headers: session.headers()) { res in
                #expect(res.status == .notFound)
                #expect(!res.body.string.contains(f.traineeB.name))
            }
        }
    }

    @Test("an academy's page lists only the campuses the viewer may open")
    func operatorPageCampuses() async throws {
        try await withApp { app, f, _ in
            let staff = try await app.login(f.staffA.email)
            try await app.testing().test(.GET, "/operators/\(f.operatorA.id!)", headers: staff.headers()) { res in
                #expect(res.body.string.contains(f.campusA.name))
                #expect(!res.body.string.contains(f.campusA2.name))
            }
            let admin = try await app.login(f.adminA.email)
            try await app.testing().test(.GET, "/operators/\(f.operatorA.id!)", headers: admin.headers()) { res in
                #expect(res.body.string.contains(f.campusA2.name))
            }
        }
    }

    @Test("pages send people who are not logged in to the login form, and the API answers 401")
    func unauthenticated() async throws {
        try await withApp { app, f, _ in
            for path in ["/", "/operators", "/cohorts/\(f.cohortA.id!)", "/people/\(f.traineeA.id!)", "/access-log"] {
                try await app.testing().test(.GET, path) { res in
                    #expect(res.status == .seeOther)
                    #expect(res.headers.first(name: .location)?.hasPrefix("/login?next=") == true)
                }
            }
            try await app.testing().test(.GET, "/api/v1/cohorts") { res in
                #expect(res.status == .unauthorized)
                #expect(res.headers.contentType == .json)
            }
        }
    }

    @Test("a role without access sees a page saying so, not the data")
    func forbiddenPage() async throws {
        try await withApp { app, f, _ in
            let session = try await app.login(f.traineeA.email)
            try await app.testing().test(.GET, "/people", headers: session.headers()) { res in
                #expect(res.status == .forbidden)
                #expect(res.body.string.contains("이 작업을 할 권한이 없습니다."))
                #expect(!res.body.string.contains(f.traineeB.email))
            }
        }
    }
}

@Suite("Mentors' view")
struct MentorScopeTests {
    @Test("a mentor lists only the cohorts assigned to them and those cohorts' trainees")
    func mentorsSeeTheirCohortsOnly() async throws {
        try await withApp { app, f, _ in
            // A trainee of the same academy in a cohort the mentor does not look after.
            let other = Person(name: "박다른", email: "other.cohort@test.kr", phone: nil)
            try await other.create(on: app.db)
            try await Enrollment(personID: other.id!, cohort: f.cohortA2, state: "enrolled", at: fixtureStart).create(on: app.db)
            let mentor = try await app.token(f.mentorA.email)
            struct Item: Decodable { let id: Int }
            struct Page: Decodable { let items: [Item] }
            try await app.testing().test(.GET, "/api/v1/cohorts", headers: bearer(mentor)) { res in
                let page = try res.content.decode(Page.self)
                #expect(page.items.map(\.id) == [f.cohortA.id!])
            }
            try await app.testing().test(.GET, "/api/v1/people?per_page=200", headers: bearer(mentor)) { res in
                let ids = Set(try res.content.decode(Page.self).items.map(\.id))
                #expect(ids.contains(f.traineeA.id!))
                #expect(!ids.contains(other.id!) && !ids.contains(f.traineeB.id!) && !ids.contains(f.staffA.id!))
            }
            try await app.testing().test(.GET, "/api/v1/people/\(other.id!)", headers: bearer(mentor)) { res in
                #expect(res.status == .notFound)
            }
        }
    }
}
