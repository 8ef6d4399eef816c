@testable import App
import Fluent
import IeumCore
import Testing
import Vapor
import VaporTesting

@Suite("Database and demo program")
struct DatabaseTests {
    @Test("migrations revert cleanly and apply again")
    func migrations() async throws {
        try await withApp { app, _, _ in
            try await app.autoRevert()
            try await Operations.migrate(app)
            #expect(try await Person.query(on: app.db).count() == 0)
            try await Operations.migrate(app)
        }
    }

    @Test("the health check reports a reachable database")
    func health() async throws {
        try await withApp { app, _, _ in
            try await app.testing().test(.GET, "/healthz") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("\"database\":\"reachable\""))
            }
        }
    }

    @Test("the demo program follows the program's facts and is the same every time")
    func demo() async throws {
        try await withApp { app, _, _ in
            try await app.autoRevert()
            try await Operations.migrate(app)
            let logins = try #require(try await Operations.seedDemo(app))
            #expect(logins.count == 7)
            #expect(try await Operator.query(on: app.db).count() == 5)
            let campuses = try await Campus.query(on: app.db).all()
            #expect(campuses.count >= 8)
            let regions = Set(campuses.compactMap { Region(rawValue: $0.region) })
            #expect(regions.count >= 6)
            #expect(campuses.filter { Region(rawValue: $0.region)!.isCapitalRegion }.count * 2 < campuses.count)
            #expect(try await Cohort.query(on: app.db).count() >= 20)
            #expect(try await Cohort.query(on: app.db).filter(\.$startsOn < "2023-01-01").count() > 0)
            let trainees = try await RoleGrant.query(on: app.db).filter(\.$role == "trainee").count()
            #expect((1_800...3_000).contains(trainees))
            for state in EnrollmentState.allCases {
                #expect(try await Enrollment.query(on: app.db).filter(\.$state == state.rawValue).count() > 0, "\(state)")
            }
            #expect(try await EmploymentRecord.query(on: app.db).count() > 100)
            // Every campus recruits its next intake; one academy has applications at every stage.
            #expect(try await Recruitment.query(on: app.db).filter(\.$publishedAt != nil).count() == campuses.count)
            for state in [AdmissionState.draft, .submitted, .ineligible, .screening, .test, .review, .selected, .waitlisted, .confirmed, .declined] {
                #expect(try await Admission.query(on: app.db).filter(\.$state == state.rawValue).count() > 0, "\(state)")
            }
            // Each application's history reads forward: no step is dated before the one it followed, nor after now.
            let events = try await AdmissionEvent.query(on: app.db).sort(\.$admissionID).sort(\.$id).all()
            let backwards = Dictionary(grouping: events, by: \.admissionID).values.filter { h in zip(h, h.dropFirst()).contains { $0.at > $1.at } }
            #expect(backwards.isEmpty, "\(backwards.count) applications with a history out of order")
            #expect(events.allSatisfy { $0.at <= app.ieum.now() })
            let employers = try await Employer.query(on: app.db).all()
            #expect(employers.filter { !Region(rawValue: $0.region)!.isCapitalRegion }.count * 2 > employers.count)
            #expect(try await Operations.seedDemo(app) == nil)
            // Every demo login works with the printed password, and the login page offers exactly these.
            for login in logins {
                _ = try await app.token(login.email, password: Operations.demoPassword)
            }
            #expect(Set(logins.map(\.email)) == Set(DemoCatalog.loginHints.map(\.1)))
            app.ieum.isDemo = true
            try await app.testing().test(.GET, "/login") { res in
                #expect(res.body.string.contains("데모 계정"))
                #expect(res.body.string.contains("pm@ieum.demo"))
            }
        }
    }
}
