import Fluent
import Foundation
import IeumCore
import IeumGrader
import SQLKit
import Vapor

/// The grading queue is the `submissions` table: a submission is stored (queued) before anything else happens,
/// so nothing is lost to a crash, and there is no queue size to overflow. Workers claim the oldest queued row;
/// on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so several Ieum processes never claim the same one; on SQLite
/// writes are serialised and one process grades.
enum GradingQueue {
    /// Work claimed by a process not seen for this long goes back to the queue.
    static let defaultStaleAfter: TimeInterval = 30

    static func claim(instance: String, now: Date, on db: any Database) async throws -> Int? {
        let sql = db as! any SQLDatabase
        let lock: SQLQueryString = sql.dialect.name == "postgresql" ? " FOR UPDATE SKIP LOCKED" : ""
        let rows = try await sql.raw("""
            UPDATE submissions SET state = 'grading', claimed_by = \(bind: instance), claimed_at = \(bind: now)
            WHERE id = (SELECT id FROM submissions WHERE state = 'queued' ORDER BY id LIMIT 1\(lock))
            AND state = 'queued' RETURNING id
            """).all()
        return try rows.first?.decode(column: "id", as: Int.self)
    }

    /// Records the result, unless the submission was re-queued meanwhile (a re-grade after a test fix).
    static func complete(_ id: Int, instance: String, report: GradingReport, testsVersion: Int, now: Date,
                         on db: any Database) async throws {
        guard let submission = try await Submission.query(on: db).filter(\.$id == id).with(\.$assignment).first(),
              submission.state == SubmissionState.grading, submission.claimedBy == instance else { return }
        let assignment = submission.assignment
        submission.state = report.verdict == .internalError ? SubmissionState.failed : SubmissionState.graded
        submission.verdict = report.verdict.rawValue
        submission.passed = report.passed
        submission.total = report.total
        submission.rawPoints = report.points
        submission.points = assignment.policy.apply(to: report.points, submittedAt: submission.submittedAt, deadline: assignment.deadline)
        submission.report = String(decoding: try JSONEncoder().encode(report.tests), as: UTF8.self)
        submission.compileOutput = report.compileOutput
        submission.gradedAt = now
        submission.testsVersion = testsVersion
        try await submission.save(on: db)
    }

    /// The grader itself could not judge (the sandbox failed): shown as an internal error, never as the
    /// trainee's fault, and re-gradable.
    static func fail(_ id: Int, instance: String, message: String, now: Date, on db: any Database) async throws {
        guard let submission = try await Submission.find(id, on: db),
              submission.state == SubmissionState.grading, submission.claimedBy == instance else { return }
        submission.state = SubmissionState.failed
        submission.verdict = Verdict.internalError.rawValue
        submission.compileOutput = String(message.prefix(2_000))
        submission.gradedAt = now
        try await submission.save(on: db)
    }

    static func heartbeat(instance: String, now: Date, on db: any Database) async throws {
        if let row = try await GraderInstance.find(instance, on: db) {
            row.seenAt = now
            try await row.save(on: db)
        } else {
            let row = GraderInstance()
            row.id = instance
            row.seenAt = now
            try await row.create(on: db)
        }
    }

    /// Puts back work claimed by processes that stopped (crashed, killed, restarted); returns how many.
    @discardableResult
    static func requeueAbandoned(now: Date, staleAfter: TimeInterval, on db: any Database) async throws -> Int {
        let cutoff = now.addingTimeInterval(-staleAfter)
        let alive = try await GraderInstance.query(on: db).filter(\.$seenAt > cutoff).all().compactMap(\.id)
        let abandoned = try await Submission.query(on: db).filter(\.$state == SubmissionState.grading)
            .filter(\.$claimedBy !~ alive).all()
        for submission in abandoned {
            submission.state = SubmissionState.queued
            submission.claimedBy = nil
            submission.claimedAt = nil
            try await submission.save(on: db)
        }
        try await GraderInstance.query(on: db).filter(\.$seenAt < cutoff.addingTimeInterval(-3600)).delete()
        return abandoned.count
    }

    /// Every submission of the assignment back into the queue (after its tests were fixed): one action.
    static func regrade(assignmentID: Int, on db: any Database) async throws -> Int {
        try await db.writeTransaction { tx in
            let count = try await Submission.query(on: tx).filter(\.$assignment.$id == assignmentID).count()
            try await Submission.query(on: tx).filter(\.$assignment.$id == assignmentID)
                .set(\.$state, to: SubmissionState.queued).set(\.$claimedBy, to: nil).set(\.$claimedAt, to: nil).update()
            return count
        }
    }
}
