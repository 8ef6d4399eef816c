import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

/// A session row with its person and live grants, as read from the database.
struct StoredSession: Sendable {
    let sessionID: Int
    let personID: Int
    let csrfToken: String
    var lastSeenAt: Date
    let expiresAt: Date
    let authenticatedAt: Date
    let secondFactorPending: Bool
    let name: String
    let email: String
    let secondFactorEnabled: Bool
    var grants: [Grant]
}

/// Reads sessions in batches: every token that misses the cache while one query runs is looked up in the
/// next, with one `IN (…)` query. At the 9 a.m. rush every trainee's first request of the day misses the
/// cache, and one query for the dozens waiting costs little more than one for a single token.
///
/// Keeping sessions alive (their last-seen time) is written later, every few seconds in one statement, rather
/// than after each batch: at the rush a write per batch would compete with the scans' own writes for SQLite's
/// single writer. Until then this process reads its own pending times, so idle expiry here is exact; another
/// process sees them at most `touchDelay` late, and a crash loses at most that much of a session's idle time.
actor SessionLookups {
    private struct Waiting {
        let key: PrincipalCache.Key
        let now: Date
        let continuation: CheckedContinuation<StoredSession?, any Error>
    }

    /// Keeps the statement well under SQLite's and PostgreSQL's bind limits.
    static let maxBatch = 500
    /// Seen sessions are written at most this long after being seen.
    static let touchDelay: Duration = .seconds(5)
    /// A session's last-seen time is only brought forward when it is older than this; a write per request would
    /// make every read a write.
    static let touchAfter: TimeInterval = 60

    private let database: @Sendable () -> any Database
    /// The loop whose connection the batches use (see `configure`): the actor runs there too.
    private let loop: any EventLoop
    nonisolated var unownedExecutor: UnownedSerialExecutor { loop.executor.asUnownedSerialExecutor() }
    private var queue: [Waiting] = []
    private let logger = Logger(label: "ieum.sessions")
    private var running = false
    /// Session id → last-seen time not yet written.
    private var pendingTouches: [Int: Date] = [:]
    private var touchScheduled = false
    private var stopped = false

    init(on loop: any EventLoop, database: @escaping @Sendable () -> any Database) {
        self.loop = loop
        self.database = database
    }

    /// The session for the token, as it was before this request; its last-seen time is brought up to `now`
    /// when it is more than a minute old.
    func find(_ key: PrincipalCache.Key, now: Date) async throws -> StoredSession? {
        try await withCheckedThrowingContinuation { continuation in
            queue.append(Waiting(key: key, now: now, continuation: continuation))
            if !running {
                running = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !queue.isEmpty {
            let batch = Array(queue.prefix(Self.maxBatch))
            queue.removeFirst(batch.count)
            var found: [PrincipalCache.Key: StoredSession]
            do {
                found = try await load(Set(batch.map(\.key)))
            } catch {
                for waiting in batch { waiting.continuation.resume(throwing: error) }
                continue
            }
            for (key, session) in found {
                if let pending = pendingTouches[session.sessionID], pending > session.lastSeenAt { found[key]!.lastSeenAt = pending }
            }
            for waiting in batch { waiting.continuation.resume(returning: found[waiting.key]) }
            let now = batch.map(\.now).max()!
            for session in found.values where now.timeIntervalSince(session.lastSeenAt) > Self.touchAfter {
                pendingTouches[session.sessionID] = now
            }
            scheduleTouches()
        }
        running = false
    }

    /// Counts a use of a session this process had already resolved (its cached copy was more than `touchAfter` old).
    func seen(sessionID: Int, at: Date) {
        if let pending = pendingTouches[sessionID], pending >= at { return }
        pendingTouches[sessionID] = at
        scheduleTouches()
    }

    private func scheduleTouches() {
        guard !pendingTouches.isEmpty, !touchScheduled else { return }
        touchScheduled = true
        Task {
            try? await Task.sleep(for: Self.touchDelay)
            await self.writeScheduledTouches()
        }
    }

    /// Writes the pending last-seen times now. They stay pending (and read back) until written, so a lookup
    /// during the write never sees the older time of the database.
    func writeTouches() async {
        guard !stopped else { return }
        let touches = pendingTouches
        do {
            try await touch(touches)
            for (id, at) in touches where pendingTouches[id] == at { pendingTouches[id] = nil }
        } catch {
            logger.warning("session last-seen update failed: \(error)")
        }
        scheduleTouches()   // what arrived meanwhile, or what failed
    }

    private func writeScheduledTouches() async {
        touchScheduled = false
        await writeTouches()
    }

    /// Writes what is pending; nothing is written after this (the application is stopping).
    func stop() async {
        await writeTouches()
        stopped = true
    }

    /// One query for all the tokens; a session has one row per live grant (or one with no grant).
    private func load(_ keys: Set<PrincipalCache.Key>) async throws -> [PrincipalCache.Key: StoredSession] {
        guard let sql = database() as? any SQLDatabase else { throw Abort(.internalServerError) }
        // Written out with binds: building the statement from SQLKit's expression types costs more than running it.
        let rows = try await sql.raw("""
            SELECT s.token_hash, s.kind, s.id AS session_id, s.person_id, s.csrf_token, s.last_seen_at, s.expires_at,
                   s.authenticated_at, s.second_factor_pending, p.name, p.email, p.totp_enabled_at,
                   g.role, g.operator_id, g.campus_id, g.employer_id
            FROM sessions s
            JOIN people p ON p.id = s.person_id
            LEFT JOIN role_grants g ON g.person_id = s.person_id AND g.revoked_at IS NULL
            WHERE s.token_hash IN (\(binds: keys.map(\.tokenHash)))
            """).all()
        var found: [PrincipalCache.Key: StoredSession] = [:]
        for row in rows {
            let key = PrincipalCache.Key(tokenHash: try row.decode(column: "token_hash", as: String.self),
                                         kind: try row.decode(column: "kind", as: String.self))
            guard keys.contains(key) else { continue }   // a cookie used as a bearer token, or the reverse
            var grant: Grant?
            if let role = try row.decode(column: "role", as: String?.self).flatMap(Role.init(rawValue:)) {
                grant = Grant(role: role, operatorID: try row.decode(column: "operator_id", as: Int?.self),
                              campusID: try row.decode(column: "campus_id", as: Int?.self),
                              employerID: try row.decode(column: "employer_id", as: Int?.self))
            }
            if found[key] == nil {
                found[key] = StoredSession(
                    sessionID: try row.decode(column: "session_id", as: Int.self),
                    personID: try row.decode(column: "person_id", as: Int.self),
                    csrfToken: try row.decode(column: "csrf_token", as: String.self),
                    lastSeenAt: try row.decode(column: "last_seen_at", as: Date.self),
                    expiresAt: try row.decode(column: "expires_at", as: Date.self),
                    authenticatedAt: try row.decode(column: "authenticated_at", as: Date.self),
                    secondFactorPending: try row.decode(column: "second_factor_pending", as: Bool.self),
                    name: try row.decode(column: "name", as: String.self),
                    email: try row.decode(column: "email", as: String.self),
                    secondFactorEnabled: try row.decode(column: "totp_enabled_at", as: Date?.self) != nil,
                    grants: [])
            }
            if let grant { found[key]!.grants.append(grant) }
        }
        return found
    }
}

extension SessionLookups {
    /// Sessions seen in one lookup batch share its time: one UPDATE per time (and thousand sessions), one commit.
    private func touch(_ touches: [Int: Date]) async throws {
        guard !touches.isEmpty else { return }
        let byTime = Dictionary(grouping: touches.keys) { touches[$0]! }
        try await database().writeTransaction { db in
            guard let sql = db as? any SQLDatabase else { return }
            for (at, sessions) in byTime {
                for start in stride(from: 0, to: sessions.count, by: 1000) {
                    let ids = Array(sessions[start..<min(start + 1000, sessions.count)])
                    try await sql.raw("UPDATE sessions SET last_seen_at = \(bind: at) WHERE id IN (\(binds: ids))").run()
                }
            }
        }
    }
}

struct SessionLookupsKey: StorageKey { typealias Value = SessionLookups }

/// Writes the sessions' pending last-seen times before the database closes.
struct SessionTouchesOnShutdown: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        await application.sessionLookups.stop()
    }
}

extension Application {
    /// Made once in `configure`, before the server takes requests.
    var sessionLookups: SessionLookups { storage[SessionLookupsKey.self]! }
}
