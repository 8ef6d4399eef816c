import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

func configureDatabase(_ app: Application, _ target: AppConfig.DatabaseTarget) throws {
    switch target {
    case let .postgres(url):
        let configuration = try SQLPostgresConfiguration(url: url)
        app.databases.use(.postgres(configuration: configuration, maxConnectionsPerEventLoop: AppConfig.postgresConnectionsPerLoop), as: .psql)
    case let .sqlite(path):
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        app.databases.use(.sqlite(.file(path), maxConnectionsPerEventLoop: 1), as: .sqlite)
    }
}

extension Application {
    var isSQLite: Bool {
        if case .sqlite = ieum.database { return true }
        return false
    }

    /// WAL lets readers go on while one writer writes (sqlite-nio already retries on a busy database)
    func prepareDatabase() async throws {
        guard isSQLite, let sql = db as? any SQLDatabase else { return }
        try await sql.raw("PRAGMA journal_mode=WAL").run()
    }
}
