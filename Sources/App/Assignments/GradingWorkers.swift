import Fluent
import Foundation
import IeumCore
import IeumGrader
import NIOConcurrencyHelpers
import NIOPosix
import Vapor

/// The pool that grades queued submissions: `workers` loops (default: `defaultCount`), each claiming one
/// submission at a time and grading it on a thread of its own, since a sandboxed run blocks.
/// A process that cannot sandbox safely does not grade at all; the queue waits and the pages say why.
final class GradingWorkers: LifecycleHandler, Sendable {
    let workers: Int
    let staleAfter: TimeInterval
    let instance = "grader-" + UUID().uuidString
    private let state = NIOLockedValueBox<(tasks: [Task<Void, Never>], problem: String?)>(([], nil))
    private let wake = AsyncWake()
    /// Sandboxed runs block a thread each; they get threads of their own, never the application's pool (which
    /// SQLite and password hashing use), so grading cannot slow pages down.
    private let threads: NIOThreadPool

    /// One core is left to the web server (and the database): grading at a deadline must not slow check-ins, and a
    /// run that has a core to itself is judged as on a quiet machine. At least one worker.
    static var defaultCount: Int { max(1, System.coreCount - 1) }

    init(workers: Int = GradingWorkers.defaultCount, staleAfter: TimeInterval = GradingQueue.defaultStaleAfter) {
        self.workers = max(1, workers)
        self.staleAfter = staleAfter
        threads = NIOThreadPool(numberOfThreads: self.workers + 1)
        threads.start()
    }

    var problem: String? { state.withLockedValue { $0.problem } }

    /// A new submission: wake a sleeping worker rather than wait for its next look.
    func notify() { wake.signal() }

    func didBootAsync(_ app: Application) async throws {
        guard let helper = Sandbox.locateHelper() else {
            report("the ieum-box helper was not found next to ieum (build it with `swift build`)", app)
            return
        }
        let sandbox = Sandbox(helper: helper, boxes: max(8, workers * 4))
        let mode: String
        do {
            mode = try await threads.runIfActive { try sandbox.check() }
        } catch {
            report(String(describing: error), app)
            return
        }
        app.logger.info("grading: \(workers) workers, cgroup \(mode)", metadata: ["instance": "\(instance)"])
        app.metrics.gradingWorkers(workers, cores: System.coreCount)
        let grader = Grader(sandbox: sandbox)
        var tasks = [Task { await self.keepAlive(app) }]
        for _ in 0..<workers { tasks.append(Task { await self.loop(app, grader: grader) }) }
        state.withLockedValue { $0.tasks = tasks }
    }

    func shutdownAsync(_ app: Application) async {
        let tasks = state.withLockedValue { $0.tasks }
        tasks.forEach { $0.cancel() }
        wake.signal(all: true)
        for task in tasks { await task.value }
        try? await threads.shutdownGracefully()
    }

    private func report(_ problem: String, _ app: Application) {
        state.withLockedValue { $0.problem = problem }
        app.logger.error("grading is off: \(problem)")
    }

    private func keepAlive(_ app: Application) async {
        while !Task.isCancelled {
            do {
                try await GradingQueue.heartbeat(instance: instance, now: Date(), on: app.db)
                let back = try await GradingQueue.requeueAbandoned(now: Date(), staleAfter: staleAfter, on: app.db)
                if back > 0 {
                    app.logger.warning("grading: \(back) submissions of a stopped process back in the queue")
                    wake.signal(all: true)
                }
            } catch {
                app.logger.error("grading heartbeat failed: \(String(reflecting: error))")
            }
            try? await Task.sleep(for: .seconds(max(1, staleAfter / 6)))
        }
    }

    private func loop(_ app: Application, grader: Grader) async {
        while !Task.isCancelled {
            if await gradeNext(app, grader: grader) { continue }
            await wake.wait(timeout: .seconds(1))
        }
    }

    /// Claims the oldest queued submission and grades it; false when the queue is empty.
    func gradeNext(_ app: Application, grader: Grader) async -> Bool {
        do {
            guard let id = try await GradingQueue.claim(instance: instance, now: Date(), on: app.db) else { return false }
            await grade(id, app, grader: grader)
            return true
        } catch {
            app.logger.error("grading: claiming failed: \(String(reflecting: error))")
            return false
        }
    }

    private func grade(_ id: Int, _ app: Application, grader: Grader) async {
        do {
            guard let job = try await GradingJob.load(id, on: app.db) else { return }
            do {
                let report = try await threads.runIfActive { try grader.grade(job.request) }
                try await GradingQueue.complete(id, instance: instance, report: report, testsVersion: job.testsVersion,
                                                now: app.ieum.now(), on: app.db)
            } catch {
                app.logger.error("grading submission \(id) failed: \(String(describing: error))")
                try await GradingQueue.fail(id, instance: instance, message: String(describing: error), now: app.ieum.now(), on: app.db)
            }
        } catch {
            app.logger.error("grading submission \(id): \(String(reflecting: error))")
        }
    }
}

/// What a worker needs to grade one submission, read in one go.
struct GradingJob {
    let request: GradingRequest
    let testsVersion: Int

    static func load(_ id: Int, on db: any Database) async throws -> GradingJob? {
        guard let submission = try await Submission.query(on: db).filter(\.$id == id).with(\.$assignment).first() else { return nil }
        let assignment = submission.assignment
        let tests = try await AssignmentTest.query(on: db).filter(\.$assignment.$id == assignment.requireID())
            .sort(\.$position).sort(\.$id).all()
        let language = Language.named(submission.language) ?? Language.all[0]
        let checker = assignment.checkerSource.flatMap { source in
            assignment.checkerLanguage.flatMap(Language.named).map { CheckerProgram(language: $0, source: source) }
        }
        return GradingJob(request: GradingRequest(language: language, source: submission.source, tests: tests.map(\.gradingTest),
                                                  limits: assignment.limits, comparison: assignment.outputComparison,
                                                  checker: checker, points: assignment.points),
                          testsVersion: assignment.testsVersion)
    }
}

/// Wakes sleeping workers when work arrives; a wait also ends by itself after a timeout.
final class AsyncWake: Sendable {
    private let waiters = NIOLockedValueBox<[UUID: CheckedContinuation<Void, Never>]>([:])

    func wait(timeout: Duration) async {
        let id = UUID()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            waiters.withLockedValue { $0[id] = continuation }
            Task {
                try? await Task.sleep(for: timeout)
                self.resume(id)
            }
        }
    }

    func signal(all: Bool = false) {
        let ids = waiters.withLockedValue { all ? Array($0.keys) : Array($0.keys.prefix(1)) }
        ids.forEach(resume)
    }

    private func resume(_ id: UUID) {
        waiters.withLockedValue { $0.removeValue(forKey: id) }?.resume()
    }
}

struct GradingWorkersKey: StorageKey { typealias Value = GradingWorkers }

extension Application {
    var gradingWorkers: GradingWorkers? { storage[GradingWorkersKey.self] }
}
