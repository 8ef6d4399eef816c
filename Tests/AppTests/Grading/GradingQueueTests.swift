@testable import App
@testable import IeumGrader
import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting

@Suite("Grading queue")
struct GradingQueueTests {
    @Test("graders claiming at the same time never get the same submission (SKIP LOCKED on PostgreSQL)")
    func concurrentClaimsAreDistinct() async throws {
        try await withApp { app, f, _ in
            let assignment = try await app.makeSumAssignment(f.cohortA, by: try await app.token(f.staffA.email))
            let trainee = try await app.token(f.traineeA.email)
            for _ in 0..<40 { _ = try await app.submit(assignment, by: trainee, source: Solutions.right) }
            let claimed = try await withThrowingTaskGroup(of: [Int].self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var mine: [Int] = []
                        while let id = try await GradingQueue.claim(instance: "test-\(worker)", now: Date(), on: app.db) { mine.append(id) }
                        return mine
                    }
                }
                return try await group.reduce(into: [Int]()) { $0 += $1 }
            }
            #expect(claimed.count == 40)
            #expect(Set(claimed).count == 40, "no submission claimed twice")
            #expect(try await Submission.query(on: app.db).filter(\.$state == .grading).count() == 40)
        }
    }

    @Test("work of a grader that stopped saying it is alive goes back to the queue; a live grader's stays")
    func abandonedWorkIsRequeued() async throws {
        try await withApp { app, f, _ in
            let assignment = try await app.makeSumAssignment(f.cohortA, by: try await app.token(f.staffA.email))
            let trainee = try await app.token(f.traineeA.email)
            let a = try await app.submit(assignment, by: trainee, source: Solutions.right)
            let b = try await app.submit(assignment, by: trainee, source: Solutions.right)
            let start = Date()
            try await GradingQueue.heartbeat(instance: "gone", now: start, on: app.db)
            try await GradingQueue.heartbeat(instance: "alive", now: start, on: app.db)
            #expect(try await GradingQueue.claim(instance: "gone", now: start, on: app.db) == a)
            #expect(try await GradingQueue.claim(instance: "alive", now: start, on: app.db) == b)
            try await GradingQueue.heartbeat(instance: "alive", now: start.addingTimeInterval(40), on: app.db)
            #expect(try await GradingQueue.requeueAbandoned(now: start.addingTimeInterval(45), staleAfter: 30, on: app.db) == 1)
            #expect(try await Submission.find(a, on: app.db)?.state == .queued)
            #expect(try await Submission.find(b, on: app.db)?.state == .grading)
            // The stopped grader's late result is not written over the re-queued submission.
            let report = GradingReport(verdict: .accepted, passed: 3, total: 3, points: 100, compileOutput: nil, tests: [])
            try await GradingQueue.complete(a, instance: "gone", report: report, testsVersion: 4, now: start, on: app.db)
            #expect(try await Submission.find(a, on: app.db)?.state == .queued)
        }
    }
}
