import Fluent
import Foundation
import IeumCore
import Vapor

/// A limit on how often one client and one address may try something that sends mail or tests an address (sign-up,
/// password reset), counted from the security events it records. Past the limit: 429 with `Retry-After`. The limit
/// holds whether or not the address has an account, so it tells nobody which addresses do.
struct AttemptThrottle: Sendable {
    let kind: String
    let window: TimeInterval
    let perClient: Int
    let perAddress: Int
    let message: Localized

    /// Throws 429 when this client or this e-mail has tried too often lately (or `alsoRefuse` says so, from the
    /// window's start); otherwise records the attempt.
    func admit(email: String?, on req: Request, alsoRefuse: @Sendable (Date) async throws -> Bool = { _ in false }) async throws {
        let now = req.now, since = now.addingTimeInterval(-window), ip = req.clientAddress
        let recent = SecurityEvent.query(on: req.db).filter(\.$kind == kind).filter(\.$at >= since)
        let byClient = try await recent.copy().filter(\.$ip == ip).count()
        let byAddress = try await email.asyncMap { try await recent.copy().filter(\.$email == $0).count() } ?? 0
        if byClient >= perClient || byAddress >= perAddress {
            // Refused attempts are not counted, so the wait is until the oldest counted one leaves the window.
            var oldest: [Date] = []
            if byClient >= perClient, let at = try await recent.copy().filter(\.$ip == ip).sort(\.$at).first()?.at { oldest.append(at) }
            if byAddress >= perAddress, let email, let at = try await recent.copy().filter(\.$email == email).sort(\.$at).first()?.at { oldest.append(at) }
            throw refusal(retryAfter: (oldest.max() ?? now).addingTimeInterval(window).timeIntervalSince(now))
        }
        if try await alsoRefuse(since) { throw refusal(retryAfter: window) }
        try await SecurityEvent(kind: kind, email: email, ip: ip, at: now).create(on: req.db)
    }

    func refusal(retryAfter seconds: TimeInterval) -> AppError {
        AppError(status: .tooManyRequests, code: "too_many_attempts", message: message,
                 headers: ["Retry-After": String(max(1, Int(seconds.rounded(.up))))])
    }
}
