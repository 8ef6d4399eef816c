import Fluent
import Foundation
import IeumCore
import Vapor

/// Sign-ups are limited per address and per client, so that the form cannot be driven to test addresses and
/// numbers by the hundred (issue 21; ASVS 2.2.1). A campus signing up a room of applicants from one address is
/// normal, so a client may make many sign-ups but only a few that hit an address or number already registered —
/// what probing looks like.
enum SignUpThrottle {
    static let window: TimeInterval = 15 * 60
    static let perClient = 60
    static let collisionsPerClient = 5
    static let perAddress = 5
    static let kind = "signup_attempt"
    static let collision = "signup_collision"

    static let message = Localized("가입 시도가 너무 많습니다. 잠시 뒤에 다시 시도하세요.",
                                   "Too many sign-up attempts. Please try again later.")

    /// Throws 429 when this client or this e-mail has tried too often lately; otherwise records the attempt.
    static func admit(email: String?, on req: Request) async throws {
        let now = req.now, since = now.addingTimeInterval(-window), ip = req.clientAddress
        let recent = SecurityEvent.query(on: req.db).filter(\.$kind == kind).filter(\.$at >= since)
        let byClient = try await recent.copy().filter(\.$ip == ip).count()
        let byAddress = try await email.asyncMap { try await recent.copy().filter(\.$email == $0).count() } ?? 0
        let collisions = try await SecurityEvent.query(on: req.db).filter(\.$kind == collision).filter(\.$at >= since)
            .filter(\.$ip == ip).count()
        if byClient >= perClient || byAddress >= perAddress || collisions >= collisionsPerClient {
            throw AppError(status: .tooManyRequests, code: "too_many_attempts", message: message,
                           headers: ["Retry-After": String(Int(window))])
        }
        try await SecurityEvent(kind: kind, email: email, ip: ip, at: now).create(on: req.db)
    }

    /// An attempt that named an address or number already registered.
    static func noteCollision(email: String?, on req: Request) async throws {
        try await SecurityEvent(kind: collision, email: email, ip: req.clientAddress, at: req.now).create(on: req.db)
    }
}
