import Fluent
import Foundation
import IeumCore
import NIOCore
import Vapor

/// Carries out deletion requests by the retention schedule. Safe to run often and from several
/// processes: each step only moves a request forward.
enum RetentionJob {
    static let schedule = RetentionSchedule()

    struct Outcome: Equatable {
        var erased = 0
        var anonymised = 0
    }

    static func run(on db: any Database, now: Date) async throws -> Outcome {
        var outcome = Outcome()
        let today = Day(now)
        let open = try await DeletionRequest.query(on: db).filter(\.$status ~~ ["pending", "erased"]).all()
        for request in open {
            if let until = request.keepIdentityUntil.flatMap(Day.init), today < until, request.status == "erased" { continue }
            let personID = request.$person.id
            let ends = try await Enrollment.query(on: db).filter(\.$person.$id == personID).with(\.$cohort).all()
                .filter { $0.state != EnrollmentState.applied.rawValue }.compactMap { Day($0.cohort.endsOn) }
            let step = schedule.step(today: today, lastCourseEnd: ends.max())
            let done = try await db.writeTransaction { tx -> RetentionSchedule.Step? in
                guard let person = try await Person.find(personID, on: tx) else { return nil }
                try await eraseExtras(person, now: now, on: tx)
                switch step {
                case let .eraseExtras(until):
                    request.status = "erased"
                    request.keepIdentityUntil = until.description
                    request.erasedAt = request.erasedAt ?? now
                    try await SecurityEvent(kind: "personal_data_erased", personID: personID, ip: "job", at: now,
                                            detail: "identity kept with training records until \(until)").create(on: tx)
                case .anonymise:
                    person.name = "탈퇴한 사용자"
                    person.email = "deleted-\(personID)@invalid.ieum"
                    try await person.update(on: tx)
                    request.status = "anonymised"
                    request.erasedAt = request.erasedAt ?? now
                    request.anonymisedAt = now
                    try await SecurityEvent(kind: "person_anonymised", personID: personID, ip: "job", at: now).create(on: tx)
                }
                try await request.update(on: tx)
                return step
            }
            switch done {
            case .eraseExtras?: outcome.erased += 1
            case .anonymise?: outcome.anonymised += 1
            case nil: break
            }
        }
        return outcome
    }

    /// What the hourly run (and `ieum jobs retention`) does: due deletion requests, expired sessions, then the access
    /// log's checkpoint when one is due (at most daily).
    static func runDue(on db: any Database, now: Date, audit: AuditSeal)
        async throws -> (outcome: Outcome, expiredSessions: Int, checkpoint: AuditCheckpoint?) {
        let outcome = try await run(on: db, now: now)
        let sessions = try await endExpiredSessions(on: db, now: now)
        return (outcome, sessions, try await audit.checkpointIfDue(on: db, now: now))
    }

    /// Removes sessions past their end. They are refused when presented anyway; kept, they would only hold a login's
    /// address and times, which are destroyed once no longer needed (개인정보 보호법 제21조). Returns how many.
    @discardableResult
    static func endExpiredSessions(on db: any Database, now: Date) async throws -> Int {
        func expired() -> QueryBuilder<AuthSession> { AuthSession.query(on: db).filter(\.$expiresAt <= now) }
        let count = try await expired().count()   // for the log; a session expiring in between is removed all the same
        if count > 0 { try await expired().delete() }
        return count
    }

    /// Everything the program's records do not need: contact details, identifiers, account and logins.
    static func eraseExtras(_ person: Person, now: Date, on db: any Database) async throws {
        let id = try person.requireID()
        person.phone = nil
        person.birthDate = nil
        person.residenceRegion = nil
        person.residentNumberSealed = nil
        person.bankName = nil
        person.bankAccountSealed = nil
        person.totpSecretSealed = nil
        person.totpEnabledAt = nil
        person.passwordHash = nil
        try await person.update(on: db)
        try await HeldIdentifiers.query(on: db).filter(\.$personID == id).delete()
        try await AuthSession.query(on: db).filter(\.$person.$id == id).delete()
        try await RecoveryCode.query(on: db).filter(\.$person.$id == id).delete()
        try await RoleGrant.query(on: db).filter(\.$person.$id == id).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: now).update()
        try await AuthState.bump(on: db)   // the account is closed in every server process
    }
}

/// Runs the retention job (removes expired sessions, checkpoints the access log when due) every hour while the server is up.
struct RetentionScheduler: LifecycleHandler {
    func didBootAsync(_ app: Application) async throws {
        let task = app.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .minutes(1), delay: .hours(1)) { _ in
            app.eventLoopGroup.next().makeFutureWithTask {
                do {
                    let (outcome, sessions, checkpoint) = try await RetentionJob.runDue(on: app.db, now: app.ieum.now(), audit: app.audit)
                    if outcome.erased + outcome.anonymised + sessions > 0 {
                        app.logger.info("retention job", metadata: ["erased": "\(outcome.erased)", "anonymised": "\(outcome.anonymised)",
                                                                    "expired_sessions": "\(sessions)"])
                    }
                    if let checkpoint {
                        app.logger.info("access log checkpoint", metadata: ["entries": "\(checkpoint.seq)", "file": "\(app.audit.checkpoints.path)"])
                    }
                } catch {
                    app.logger.error("retention job failed: \(String(reflecting: error))")
                }
            }
        }
        app.storage[RetentionTaskKey.self] = task
    }

    func shutdown(_ app: Application) {
        app.storage[RetentionTaskKey.self]?.cancel()
    }
}

struct RetentionTaskKey: StorageKey { typealias Value = RepeatedTask }
