import Foundation

/// Failed-login limits (OWASP ASVS 4.0.3 V2.2.1, anti-automation; Korea's 안전성 확보조치 기준 제5조:
/// limit repeated failed authentication). After `accountFailures` failures for one account within `window`,
/// the account is locked until `lockout` has passed since the last failure; one address making
/// `addressFailures` failures within the window is turned away the same way, whichever account it tries.
public struct LoginThrottle: Sendable, Equatable {
    public var accountFailures = 10
    public var addressFailures = 50
    public var window: TimeInterval = 15 * 60
    public var lockout: TimeInterval = 15 * 60

    public init() {}

    public enum Decision: Equatable, Sendable {
        case allowed
        case accountLocked(until: Date)
        case addressThrottled(until: Date)
    }

    /// `accountFailureTimes` and `addressFailureTimes` are the times of failed attempts since the last
    /// success (for the account), newest last or in any order.
    public func decide(now: Date, accountFailureTimes: [Date], addressFailureTimes: [Date]) -> Decision {
        if let until = blockedUntil(now: now, failures: accountFailureTimes, limit: accountFailures) {
            return .accountLocked(until: until)
        }
        if let until = blockedUntil(now: now, failures: addressFailureTimes, limit: addressFailures) {
            return .addressThrottled(until: until)
        }
        return .allowed
    }

    func blockedUntil(now: Date, failures: [Date], limit: Int) -> Date? {
        let sorted = failures.sorted()
        guard sorted.count >= limit else { return nil }
        // Any `limit` failures that fall within one window lock; the lock runs from the last of them.
        for end in (limit - 1)..<sorted.count {
            let start = sorted[end - limit + 1]
            guard sorted[end].timeIntervalSince(start) <= window else { continue }
            let until = sorted.last!.addingTimeInterval(lockout)
            if until > now { return until }
        }
        return nil
    }

    /// How far back the caller needs to look.
    public func lookBack(from now: Date) -> Date { now.addingTimeInterval(-(window + lockout)) }
}
