import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

/// A trainee takes back a scan made by mistake (a 퇴실 tapped at 14:57 instead of 외출, say) within a few minutes,
/// from the phone, without a correction. The scan stays in the ledger, marked as taken back, and counts no more.
/// A check-in is not taken back: it was made at the campus, and the ministry's count of the day already holds it.
enum ScanWithdrawal {
    static let window: TimeInterval = 5 * 60

    /// Why a scan that still counts cannot be taken back at `now`, or nil when it can: the one rule the phone's
    /// offer and the action both follow.
    static func refusal(kind: ScanKind?, source: ScanSource?, at: Date, now: Date) -> Localized? {
        if source != .qr {
            return Localized("직접 찍은 기록만 되돌릴 수 있습니다. 담당자에게 정정을 요청하세요.",
                             "Only scans you made yourself can be taken back; ask staff for a correction.")
        }
        if kind == .checkIn {
            return Localized("입실은 되돌릴 수 없습니다. 잘못 찍었다면 출결 정정을 신청하세요.",
                             "A check-in cannot be taken back; file a correction if it was a mistake.")
        }
        if now.timeIntervalSince(at) > window || at > now {
            return Localized("\(Int(window / 60))분이 지나 되돌릴 수 없습니다. 출결 정정을 신청하세요.",
                             "More than \(Int(window / 60)) minutes have passed; file a correction instead.")
        }
        return nil
    }

    /// Whether the phone should offer to take `scan` back at `now`.
    static func offered(_ scan: LedgerScan, now: Date) -> Bool {
        refusal(kind: scan.kind, source: scan.source, at: scan.at, now: now) == nil
    }

    static let action = Action { req -> WithdrawnScan in try await withdraw(req) }

    static func withdraw(_ req: Request) async throws -> WithdrawnScan {
        let scan = try req.loaded(ScanRecord.self)
        let now = req.now
        guard scan.withdrawnAt == nil else {
            throw AppError.conflict(Localized("이미 되돌린 기록입니다.", "This scan has already been taken back."))
        }
        guard scan.voidedBy == nil else {
            throw AppError.conflict(Localized("출결 정정으로 이미 바뀐 기록입니다.", "A correction has already replaced this scan."))
        }
        if let why = refusal(kind: ScanKind(rawValue: scan.kind), source: ScanSource(rawValue: scan.source), at: scan.at, now: now) {
            throw AppError.conflict(why)
        }
        let sql = req.db as! any SQLDatabase
        // Two taps at once take it back once.
        let changed = try await sql.update(ScanRecord.schema).set("withdrawn_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(try scan.requireID())).where(SQLColumn("withdrawn_at"), .is, SQLLiteral.null)
            .returning("id").all()
        guard !changed.isEmpty else {
            throw AppError.conflict(Localized("이미 되돌린 기록입니다.", "This scan has already been taken back."))
        }
        return WithdrawnScan(scanID: try scan.requireID(), kind: scan.kind, at: scan.at, atKST: KoreanFormats.clockTime(scan.at),
                             day: scan.day, withdrawnAt: now)
    }
}

/// The answer to a scan taken back.
struct WithdrawnScan: Content {
    let scanID: Int
    let kind: String
    let at: Date
    let atKST: String
    let day: String
    let withdrawnAt: Date

    enum CodingKeys: String, CodingKey {
        case kind, at, day
        case scanID = "scan_id"
        case atKST = "at_kst"
        case withdrawnAt = "withdrawn_at"
    }
}

/// Lets a trainee reach their own scans only: anyone else's (or none) is a 404.
struct OwnScanGuard: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let principal = try request.principal
        guard let id = request.parameters.get("scanID", as: Int.self),
              let scan = try await ScanRecord.query(on: request.db).filter(\.$id == id).filter(\.$personID == principal.personID).first()
        else { throw AppError.notFound() }
        request.storage[LoadedRecordKey<ScanRecord>.self] = scan
        return try await next.respond(to: request)
    }
}
