import Fluent
import Foundation
import SQLKit
import Vapor

/// `auth_state.version` goes up with every change that can make a signed-in principal out of date: a session
/// ended or changed, a role given or revoked, a person's name, e-mail or second factor changed. Every server
/// process reads it once a second (`AuthStateWatcher`) and forgets the sessions it has resolved when it moved, so
/// a process can keep resolved sessions for minutes and still see another process's change within a second.
enum AuthState {
    static let changes = VersionCounter(table: "auth_state")
    /// How often each process asks whether anything changed.
    static let pollInterval: Duration = .seconds(1)

    /// Marks principals out of date; call it in the transaction of the change, or right after the statement.
    static func bump(on db: any Database) async throws {
        try await changes.bump(on: db)
    }
}

/// Empties the principal cache whenever `auth_state.version` moved since the last look (or could not be read).
struct AuthStateWatcher: LifecycleHandler {
    /// Synchronous, so that tests' `app.testing()` (which boots without async) starts it too.
    func didBoot(_ app: Application) throws {
        app.storage[AuthStateTaskKey.self] = Task {
            var last: Int?
            while !Task.isCancelled {
                try? await Task.sleep(for: AuthState.pollInterval)
                if Task.isCancelled { break }
                last = await Self.look(app, after: last)
            }
        }
    }

    /// Drops every cached session unless the version is still `last` (a first look knows none); returns the version.
    static func look(_ app: Application, after last: Int?) async -> Int? {
        do {
            let version = try await AuthState.changes.current(on: app.db)
            if version != last { app.principalCache.removeAll() }
            return version
        } catch {
            app.principalCache.removeAll()   // unsure: every session is read again
            app.logger.warning("auth_state version unreadable: \(String(reflecting: error))")
            return nil
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
