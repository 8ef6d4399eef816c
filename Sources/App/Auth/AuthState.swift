import Fluent
import Foundation
import SQLKit
import Vapor

/// `auth_state.version` goes up with every change that can make a signed-in principal out of date: a session
/// ended or changed, a role given or revoked, a person's name, e-mail or second factor changed. Every server
/// process reads it once a second (`AuthStateWatcher`) and forgets the sessions it has resolved when it moved, so
/// a process can keep resolved sessions for minutes and still see another process's change within a second.
enum AuthState {
    static let table = "auth_state"
    /// How often each process asks whether anything changed.
    static let pollInterval: Duration = .seconds(1)

    /// Marks principals out of date; call it in the transaction of the change, or right after the statement.
    static func bump(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("UPDATE auth_state SET version = version + 1 WHERE id = 1").run()
    }

    static func version(on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        return try await sql.raw("SELECT version FROM auth_state WHERE id = 1").first()?.decode(column: "version", as: Int.self) ?? 0
    }
}

struct CreateAuthState: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(AuthState.table)
            .field("id", .int, .identifier(auto: false))
            .field("version", .int, .required)
            .create()
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.insert(into: AuthState.table).columns("id", "version").values(SQLBind(1), SQLBind(0)).run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(AuthState.table).delete()
    }
}

/// Empties the principal cache whenever `auth_state.version` moved since the last look (or could not be read).
struct AuthStateWatcher: LifecycleHandler {
    /// Synchronous, so that tests' `app.testing()` (which boots without async) starts it too.
    func didBoot(_ app: Application) throws {
        app.storage[AuthStateTaskKey.self] = Task {
            let last = Locked<Int?>(nil)
            while !Task.isCancelled {
                try? await Task.sleep(for: AuthState.pollInterval)
                if Task.isCancelled { break }
                await Self.look(app, last: last)
            }
        }
    }

    static func look(_ app: Application, last: Locked<Int?>) async {
        do {
            let version = try await AuthState.version(on: app.db)
            var moved = false
            last.update { seen in
                moved = seen != version
                seen = version
            }
            if moved { app.principalCache.removeAll() }
        } catch {
            app.principalCache.removeAll()   // unsure: every session is read again
            app.logger.warning("auth_state version unreadable: \(String(reflecting: error))")
        }
    }

    /// Waits for a look under way, so that none runs against closed databases.
    func shutdownAsync(_ app: Application) async {
        guard let task = app.storage[AuthStateTaskKey.self] else { return }
        task.cancel()
        await task.value
    }

    func shutdown(_ app: Application) {
        app.storage[AuthStateTaskKey.self]?.cancel()
    }
}

struct AuthStateTaskKey: StorageKey { typealias Value = Task<Void, Never> }
