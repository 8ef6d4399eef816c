import Fluent
import Foundation
import Vapor

/// A small map whose entries live for a fixed time, bounded in size; safe from any thread. `generation` moves on
/// every removal, so a value read from the database before a removal is not stored after it (`store(ifGeneration:)`).
final class ExpiringCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [Key: (value: Value, until: Date)] = [:]
    private var removals = 0
    let lifetime: TimeInterval
    let capacity: Int

    init(lifetime: TimeInterval, capacity: Int) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    var generation: Int { lock.withLock { removals } }

    func value(_ key: Key, now: Date) -> Value? {
        lock.withLock {
            guard let entry = entries[key] else { return nil }
            if entry.until <= now {
                entries[key] = nil
                return nil
            }
            return entry.value
        }
    }

    /// Stores the value unless something was removed since `generation` was read (then it may be out of date).
    func store(_ value: Value, for key: Key, now: Date, ifGeneration generation: Int? = nil) {
        lock.withLock {
            if let generation, generation != removals { return }
            if entries.count >= capacity {
                entries = entries.filter { $0.value.until > now }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[key] = (value, now.addingTimeInterval(lifetime))
        }
    }

    /// Changes a live entry in place, keeping its lifetime.
    func modify(_ key: Key, _ change: (inout Value) -> Void) {
        lock.withLock {
            guard var entry = entries[key] else { return }
            change(&entry.value)
            entries[key] = entry
        }
    }

    func remove(_ key: Key) {
        lock.withLock {
            removals += 1
            entries[key] = nil
        }
    }

    func removeAll(where shouldRemove: (Key, Value) -> Bool = { _, _ in true }) {
        lock.withLock {
            removals += 1
            entries = entries.filter { !shouldRemove($0.key, $0.value.value) }
        }
    }
}

/// A resolved session as this process keeps it: the principal, and what decides whether it is still live.
struct CachedSession: Sendable {
    let principal: Principal
    let expiresAt: Date
    let idleLimit: TimeInterval
    /// When this process last counted the session as used (written to the database by `SessionLookups`).
    var seenAt: Date
}

/// Resolved sessions, kept for up to ten minutes so that a person's requests (a page and its form, an app's calls,
/// the morning's check-in after opening the app) cost one database read. A change to a session, a person's roles,
/// name, e-mail or second factor drops that person's entries in this process at once and moves `auth_state`'s
/// version, which makes every other process sharing the database drop all of its entries within a second
/// (`AuthStateWatcher`). Expiry and idle time are checked on every use.
enum PrincipalCache {
    struct Key: Hashable, Sendable {
        let tokenHash: String
        let kind: String
    }

    /// An upper bound only: changes reach the cache through `auth_state`, not by waiting for entries to age.
    static let lifetime: TimeInterval = 10 * 60

    static func forget(person personID: Int, in app: Application) {
        app.principalCache.removeAll { _, cached in cached.principal.personID == personID }
    }
}

struct PrincipalCacheKey: StorageKey { typealias Value = ExpiringCache<PrincipalCache.Key, CachedSession> }

extension Application {
    var principalCache: ExpiringCache<PrincipalCache.Key, CachedSession> { storage[PrincipalCacheKey.self]! }
}

extension Request {
    /// After a change to these people's sessions, roles, name, e-mail or second factor: their cached sessions are
    /// dropped here, and every other process is told through `auth_state` (bumped on `db`, the change's transaction
    /// when it has one).
    func authChanged(of people: Int..., on db: (any Database)? = nil) async throws {
        try await authChanged(of: people, on: db)
    }

    func authChanged(of people: [Int], on db: (any Database)? = nil) async throws {
        try await AuthState.bump(on: db ?? self.db)
        for personID in people { PrincipalCache.forget(person: personID, in: application) }
    }
}
