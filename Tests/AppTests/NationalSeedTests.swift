@testable import App
import Fluent
import Foundation
import IeumCore
import SQLKit
import Testing
import Vapor

@Suite("National-scale dataset")
struct NationalSeedTests {
    @Test("a small national program is consistent: trainees in cohorts, scans only on training days up to now, none after a drop-out left")
    func consistent() async throws {
        try await withApp { app, _, clock in
            try await app.autoRevert()
            try await Operations.migrate(app)
            let now = clock.now
            var seeder = NationalSeeder(db: app.db, passwordHash: "x", now: now, trainees: 1200) { _ in }
            let counts = try await seeder.run()
            #expect(counts.operators == 18 && counts.campuses == 72)
            #expect(counts.trainees == counts.cohorts * 40)
            #expect(try await Person.query(on: app.db).count() == counts.trainees + 1 + 18 + 72 * 12)   // + mentors
            #expect(try await RoleGrant.query(on: app.db).filter(\.$role == "mentor").count() == 72 * 12)
            #expect(try await Enrollment.query(on: app.db).count() == counts.trainees)
            #expect(try await ScanRecord.query(on: app.db).count() == counts.scans)
            #expect(counts.scans > counts.trainees * 100)
            let sql = app.db as! any SQLDatabase
            // Every scan falls on a training day of its cohort.
            let strays = try await sql.raw("""
                SELECT COUNT(*) AS n FROM scans s LEFT JOIN training_days t ON t.cohort_id = s.cohort_id AND t.day = s.day WHERE t.id IS NULL
                """).first()!.decode(column: "n", as: Int.self)
            #expect(strays == 0)
            let today = Day(now).description
            let future = try await ScanRecord.query(on: app.db).filter(\.$day > today).count()
            #expect(future == 0)
            let late = try await ScanRecord.query(on: app.db).filter(\.$at > now).count()
            #expect(late == 0)
            // Cohorts not started have selected trainees and no scans; 2027's intake is all ahead.
            let upcoming = try await Cohort.query(on: app.db).filter(\.$startsOn > today).all()
            #expect(!upcoming.isEmpty)
            #expect(try await ScanRecord.query(on: app.db).filter(\.$cohortID ~~ upcoming.compactMap(\.id)).count() == 0)
            // A drop-out's scans stop on the day they left.
            let dropped = try await Enrollment.query(on: app.db).filter(\.$state == "dropped").all()
            #expect(!dropped.isEmpty)
            for e in dropped.prefix(20) {
                let last = try await ScanRecord.query(on: app.db).filter(\.$enrollmentID == e.id!).sort(\.$day, .descending).first()
                if let last { #expect(last.day <= Day(e.stateChangedAt).description) }
            }
            // The KPIs read the history: every drop-out left training, every job belongs to a completer on record by now.
            #expect(counts.jobs > 0)
            #expect(try await EmploymentRecord.query(on: app.db).count() == counts.jobs)
            #expect(try await EmploymentRecord.query(on: app.db).filter(\.$createdAt > now).count() == 0)
            try await KPIRollup.refreshAll(on: app.db)
            let facts = try await KPIRollup.stored(on: app.db)
            #expect(facts.count == counts.cohorts)
            #expect(facts.map(\.dropped).reduce(0, +) == dropped.count)
            #expect(facts.map(\.completed).reduce(0, +) == (try await Enrollment.query(on: app.db).filter(\.$state == "completed").count()))
            #expect(facts.map(\.employed).reduce(0, +) > 0)
        }
    }
}
