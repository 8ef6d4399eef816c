import Fluent
import Foundation
import NIOCore
import IeumCore
import SQLKit
import Vapor

/// Each trainee's attendance so far, kept so that program-wide pages need not re-read millions of scans.
/// Only decided days count (a day is decided at midnight), so the roll-up changes when a day closes or a
/// correction of a past day is decided: the nightly job and every decision refresh it.
final class AttendanceSummaryRecord: Model, @unchecked Sendable {
    static let schema = "attendance_summaries"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "enrollment_id") var enrollmentID: Int
    @Field(key: "cohort_id") var cohortID: Int
    @Field(key: "campus_id") var campusID: Int
    @Field(key: "operator_id") var operatorID: Int
    @Field(key: "training_days") var trainingDays: Int
    @Field(key: "elapsed_days") var elapsedDays: Int
    @Field(key: "absences") var absences: Int
    @Field(key: "rate") var rate: Double
    @Field(key: "at_risk") var atRisk: Bool
    @Field(key: "as_of") var asOf: String

    init() {}
}

struct CreateAttendanceSummaries: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(AttendanceSummaryRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field("enrollment_id", .int, .required, .references("enrollments", "id", onDelete: .cascade))
            .field("cohort_id", .int, .required)
            .field("campus_id", .int, .required)
            .field("operator_id", .int, .required)
            .field("training_days", .int, .required)
            .field("elapsed_days", .int, .required)
            .field("absences", .int, .required)
            .field("rate", .double, .required)
            .field("at_risk", .bool, .required)
            .field("as_of", .string, .required)
            .unique(on: "enrollment_id")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(AttendanceSummaryRecord.schema).delete()
    }
}

enum AttendanceRollup {
    /// Recomputes the summaries of one cohort's trainees from its ledger.
    static func refresh(_ cohort: Cohort, today: Day, on db: any Database) async throws {
        let ledger = try await CohortLedger.load(cohort, today: today, on: db)
        let people = try await CohortAttendance.trainees(of: cohort, on: db)
        let cohortID = try cohort.requireID()
        try await db.writeTransaction { tx in
            try await AttendanceSummaryRecord.query(on: tx).filter(\.$cohortID == cohortID).delete()
            var records: [AttendanceSummaryRecord] = []
            for t in people {
                guard let s = ledger.summary(of: t.personID) else { continue }
                let r = AttendanceSummaryRecord()
                r.enrollmentID = t.enrollmentID
                r.cohortID = cohortID
                r.campusID = cohort.$campus.id
                r.operatorID = cohort.operatorID
                r.trainingDays = s.trainingDays
                r.elapsedDays = s.periods.reduce(0) { $0 + $1.elapsedDays }
                r.absences = s.absences
                r.rate = s.rate
                r.atRisk = s.atRisk
                r.asOf = today.description
                records.append(r)
            }
            for chunk in stride(from: 0, to: records.count, by: 300) {
                try await Array(records[chunk..<min(chunk + 300, records.count)]).create(on: tx)
            }
            try await KPIRollup.refresh(cohorts: [cohortID], on: tx)
        }
    }

    /// Every cohort running on `today` or that ended within the last week (late corrections), or all with `everything`.
    static func refreshAll(today: Day, everything: Bool = false, on db: any Database, progress: ((Int, Int) -> Void)? = nil) async throws -> Int {
        var query = Cohort.query(on: db)
        if !everything {
            query = query.filter(\.$startsOn <= today.description).filter(\.$endsOn >= today.adding(days: -7).description)
        }
        let cohorts = try await query.all()
        for (i, cohort) in cohorts.enumerated() {
            try await refresh(cohort, today: today, on: db)
            progress?(i + 1, cohorts.count)
        }
        return cohorts.count
    }
}

/// Refreshes the roll-up shortly after start and then within a minute of each midnight in Korea, when a day closes.
struct AttendanceRollupScheduler: LifecycleHandler {
    final class LastRun: @unchecked Sendable {
        let lock = NSLock()
        var day: Day?
    }

    func didBootAsync(_ app: Application) async throws {
        let last = LastRun()
        let task = app.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .seconds(5), delay: .minutes(1)) { _ in
            app.eventLoopGroup.next().makeFutureWithTask {
                let today = Day(app.ieum.now())
                guard last.lock.withLock({ last.day != today }) else { return }
                do {
                    // Another process (or the seed) may have done today's already.
                    if try await AttendanceSummaryRecord.query(on: app.db).max(\.$asOf) == today.description {
                        last.lock.withLock { last.day = today }
                        return
                    }
                    let n = try await AttendanceRollup.refreshAll(today: today, on: app.db)
                    last.lock.withLock { last.day = today }
                    app.logger.info("attendance roll-up", metadata: ["cohorts": "\(n)", "day": "\(today)"])
                } catch {
                    app.logger.error("attendance roll-up failed: \(String(reflecting: error))")
                }
            }
        }
        app.storage[RollupTaskKey.self] = task
    }

    func shutdown(_ app: Application) {
        app.storage[RollupTaskKey.self]?.cancel()
    }
}

struct RollupTaskKey: StorageKey { typealias Value = RepeatedTask }
