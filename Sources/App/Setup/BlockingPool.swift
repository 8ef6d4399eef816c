import Foundation
import NIOCore

/// Blocking work (SQLite statements, password hashing, file reads) runs on NIO's process-wide pool, one thread per
/// core unless told otherwise. On two cores that is too few: SQLite's busy handler waits on a pool thread, so two
/// statements waiting out a write lock could hold every thread while the lock's holder needed one to commit
/// (connection-pool timeouts). The pool is sized here, once, before the first Application uses it.
///
/// It stays the shared pool rather than one per Application because Vapor shuts an Application's own pool down
/// before a connection still in use at shutdown is handed back, and SQLite cannot then close that connection.
public enum BlockingPool {
    public static let threads = max(8, System.coreCount * 4)

    private static let sized: Void = {
        if ProcessInfo.processInfo.environment["NIO_SINGLETON_BLOCKING_POOL_THREAD_COUNT"] == nil {
            NIOSingletons.blockingPoolThreadCountSuggestion = threads
        }
    }()

    /// Call before the first `Application.make`; later calls do nothing.
    public static func size() { _ = sized }
}
