@testable import App
import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting

/// The database the suite runs on: a fresh SQLite file per test, or the PostgreSQL of DATABASE_URL
/// (the test command runs that pass one test at a time).
enum TestDatabase {
    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["DATABASE_URL"].flatMap { $0.hasPrefix("postgres") ? $0 : nil }
    }

    static func target() -> AppConfig.DatabaseTarget {
        if let url = postgresURL { return .postgres(url: url) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ieum-test-\(UUID().uuidString)")
        return .sqlite(path: dir.appendingPathComponent("ieum.sqlite").path)
    }
}

/// A clock tests can set; the platform reads time only through its config.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date) { current = start }

    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// 2026-11-02 10:00 KST: a Monday while the fixture's cohort A is running.
let fixtureStart = Date(timeIntervalSince1970: 1_793_581_200)

/// Runs a test against a migrated database holding the `Fixture`. Staff second factors are off unless a
/// test asks for them, so that other tests can log staff in with a password alone.
func withApp(secondFactor: Bool = false, _ test: (Application, Fixture, TestClock) async throws -> Void) async throws {
    let clock = TestClock(fixtureStart)
    let target = TestDatabase.target()
    var config = AppConfig(database: target, passwordCost: 4, now: { clock.now })
    config.requireStaffSecondFactor = secondFactor
    config.publicURL = "https://ieum.test"
    config.auditCheckpoints = FileManager.default.temporaryDirectory.appendingPathComponent("ieum-checkpoints-\(UUID().uuidString).log").path
    BlockingPool.size()
    let app = try await Application.make(.testing)
    do {
        try await configure(app, config)
        try await app.autoRevert()
        try await Operations.migrate(app)
        let fixture = try await Fixture.make(on: app.db)
        try await test(app, fixture, clock)
        if TestDatabase.postgresURL != nil { try await app.autoRevert() }
    } catch {
        try? await app.asyncShutdown()
        cleanUp(config)
        throw error
    }
    try await app.asyncShutdown()
    cleanUp(config)
}

private func cleanUp(_ config: AppConfig) {
    try? FileManager.default.removeItem(atPath: config.auditCheckpoints)
    if case let .sqlite(path) = config.database {
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }
}
