import Fluent
import Foundation
import IeumCore
import Vapor

/// Sign-ups are limited per address and per client, so that the form cannot be driven to test addresses and
/// numbers by the hundred (issue 21; ASVS 2.2.1). A campus signing up a room of applicants from one address is
/// normal, so a client may make many sign-ups but only a few that hit an address or number already registered —
/// what probing looks like.
enum SignUpThrottle {
    static let collisionsPerClient = 5
    static let collision = "signup_collision"
    static let attempts = AttemptThrottle(kind: "signup_attempt", window: 15 * 60, perClient: 60, perAddress: 5, message: Localized(
        "가입 시도가 너무 많습니다. 잠시 뒤에 다시 시도하세요.", "Too many sign-up attempts. Please try again later."))

    /// Throws 429 when this client or this e-mail has tried too often lately, or this client has named too many
    /// registered addresses; otherwise records the attempt.
    static func admit(email: String?, on req: Request) async throws {
        let ip = req.clientAddress
        try await attempts.admit(email: email, on: req) { since in
            try await SecurityEvent.query(on: req.db).filter(\.$kind == collision).filter(\.$at >= since).filter(\.$ip == ip).count() >= collisionsPerClient
        }
    }

    /// An attempt that named an address or number already registered.
    static func noteCollision(email: String?, on req: Request) async throws {
        try await SecurityEvent(kind: collision, email: email, ip: req.clientAddress, at: req.now).create(on: req.db)
    }
}
