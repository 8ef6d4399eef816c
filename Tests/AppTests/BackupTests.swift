@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Backup and restore")
struct BackupTests {
    @Test("a backup restored into a fresh database has the same data")
    func roundTrip() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ieum-backup-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        var before: [String] = []
        var config: AppConfig?
        try await withApp { app, f, _ in
            let token = try await app.token(f.pm.email)
            try await app.testing().test(.GET, "/api/v1/people/\(f.traineeA.id!)", headers: bearer(token)) { _ in }
            before = try await snapshot(app.db)
            try await Backup.backup(app, to: file)
            // A second backup to the same file is refused rather than overwriting it.
            await #expect(throws: Backup.Failure.self) { try await Backup.backup(app, to: file) }
            // Change the live data after the backup: the restore must bring back the backed-up state.
            try await Person.query(on: app.db).filter(\.$id == f.traineeB.id!).set(\.$name, to: "바뀐 이름").update()
            config = app.ieum
            if TestDatabase.postgresURL != nil {
                try await Backup.restore(app.ieum, from: file)
                #expect(try await snapshot(app.db) == before)
            }
        }
        guard TestDatabase.postgresURL == nil else { return }
        // SQLite: restore into a brand-new database file and open it.
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("ieum-restore-\(UUID().uuidString)/ieum.sqlite").path
        defer { try? FileManager.default.removeItem(atPath: (target as NSString).deletingLastPathComponent) }
        var restored = try #require(config)
        restored.database = .sqlite(path: target)
        try await Backup.restore(restored, from: file)
        BlockingPool.size()
        let app = try await Application.make(.testing)
        try await configure(app, restored)
        let after = try await snapshot(app.db)
        let chain = try await app.audit.verify(on: app.db)
        try await app.asyncShutdown()
        #expect(after == before)
        #expect(chain.firstBroken == nil && chain.checked == 1)
    }

    @Test("restoring something that is not a backup is refused")
    func notABackup() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-backup-\(UUID().uuidString).txt").path
        try Data("hello".utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let config = AppConfig(database: .sqlite(path: "/tmp/ieum-never-\(UUID().uuidString)/ieum.sqlite"))
        await #expect(throws: Backup.Failure.self) { try await Backup.restore(config, from: file) }
    }

    func snapshot(_ db: any Database) async throws -> [String] {
        let people = try await Person.query(on: db).sort(\.$id).all().map { "\($0.id!) \($0.name) \($0.email)" }
        let enrollments = try await Enrollment.query(on: db).sort(\.$id).all().map { "\($0.id!) \($0.state)" }
        let log = try await AccessLogEntry.query(on: db).sort(\.$seq).all().map { "\($0.seq) \($0.hash)" }
        return people + enrollments + log
    }
}
