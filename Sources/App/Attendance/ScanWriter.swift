import Fluent
import Foundation
import SQLKit
import Vapor

/// A scan about to be written.
struct NewScan: Sendable {
    let enrollmentID: Int
    let personID: Int
    let cohortID: Int
    let campusID: Int
    let operatorID: Int
    let day: String
    let kind: String
    let at: Date
    let source: ScanSource
    let manualReason: String?
    let recordedBy: Int?
    let correctionID: Int?
    let codeWindow: Int64?
    let idempotencyKey: String
}

/// Writes scans in group commits: every scan that arrives while one transaction is being written goes
/// into the next, so the 9 a.m. rush costs one commit (one fsync) per batch instead of one per scan.
/// A caller is answered only after its batch has committed, so an answered scan is never lost.
actor ScanWriter {
    enum Outcome: Sendable, Equatable {
        case stored(id: Int)
        /// The person already has a scan with this idempotency key, or this code window already served this kind.
        case conflict
    }

    private struct Pending {
        let scan: NewScan
        let continuation: CheckedContinuation<Outcome, any Error>
    }

    /// Fifteen binds a row keeps a statement under SQLite's and PostgreSQL's bind limits.
    static let maxBatch = 1000

    private let database: @Sendable () -> any Database
    private let committed: @Sendable () -> Void
    /// The loop whose connection the batches use (see `configure`): the actor runs there too.
    private let loop: any EventLoop
    nonisolated var unownedExecutor: UnownedSerialExecutor { loop.executor.asUnownedSerialExecutor() }
    private var queue: [Pending] = []
    private var flushing = false

    /// `committed` runs after every batch is written (live figures use it to know they are out of date).
    init(on loop: any EventLoop, database: @escaping @Sendable () -> any Database, committed: @escaping @Sendable () -> Void = {}) {
        self.loop = loop
        self.database = database
        self.committed = committed
    }

    func write(_ scan: NewScan) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            queue.append(Pending(scan: scan, continuation: continuation))
            if !flushing {
                flushing = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !queue.isEmpty {
            let batch = Array(queue.prefix(Self.maxBatch))
            queue.removeFirst(batch.count)
            do {
                var stored = try await insert(batch.map(\.scan))
                committed()
                for pending in batch {
                    // Two requests with one key in one batch: the first wrote the row, the second is its retry.
                    let id = stored.removeValue(forKey: Key(pending.scan.personID, pending.scan.idempotencyKey))
                    pending.continuation.resume(returning: id.map { .stored(id: $0) } ?? .conflict)
                }
            } catch {
                for pending in batch { pending.continuation.resume(throwing: error) }
            }
        }
        flushing = false
    }

    private struct Key: Hashable {
        let person: Int
        let key: String
        init(_ person: Int, _ key: String) { self.person = person; self.key = key }
    }

    /// One multi-row INSERT; rows that clash with a unique index are skipped and come back missing.
    private func insert(_ scans: [NewScan]) async throws -> [Key: Int] {
        guard let sql = database() as? any SQLDatabase else { throw Abort(.internalServerError) }
        // Written out with binds: building the statement from SQLKit's expression types costs more than running it.
        var query: SQLQueryString = """
            INSERT INTO scans (enrollment_id, person_id, cohort_id, campus_id, operator_id, day, kind, at, source,
            manual_reason, recorded_by, correction_id, code_window, idempotency_key) VALUES
            """
        for (i, s) in scans.enumerated() {
            query = query + (i == 0 ? " " : ", ") + """
                (\(bind: s.enrollmentID), \(bind: s.personID), \(bind: s.cohortID), \(bind: s.campusID), \(bind: s.operatorID), \
                \(bind: s.day), \(bind: s.kind), \(bind: s.at), \(bind: s.source.rawValue), \(bind: s.manualReason), \(bind: s.recordedBy), \
                \(bind: s.correctionID), \(bind: s.codeWindow), \(bind: s.idempotencyKey))
                """
        }
        let rows = try await sql.raw(query + " ON CONFLICT DO NOTHING RETURNING id, person_id, idempotency_key").all()
        var stored: [Key: Int] = [:]
        for row in rows {
            stored[Key(try row.decode(column: "person_id", as: Int.self), try row.decode(column: "idempotency_key", as: String.self))] =
                try row.decode(column: "id", as: Int.self)
        }
        return stored
    }
}

struct ScanWriterKey: StorageKey { typealias Value = ScanWriter }

extension Application {
    /// Made once in `configure`, before the server takes requests.
    var scanWriter: ScanWriter { storage[ScanWriterKey.self]! }
}
