import Foundation
import Vapor

/// A small map whose entries live for a fixed time, bounded in size; safe from any thread.
final class ExpiringCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [Key: (value: Value, until: Date)] = [:]
    let lifetime: TimeInterval
    let capacity: Int

    init(lifetime: TimeInterval, capacity: Int) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

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

    func store(_ value: Value, for key: Key, now: Date) {
        lock.withLock {
            if entries.count >= capacity {
                entries = entries.filter { $0.value.until > now }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[key] = (value, now.addingTimeInterval(lifetime))
        }
    }

    func removeAll(where shouldRemove: (Key, Value) -> Bool) {
        lock.withLock { entries = entries.filter { !shouldRemove($0.key, $0.value.value) } }
    }
}

/// Resolved sessions, kept for two seconds so that a burst of requests with one token (a page and its form,
/// an app's calls, the morning's check-ins) costs one lookup. Every change to a session, a person's roles or
/// second factor in this process drops that person's entries at once; another process sharing the database
/// sees such a change within the two seconds.
enum PrincipalCache {
    struct Key: Hashable, Sendable {
        let tokenHash: String
        let kind: String
    }

    static let lifetime: TimeInterval = 2

    static func forget(person personID: Int, in app: Application) {
        app.principalCache.removeAll { _, principal in principal.personID == personID }
    }
}

struct PrincipalCacheKey: StorageKey { typealias Value = ExpiringCache<PrincipalCache.Key, Principal> }

extension Application {
    var principalCache: ExpiringCache<PrincipalCache.Key, Principal> { storage[PrincipalCacheKey.self]! }
}

extension Request {
    /// Drops cached sessions of `personID` after a change to their sessions, roles or second factor.
    func forgetCachedSessions(of personID: Int) {
        PrincipalCache.forget(person: personID, in: application)
    }
}
