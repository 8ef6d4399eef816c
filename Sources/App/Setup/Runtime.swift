import Foundation
import IeumCore
import Vapor

/// A running instance of the platform for the `ieum` command: boots, migrates, seeds, serves, stops.
public final class IeumRuntime: Sendable {
    public let app: Application

    /// `arguments` are handed to Vapor, whose serve command handles signals and graceful shutdown.
    public static func boot(_ config: AppConfig, arguments: [String] = ["ieum"]) async throws -> IeumRuntime {
        var env = try Environment.detect(arguments: arguments)
        try LoggingSystem.bootstrap(from: &env)
        return IeumRuntime(app: try await Operations.makeApplication(config, environment: env))
    }

    init(app: Application) { self.app = app }

    public func migrate() async throws { try await Operations.migrate(app) }

    public func seedDemo() async throws -> [(role: String, email: String, name: String)]? {
        try await Operations.seedDemo(app)
    }

    public func createUser(name: String, email: String, password: String, role: String, operatorID: Int?, campusID: Int?) async throws -> Int {
        try await Operations.createUser(app, name: name, email: email, password: password, role: role,
                                        operatorID: operatorID, campusID: campusID)
    }

    public func serve() async throws {
        app.lifecycle.use(RetentionScheduler())
        app.lifecycle.use(AttendanceRollupScheduler())
        app.lifecycle.use(RecruitmentScheduler())
        // IEUM_GRADING_WORKERS=0 makes a process that serves pages only (another process grades).
        let env = ProcessInfo.processInfo.environment
        let count = env["IEUM_GRADING_WORKERS"].flatMap(Int.init) ?? GradingWorkers.defaultCount
        if count > 0 {
            let workers = GradingWorkers(workers: count, staleAfter: env["IEUM_GRADING_STALE_AFTER"].flatMap(TimeInterval.init) ?? GradingQueue.defaultStaleAfter)
            app.storage[GradingWorkersKey.self] = workers
            app.lifecycle.use(workers)
        }
        try await app.execute()
    }

    /// Carries out due deletion requests, removes expired sessions and checkpoints the access log if due; returns how
    /// many of each, and the entries the checkpoint covers if one was written.
    public func runRetention() async throws -> (erased: Int, anonymised: Int, expiredSessions: Int, checkpointed: Int?) {
        let (outcome, sessions, checkpoint) = try await RetentionJob.runDue(on: app.db, now: app.ieum.now(), audit: app.audit)
        return (outcome.erased, outcome.anonymised, sessions, checkpoint?.seq)
    }

    /// Recomputes every trainee's attendance summary (all cohorts with `everything`); returns the cohorts done.
    public func refreshAttendance(everything: Bool, progress: ((Int, Int) -> Void)? = nil) async throws -> Int {
        try await AttendanceRollup.refreshAll(today: Day(app.ieum.now()), everything: everything, on: app.db, progress: progress)
    }

    /// Builds the national-scale program into an empty database; nil if a program exists already.
    public func seedNational(trainees: Int, progress: @escaping @Sendable (String, Int, Int) -> Void) async throws -> [(String, Int)]? {
        guard try await DemoSeeder.isNeeded(on: app.db) else { return nil }
        let hash = try PrehashedBcrypt.hash(Operations.demoPassword, cost: app.ieum.passwordCost)
        var seeder = NationalSeeder(db: app.db, passwordHash: hash, now: app.ieum.now(), trainees: trainees) { p in progress(p.phase, p.done, p.total) }
        let c = try await seeder.run()
        progress("attendance", 0, 1)
        _ = try await AttendanceRollup.refreshAll(today: Day(app.ieum.now()), on: app.db) { done, total in progress("attendance", done, total) }
        try await KPIRollup.refreshAll(on: app.db)
        return [("operators", c.operators), ("campuses", c.campuses), ("cohorts", c.cohorts), ("trainees", c.trainees),
                ("training days", c.trainingDays), ("scans", c.scans), ("jobs", c.jobs)]
    }

    /// API tokens for `count` trainees training today and the campus codes of the next half hour, as a Lua table
    /// for `scripts/bench-checkin.lua`. Only for benchmarks against a database of generated data.
    public func benchmarkFixture(count: Int) async throws -> String {
        try await BenchmarkFixture.make(app, count: count)
    }

    /// Builds a cohort of trainees × assignments and times its gradebook; milliseconds per build and render.
    public func benchmarkGradebook(trainees: Int, assignments: Int, repetitions: Int) async throws -> [Double] {
        try await GradebookBenchmark.run(trainees: trainees, assignments: assignments, repetitions: repetitions, on: app.db, now: app.ieum.now())
    }

    public func backup(to path: String) async throws { try await Backup.backup(app, to: path) }

    /// Re-seals every encrypted field under the first configured key; returns how many people changed.
    public func rotateKeys() async throws -> Int { try await KeyRotation.run(on: app.db, cipher: app.cipher) }

    public static func newKeySpec(id: String) -> String { FieldCipher.newKeySpec(id: id) }

    /// Checks the access log's chain, MACs and every checkpoint in `checkpoints` (default: the configured file): how many
    /// entries are intact, how many of them are hash-only from before MACs, and what is wrong, if anything.
    public func verifyAccessLog(checkpoints: String? = nil) async throws
        -> (checked: Int, legacy: Int, checkpoints: Int, checkpointFile: String, firstBroken: Int?, problem: (ko: String, en: String)?) {
        if let checkpoints, !FileManager.default.fileExists(atPath: checkpoints) {
            throw CheckpointFile.Failure.unreadable(checkpoints, "no such file")
        }
        let seal = checkpoints.map { AuditSeal(key: app.audit.key, checkpoints: CheckpointFile(path: $0)) } ?? app.audit
        let report = try await seal.verify(on: app.db)
        return (report.checked, report.legacy, report.checkpoints, seal.checkpoints.path, report.firstBroken,
                report.finding.map { ($0.text.ko, $0.text.en) })
    }

    /// Signs the access log's length and head now and appends them to the checkpoint file.
    public func checkpointAccessLog() async throws -> (entries: Int, head: String, file: String) {
        let checkpoint = try await app.audit.checkpoint(on: app.db, now: app.ieum.now())
        return (checkpoint.seq, checkpoint.head, app.audit.checkpoints.path)
    }

    /// The public key third parties check checkpoints with (PEM), from the configured audit key.
    public static func auditPublicKeyPEM(_ config: AppConfig) throws -> String {
        try AuditKey(spec: config.auditKey).publicKeyPEM
    }

    public func shutdown() async { try? await app.asyncShutdown() }

    /// Runs `work` and always shuts down afterwards, passing on any error.
    public func run(_ work: (IeumRuntime) async throws -> Void) async throws {
        do {
            try await work(self)
        } catch {
            await shutdown()
            throw error
        }
        await shutdown()
    }
}
