import NIOConcurrencyHelpers
import Vapor

/// Work a request starts and does not wait for (mailing a password-reset link, so the answer's timing tells nothing),
/// finished before the database closes: shutdown waits for it, and tests can too.
final class BackgroundWork: Sendable {
    private let running = NIOLockedValueBox<[UUID: Task<Void, Never>]>([:])

    func start(_ work: @escaping @Sendable () async -> Void) {
        let id = UUID()
        running.withLockedValue { tasks in
            tasks[id] = Task { [weak self] in
                await work()
                _ = self?.running.withLockedValue { $0.removeValue(forKey: id) }
            }
        }
    }

    /// Waits until everything started so far (and anything it started) has finished.
    func drain() async {
        while let task = running.withLockedValue({ $0.values.first }) { await task.value }
    }
}

struct BackgroundWorkKey: StorageKey { typealias Value = BackgroundWork }

struct BackgroundWorkOnShutdown: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        await application.backgroundWork.drain()
    }
}

extension Application {
    /// Made once in `configure`, before the server takes requests.
    var backgroundWork: BackgroundWork { storage[BackgroundWorkKey.self]! }
}
