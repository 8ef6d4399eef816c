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

    /// WAL lets readers go on while one writer writes (sqlite-nio already retries on a busy database). Each event
    /// loop holds one connection; each gets a larger page cache. Not a memory-mapped file: whenever another
    /// connection commits, SQLite drops a reader's whole mapping and faults it back in page by page, which at the
    /// morning rush (a commit every few milliseconds) cost more than reading the pages.
    func prepareDatabase() async throws {
        guard isSQLite, let sql = db as? any SQLDatabase else { return }
        try await sql.raw("PRAGMA journal_mode=WAL").run()
        for loop in eventLoopGroup.makeIterator() {
            guard let connection = databases.database(logger: logger, on: loop) as? any SQLDatabase else { continue }
            try await connection.raw("PRAGMA cache_size=-65536").run()
        }
    }
}

extension Database {
    /// A transaction that takes SQLite's write lock before its first read. Fluent begins SQLite transactions
    /// deferred: one that reads first and writes later fails at once with "database is locked" (busy snapshot)
    /// if another connection wrote in between, since waiting could not help it. Taking the lock first makes it
    /// wait its turn like any writer. On PostgreSQL it is an ordinary transaction.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await transaction { db in
            if let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" {
                // A write that changes nothing still opens the write transaction.
                try await sql.raw("UPDATE programs SET name = name WHERE 0 = 1").run()
            }
            return try await body(db)
        }
    }
}
