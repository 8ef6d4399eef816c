import Fluent
import Foundation
import SQLKit
import Vapor

/// Consistent online backups and their restore. SQLite: `VACUUM INTO` writes a consistent copy while the
/// server keeps running. PostgreSQL: `pg_dump`/`pg_restore` in their custom format.
public enum Backup {
    public enum Failure: Error, CustomStringConvertible {
        case exists(String)
        case missing(String)
        case notABackup(String)
        case tool(String, Int32, String)

        public var description: String {
            switch self {
            case let .exists(path): "\(path) already exists; choose a new file name"
            case let .missing(path): "\(path) does not exist"
            case let .notABackup(path): "\(path) is not an Ieum backup"
            case let .tool(name, code, output): "\(name) failed (exit \(code)): \(output)"
            }
        }
    }

    public static func backup(_ app: Application, to path: String) async throws {
        guard !FileManager.default.fileExists(atPath: path) else { throw Failure.exists(path) }
        switch app.ieum.database {
        case .sqlite:
            let sql = app.db as! any SQLDatabase
            try await sql.raw("VACUUM INTO \(bind: path)").run()
        case let .postgres(url):
            try run("pg_dump", ["--format=custom", "--no-owner", "--file", path, "--dbname", url])
        }
    }

    /// Replaces the database's contents with the backup's. The server must not be running.
    public static func restore(_ config: AppConfig, from path: String) async throws {
        guard FileManager.default.fileExists(atPath: path) else { throw Failure.missing(path) }
        switch config.database {
        case let .sqlite(target):
            let header = try FileHandle(forReadingFrom: URL(fileURLWithPath: path)).read(upToCount: 16) ?? Data()
            guard header == Data("SQLite format 3\0".utf8) else { throw Failure.notABackup(path) }
            let folder = (target as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            let staging = target + ".restoring"
            try? FileManager.default.removeItem(atPath: staging)
            try FileManager.default.copyItem(atPath: path, toPath: staging)
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target + suffix) }
            if FileManager.default.fileExists(atPath: target) {
                _ = try FileManager.default.replaceItemAt(URL(fileURLWithPath: target), withItemAt: URL(fileURLWithPath: staging))
            } else {
                try FileManager.default.moveItem(atPath: staging, toPath: target)
            }
        case let .postgres(url):
            try run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname", url, path])
        }
    }

    static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure.tool(tool, process.terminationStatus, String(decoding: output, as: UTF8.self))
        }
    }
}
