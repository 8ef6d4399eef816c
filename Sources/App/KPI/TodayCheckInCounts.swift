import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

/// Today's check-ins per cohort of the program, for the dashboard's live figure. Counted from the covering index
/// `scans_cohort_day_kind` (about 10 ms for the 16,000 check-ins of a national morning) and reused while nothing
/// has been scanned in this process since and it is less than a second old — so a scan shows at once here and
/// within a second in any other process, and a room of managers reloading the dashboard does not recount it.
struct TodayCheckInCounts: Sendable {
    let day: Day
    let epoch: Int
    let snapshotVersion: Int
    let countedAt: Date
    /// Cohorts with a training day today.
    let training: Set<Int>
    let checkedIn: [Int: Int]

    static let lifetime: TimeInterval = 1

    /// `snapshot`: the program's cohorts; those running today are looked at.
    static func current(today: Day, snapshot: KPISnapshot, req: Request) async throws -> TodayCheckInCounts {
        let cache = req.application.todayCheckIns
        let epoch = req.application.scanEpoch.value
        let now = Date()
        if let cached = cache.value, cached.day == today, cached.epoch == epoch, cached.snapshotVersion == snapshot.version,
           now.timeIntervalSince(cached.countedAt) < lifetime {
            return cached
        }
        let running = snapshot.cohorts.filter { $0.startsOn <= today && today <= $0.endsOn && $0.facts.active > 0 }.map(\.facts.cohortID)
        let counted = try await count(today: today, running: running, epoch: epoch, version: snapshot.version, at: now,
                                      on: req.db as! any SQLDatabase)
        cache.value = counted
        return counted
    }

    private static func count(today: Day, running: [Int], epoch: Int, version: Int, at now: Date,
                              on sql: any SQLDatabase) async throws -> TodayCheckInCounts {
        guard !running.isEmpty else {
            return TodayCheckInCounts(day: today, epoch: epoch, snapshotVersion: version, countedAt: now, training: [], checkedIn: [:])
        }
        let training = Set(try await sql.raw("""
            SELECT cohort_id FROM training_days WHERE cohort_id IN (\(binds: running)) AND day = \(bind: today.description)
            """).all().map { try $0.decode(column: "cohort_id", as: Int.self) })
        var checkedIn: [Int: Int] = [:]
        if !training.isEmpty {
            for row in try await sql.raw("""
                SELECT cohort_id, COUNT(DISTINCT person_id) AS people FROM scans
                WHERE cohort_id IN (\(binds: training.sorted())) AND day = \(bind: today.description)
                  AND kind = \(bind: ScanKind.checkIn.rawValue) AND voided_by IS NULL
                GROUP BY cohort_id
                """).all() {
                checkedIn[try row.decode(column: "cohort_id", as: Int.self)] = try row.decode(column: "people", as: Int.self)
            }
        }
        return TodayCheckInCounts(day: today, epoch: epoch, snapshotVersion: version, countedAt: now, training: training, checkedIn: checkedIn)
    }
}

/// A value shared by the threads of one process.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }

    func update(_ change: (inout Value) -> Void) { lock.withLock { change(&stored) } }
}

struct TodayCheckInsKey: StorageKey { typealias Value = Locked<TodayCheckInCounts?> }
/// Goes up after every batch of scans committed by this process.
struct ScanEpochKey: StorageKey { typealias Value = Locked<Int> }

extension Application {
    var todayCheckIns: Locked<TodayCheckInCounts?> { storage[TodayCheckInsKey.self]! }
    var scanEpoch: Locked<Int> { storage[ScanEpochKey.self]! }
}
