import Fluent
import Foundation
import IeumCore
import Vapor

/// Applies `LoginThrottle` to a login attempt and records the attempt and any lock or unlock.
enum LoginGuard {
    static let throttle = LoginThrottle()

    static let blockedMessage = Localized(
        "로그인 시도가 너무 많습니다. 잠시 뒤에 다시 시도하세요.",
        "Too many login attempts. Please try again later.")

    /// Throws 429 while the e-mail or the address is blocked.
    static func ensureAllowed(email: String, on req: Request) async throws {
        let now = req.now
        let since = throttle.lookBack(from: now)
        let ip = req.clientAddress
        let lastSuccess = try await LoginAttempt.query(on: req.db).filter(\.$email == email).filter(\.$succeeded == true)
            .filter(\.$at >= since).sort(\.$at, .descending).first()?.at ?? since
        let accountFailures = try await LoginAttempt.query(on: req.db).filter(\.$email == email).filter(\.$succeeded == false)
            .filter(\.$at > lastSuccess).all(\.$at)
        let addressFailures = try await LoginAttempt.query(on: req.db).filter(\.$ip == ip).filter(\.$succeeded == false)
            .filter(\.$at >= since).all(\.$at)
        switch throttle.decide(now: now, accountFailureTimes: accountFailures, addressFailureTimes: addressFailures) {
        case .allowed:
            try await noteUnlockIfLocked(email: email, on: req)
        case let .accountLocked(until), let .addressThrottled(until):
            let seconds = max(1, Int(until.timeIntervalSince(now).rounded(.up)))
            throw AppError(status: .tooManyRequests, code: "too_many_attempts", message: blockedMessage,
                           headers: ["Retry-After": String(seconds)])
        }
    }

    /// Records the attempt; a failure that reaches the limit locks the account and says so in the event log.
    static func record(email: String, succeeded: Bool, personID: Int?, on req: Request) async throws {
        let now = req.now
        try await LoginAttempt(email: email, ip: req.clientAddress, at: now, succeeded: succeeded).create(on: req.db)
        guard !succeeded else { return }
        req.metrics.loginFailed()
        let failures = try await LoginAttempt.query(on: req.db).filter(\.$email == email).filter(\.$succeeded == false)
            .filter(\.$at >= throttle.lookBack(from: now)).all(\.$at)
        if case .accountLocked = throttle.decide(now: now, accountFailureTimes: failures, addressFailureTimes: []),
           try await lastLockEvent(email: email, on: req.db)?.kind != "account_locked" {
            try await SecurityEvent(kind: "account_locked", email: email, personID: personID, ip: req.clientAddress, at: now,
                                    detail: "\(failures.count) failed logins").create(on: req.db)
            req.logger.warning("account locked after repeated failed logins", metadata: ["email": .string(email)])
            req.metrics.accountLocked()
        }
    }

    static func lastLockEvent(email: String, on db: any Database) async throws -> SecurityEvent? {
        try await SecurityEvent.query(on: db).filter(\.$email == email).filter(\.$kind ~~ ["account_locked", "account_unlocked"])
            .sort(\.$at, .descending).sort(\.$id, .descending).first()
    }

    static func noteUnlockIfLocked(email: String, on req: Request) async throws {
        guard let last = try await lastLockEvent(email: email, on: req.db), last.kind == "account_locked" else { return }
        try await SecurityEvent(kind: "account_unlocked", email: email, personID: last.personID, ip: req.clientAddress,
                                at: req.now, detail: "lock expired").create(on: req.db)
    }
}
