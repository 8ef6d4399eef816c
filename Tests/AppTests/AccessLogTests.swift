@testable import App
import Fluent
import IeumCore
import Testing
import Vapor
import VaporTesting

@Suite("Access log of personal data")
struct AccessLogTests {
    @Test("viewing someone else's record is logged with who, whose, what and from where")
    func viewIsLogged() async throws {
        try await withApp { app, f, clock in
            let session = try await app.login(f.adminA.email)
            clock.advance(60)
            var headers = session.headers()
            headers.replaceOrAdd(name: "X-Forwarded-For", value: "203.0.113.7")
            // Over a real socket from 127.0.0.1, which is configured as the proxy in front of Ieum.
            app.ieum.trustedProxies = try #require(TrustedProxies("127.0.0.1"))
            try await app.testing(method: .running(port: 0)).test(.GET, "/people/\(f.traineeA.id!)", headers: headers) { res in
                #expect(res.status == .ok)
            }
            let entries = try await AccessLogEntry.query(on: app.db).all()
            #expect(entries.count == 1)
            let entry = try #require(entries.first)
            #expect(entry.actorID == f.adminA.id)
            #expect(entry.subjectID == f.traineeA.id)
            #expect(entry.action == "view")
            #expect(entry.ip == "203.0.113.7")
            #expect(entry.target == "GET /people/\(f.traineeA.id!)")
            #expect(entry.at == fixtureStart.addingTimeInterval(60))
        }
    }

    @Test("API reads of enrollments are logged against the trainee, refused reads are not")
    func apiReads() async throws {
        try await withApp { app, f, _ in
            let token = try await app.token(f.adminA.email)
            try await app.testing().test(.GET, "/api/v1/enrollments/\(f.enrollmentA.id!)", headers: bearer(token)) { res in #expect(res.status == .ok) }
            try await app.testing().test(.GET, "/api/v1/enrollments/\(f.enrollmentB.id!)", headers: bearer(token)) { res in #expect(res.status == .notFound) }
            let entries = try await AccessLogEntry.query(on: app.db).all()
            #expect(entries.map(\.subjectID) == [f.traineeA.id])
        }
    }

    @Test("looking at one's own record leaves no entry")
    func ownRecord() async throws {
        try await withApp { app, f, _ in
            let token = try await app.token(f.pm.email)
            try await app.testing().test(.GET, "/api/v1/people/\(f.pm.id!)", headers: bearer(token)) { res in #expect(res.status == .ok) }
            #expect(try await AccessLogEntry.query(on: app.db).count() == 0)
        }
    }

    @Test("program managers read the log as a page and through the API")
    func readable() async throws {
        try await withApp { app, f, _ in
            let token = try await app.token(f.pm.email)
            try await app.testing().test(.GET, "/api/v1/people/\(f.traineeB.id!)", headers: bearer(token)) { _ in }
            try await app.testing().test(.GET, "/api/v1/access-log?subject_id=\(f.traineeB.id!)", headers: bearer(token)) { res in
                let page = try res.content.decode(ListPage<AccessLogOutput>.self)
                #expect(page.total == 1)
                #expect(page.items.first?.actorID == f.pm.id)
            }
            let session = try await app.login(f.pm.email)
            try await app.testing().test(.GET, "/access-log", headers: session.headers()) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains(f.traineeB.name))
                #expect(res.body.string.contains("개인정보 열람 기록"))
            }
        }
    }
}

@Suite("Monthly access review page")
struct AccessReviewPageTests {
    @Test("off-hours viewing is flagged on the month's review")
    func offHours() async throws {
        try await withApp { app, f, clock in
            clock.advance(13 * 3600) // 23:00 KST on a Monday
            let token = try await app.token(f.adminA.email)
            try await app.testing().test(.GET, "/api/v1/people/\(f.traineeA.id!)", headers: bearer(token)) { _ in }
            let session = try await app.login(f.pm.email)
            try await app.testing().test(.GET, "/access-log/review?month=2026-11", headers: session.headers()) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("업무시간 외 1건"))
                #expect(res.body.string.contains(f.adminA.name))
            }
            try await app.testing().test(.GET, "/access-log/review?month=2026-13", headers: session.headers()) { res in
                #expect(res.status == .badRequest)
            }
        }
    }
}

@Suite("Access log of lists")
struct ListAccessLogTests {
    @Test("a list of people, a roster and a search each leave one entry naming whom they showed")
    func listsAreLogged() async throws {
        try await withApp { app, f, _ in
            let admin = try await app.token(f.adminA.email)
            try await app.testing().test(.GET, "/api/v1/people?per_page=200&q=%EA%B9%80", headers: bearer(admin)) { res in
                #expect(res.status == .ok)
            }
            try await app.testing().test(.GET, "/api/v1/cohorts/\(f.cohortA.id!)/roster", headers: bearer(admin)) { res in
                #expect(res.status == .ok)
            }
            let entries = try await AccessLogEntry.query(on: app.db).filter(\.$actorID == f.adminA.id!).sort(\.$seq).all()
            #expect(entries.count == 2)
            let search = try #require(entries.first)
            #expect(search.action.hasPrefix("list "))
            #expect(search.target.contains("people list search \"김\""))
            #expect(search.target.contains("\(f.traineeA.id!)"))
            #expect(!search.target.contains(",\(f.traineeB.id!),") && !search.target.hasSuffix(",\(f.traineeB.id!)"))
            let roster = try #require(entries.last)
            #expect(roster.action == "list 1" && roster.subjectID == f.traineeA.id)
            #expect(roster.target.contains("roster"))
            // A trainee's own page of their own data leaves nothing.
            let trainee = try await app.token(f.traineeA.email)
            try await app.testing().test(.GET, "/api/v1/me/attendance", headers: bearer(trainee)) { res in #expect(res.status == .ok) }
            #expect(try await AccessLogEntry.query(on: app.db).filter(\.$actorID == f.traineeA.id!).count() == 0)
        }
    }
    @Test("the attendance matrix, a mentor's review queue and an assignment's submissions each leave an entry naming the trainees")
    func otherListsAreLogged() async throws {
        try await withApp { app, f, _ in
            let assignment = try await app.makeSumAssignment(f.cohortA, by: try await app.token(f.staffA.email))
            _ = try await app.submit(assignment, by: try await app.token(f.traineeA.email), source: Solutions.right)
            try await app.drainGradingQueue()
            let staff = try await app.login(f.staffA.email)
            let mentor = try await app.login(f.mentorA.email)
            let reads: [(String, HTTPHeaders, String)] = [
                ("/api/v1/cohorts/\(f.cohortA.id!)/attendance", bearer(try await app.token(f.staffA.email)), "attendance matrix"),
                ("/cohorts/\(f.cohortA.id!)/attendance", staff.headers(), "attendance matrix"),
                ("/reviews", mentor.headers(), "review queue"),
                ("/assignments/\(assignment)", staff.headers(), "assignment submissions"),
            ]
            for (path, headers, purpose) in reads {
                let before = try await AccessLogEntry.query(on: app.db).count()
                try await app.testing().test(.GET, path, headers: headers) { res in #expect(res.status == .ok, "\(path)") }
                let entries = try await AccessLogEntry.query(on: app.db).sort(\.$seq).all().dropFirst(before)
                let entry = entries.first { $0.action.hasPrefix("list ") }
                #expect(entry?.target.contains(purpose) == true && entry?.target.contains("\(f.traineeA.id!)") == true, "\(path): \(entries.map(\.target))")
            }
        }
    }
}
