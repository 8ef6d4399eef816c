@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("A person's rights over their data")
struct DataSubjectRightsTests {
    @Test("a trainee downloads everything held about them, including who looked at it")
    func download() async throws {
        try await withApp { app, f, _ in
            let admin = try await app.token(f.adminA.email)
            try await app.testing().test(.GET, "/api/v1/people/\(f.traineeA.id!)", headers: bearer(admin)) { _ in }
            let token = try await app.token(f.traineeA.email)
            try await app.testing().test(.GET, "/api/v1/me/data", headers: bearer(token)) { res in
                #expect(res.status == .ok)
                let data = try res.content.decode(MyData.self)
                #expect(data.profile.email == f.traineeA.email)
                #expect(data.enrollments.map(\.cohort) == [f.cohortA.name])
                #expect(data.enrollments.first?.history.map(\.to) == ["enrolled"])
                #expect(data.viewedBy.map(\.byPersonID) == [f.adminA.id!])
            }
            let session = try await app.login(f.traineeA.email)
            try await app.testing().test(.GET, "/account/data.csv", headers: session.headers()) { res in
                #expect(res.status == .ok)
                #expect(res.headers.first(name: .contentDisposition)?.hasPrefix("attachment") == true)
                #expect(Array(res.body.readableBytesView.prefix(3)) == [0xEF, 0xBB, 0xBF])
                #expect(res.body.string.contains(f.cohortA.name))
            }
        }
    }

    @Test("downloading needs a recent password")
    func reauth() async throws {
        try await withApp { app, f, clock in
            let token = try await app.token(f.traineeA.email)
            clock.advance(10 * 60)
            try await app.testing().test(.GET, "/api/v1/me/data", headers: bearer(token)) { res in
                #expect(res.status == .forbidden)
            }
        }
    }

    @Test("a deletion request closes the account; the job erases extras now and anonymises after the retention period")
    func deletion() async throws {
        try await withApp { app, f, clock in
            let token = try await app.token(f.traineeA.email)
            try await app.testing().test(.POST, "/api/v1/me/deletion-request", headers: bearer(token)) { res in
                #expect(res.status == .accepted)
            }
            try await app.testing().test(.GET, "/api/v1/me", headers: bearer(token)) { res in #expect(res.status == .unauthorized) }
            // Closed at once: the password no longer logs in, even before the job has erased it.
            try await app.testing().test(.POST, "/api/v1/auth/token", beforeRequest: { req in
                try req.content.encode(["email": f.traineeA.email, "password": Fixture.password])
            }) { res in #expect(res.status == .unauthorized) }

            #expect(try await RetentionJob.run(on: app.db, now: clock.now) == .init(erased: 1, anonymised: 0))
            let erased = try #require(try await Person.find(f.traineeA.id!, on: app.db))
            #expect(erased.name == f.traineeA.name)
            #expect(erased.phone == nil && erased.passwordHash == nil && erased.residentNumberSealed == nil)
            #expect(try await RoleGrant.query(on: app.db).filter(\.$person.$id == f.traineeA.id!).filter(\.$revokedAt == nil).count() == 0)
            #expect(try await Enrollment.query(on: app.db).filter(\.$person.$id == f.traineeA.id!).count() == 1)
            #expect(try await RetentionJob.run(on: app.db, now: clock.now) == .init())

            // Cohort A ends 2026-12-31: the identity stays with the records until 2029-12-28.
            clock.advance(3 * 365 * 24 * 3600)
            #expect(try await RetentionJob.run(on: app.db, now: clock.now) == .init())
            clock.advance(60 * 24 * 3600)
            #expect(try await RetentionJob.run(on: app.db, now: clock.now) == .init(erased: 0, anonymised: 1))
            let anonymous = try #require(try await Person.find(f.traineeA.id!, on: app.db))
            #expect(anonymous.name == "탈퇴한 사용자")
            #expect(anonymous.email == "deleted-\(f.traineeA.id!)@invalid.ieum")
            let kinds = try await SecurityEvent.query(on: app.db).filter(\.$personID == f.traineeA.id!).sort(\.$id).all().map(\.kind)
            #expect(kinds == ["deletion_requested", "personal_data_erased", "person_anonymised"])
        }
    }

    @Test("someone with no training records is anonymised on the first run")
    func noRecords() async throws {
        try await withApp { app, f, clock in
            let token = try await app.token(f.employerUser.email)
            try await app.testing().test(.POST, "/api/v1/me/deletion-request", headers: bearer(token)) { res in
                #expect(res.status == .accepted)
            }
            #expect(try await RetentionJob.run(on: app.db, now: clock.now) == .init(erased: 0, anonymised: 1))
            #expect(try await Person.find(f.employerUser.id!, on: app.db)?.email.hasPrefix("deleted-") == true)
        }
    }
}
