import Fluent
import Foundation
import Vapor

/// What protects the access log beyond its hash chain: the audit key (entry MACs, checkpoint signatures) and the
/// file the checkpoints are appended to. Both live outside the database.
struct AuditSeal: Sendable {
    static let checkpointInterval: TimeInterval = 24 * 3600

    enum Failure: Error, CustomStringConvertible {
        case shorterThanCheckpoint(entries: Int, recorded: Int)

        var description: String {
            switch self {
            case let .shorterThanCheckpoint(entries, recorded):
                "the access log has \(entries) entries but its last checkpoint recorded \(recorded); a shortened log is not signed: run `ieum audit verify`"
            }
        }
    }

    let key: AuditKey
    let checkpoints: CheckpointFile

    /// Signs the log's current length and head and appends them to the checkpoint file.
    @discardableResult
    func checkpoint(on db: any Database, now: Date) async throws -> AuditCheckpoint {
        try await checkpoint(state: try await state(on: db), after: try checkpoints.last(signedBy: key), now: now)
    }

    /// The hourly job's: when there is none yet, or the last is a day old and the log has grown since. An unchanged
    /// log needs none: the last one still covers every entry.
    func checkpointIfDue(on db: any Database, now: Date) async throws -> AuditCheckpoint? {
        let last = try checkpoints.last(signedBy: key)
        if let at = last?.date, now.timeIntervalSince(at) < Self.checkpointInterval { return nil }
        let state = try await state(on: db)
        if let last, state.seq == last.seq { return nil }
        return try await checkpoint(state: state, after: last, now: now)
    }

    func verify(on db: any Database) async throws -> AuditChain.Report {
        try await AuditChain.verify(on: db, key: key, checkpoints: try checkpoints.read())
    }

    private struct State { let seq: Int, head: String, legacy: Int }

    private func state(on db: any Database) async throws -> State {
        guard let head = try await AuditChainHead.query(on: db).first() else { throw AuditChain.AuditChainError.missingHead }
        let legacy = try await AccessLogEntry.query(on: db).filter(\.$mac == nil).count()
        return State(seq: head.seq, head: head.lastHash, legacy: legacy)
    }

    private func checkpoint(state: State, after last: AuditCheckpoint?, now: Date) async throws -> AuditCheckpoint {
        if let last, state.seq < last.seq { throw Failure.shorterThanCheckpoint(entries: state.seq, recorded: last.seq) }
        let checkpoint = try AuditCheckpoint.signed(seq: state.seq, head: state.head, legacy: state.legacy, at: now, key: key)
        try checkpoints.append(checkpoint)
        return checkpoint
    }
}

struct AuditSealKey: StorageKey { typealias Value = AuditSeal }

extension Application {
    var audit: AuditSeal { storage[AuditSealKey.self]! }
}

extension Request {
    var audit: AuditSeal { application.audit }
}
