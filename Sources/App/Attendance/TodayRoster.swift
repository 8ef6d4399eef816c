import Foundation
import IeumCore
import SQLKit
import Vapor

/// Everyone due on a campus today, held in memory: at 9 a.m. every trainee scans once, and where they train
/// is known the night before, so the rush needs no query to find each one's cohort. Reloaded every minute in
/// the background (another process's changes show within that minute); a change of enrollment in this process
/// takes effect at once; anyone not found falls back to the database, so nobody new is refused.
final class TodayRoster: @unchecked Sendable {
    struct Key: Hashable { let personID: Int; let campusID: Int }

    static let refreshEvery: TimeInterval = 60

    private let lock = NSLock()
    private var day: Day?
    private var loadedAt = Date.distantPast
    private var places: [Key: CheckIn.Place] = [:]
    private var loading = false
    /// People forgotten while a reload was reading: its (older) rows must not bring them back.
    private var forgottenDuringLoad: Set<Int> = []

    /// The place if the roster knows it; nil means "ask the database".
    func place(personID: Int, campusID: Int, day: Day, now: Date, app: Application) -> CheckIn.Place? {
        let (hit, stale) = lock.withLock { () -> (CheckIn.Place?, Bool) in
            let current = self.day == day
            let stale = (!current || now.timeIntervalSince(loadedAt) > Self.refreshEvery) && !loading
            if stale { loading = true }
            return (current ? places[Key(personID: personID, campusID: campusID)] : nil, stale)
        }
        if stale {
            Task.detached { await self.reload(day: day, now: now, app: app) }
        }
        return hit
    }

    func forget(personID: Int) {
        lock.withLock {
            places = places.filter { $0.key.personID != personID }
            if loading { forgottenDuringLoad.insert(personID) }
        }
    }

    private func reload(day: Day, now: Date, app: Application) async {
        do {
            let sql = app.db as! any SQLDatabase
            let rows = try await sql.raw("""
                SELECT e.person_id, e.campus_id, e.id AS enrollment_id, e.cohort_id, e.operator_id
                FROM enrollments e JOIN training_days t ON t.cohort_id = e.cohort_id
                WHERE t.day = \(bind: day.description) AND e.state = \(bind: EnrollmentState.enrolled.rawValue)
                """).all()
            var fresh: [Key: CheckIn.Place] = [:]
            fresh.reserveCapacity(rows.count)
            for row in rows {
                fresh[Key(personID: try row.decode(column: "person_id", as: Int.self), campusID: try row.decode(column: "campus_id", as: Int.self))] =
                    CheckIn.Place(enrollmentID: try row.decode(column: "enrollment_id", as: Int.self),
                                  cohortID: try row.decode(column: "cohort_id", as: Int.self),
                                  operatorID: try row.decode(column: "operator_id", as: Int.self))
            }
            lock.withLock {
                self.day = day
                self.places = forgottenDuringLoad.isEmpty ? fresh : fresh.filter { !forgottenDuringLoad.contains($0.key.personID) }
                self.forgottenDuringLoad = []
                self.loadedAt = now
                self.loading = false
            }
        } catch {
            app.logger.error("today's roster could not be loaded: \(String(reflecting: error))")
            lock.withLock { loading = false; forgottenDuringLoad = [] }
        }
    }
}

struct TodayRosterKey: StorageKey { typealias Value = TodayRoster }

extension Application {
    var todayRoster: TodayRoster { storage[TodayRosterKey.self]! }
}
