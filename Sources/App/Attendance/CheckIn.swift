import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

/// What a trainee's phone sends after scanning the campus code.
struct CheckInInput: Content {
    var code: String
    var kind: String
    var idempotencyKey: String?

    enum CodingKeys: String, CodingKey {
        case code, kind
        case idempotencyKey = "idempotency_key"
    }
}

/// The answer to a scan, the same for the first request and for every retry with its idempotency key.
struct CheckInOutput: Content {
    let scanID: Int
    let kind: String
    /// Server time, UTC (ISO 8601).
    let at: Date
    /// The same moment in Korea's time, as people read it.
    let atKST: String
    let day: String
    let cohortID: Int
    let campusID: Int
    let source: String
    /// True when this answers a retry: nothing new was recorded.
    let replayed: Bool

    enum CodingKeys: String, CodingKey {
        case kind, at, day, source, replayed
        case scanID = "scan_id"
        case atKST = "at_kst"
        case cohortID = "cohort_id"
        case campusID = "campus_id"
    }
}

/// Scans from phones: the code is checked, the trainee's cohort at that campus found, the scan written once.
/// Only SQLKit on this path: it carries the morning rush (see BENCHMARKS.md).
enum CheckIn {
    static func refusal(_ code: String, _ message: Localized, status: HTTPResponseStatus = .unprocessableEntity) -> AppError {
        AppError(status: status, code: code, message: message)
    }

    static func kind(_ raw: String) throws -> ScanKind {
        guard let kind = ScanKind(rawValue: raw) else {
            throw refusal("invalid_kind", Localized("입실, 퇴실, 외출, 복귀 중 하나를 고르세요.", "Choose check-in, check-out, going out or coming back."))
        }
        return kind
    }

    static func idempotencyKey(_ raw: String?) throws -> String {
        guard let key = raw, (8...100).contains(key.utf8.count),
              key.utf8.allSatisfy({ b in (48...57).contains(b) || (65...90).contains(b) || (97...122).contains(b) || b == 45 || b == 95 })   // [0-9A-Za-z_-]
        else {
            throw refusal("idempotency_key_required", Localized(
                "요청 식별 키(idempotency_key, 영문·숫자·-·_ 8~100자)가 필요합니다.",
                "Every scan needs an idempotency_key of 8 to 100 letters, digits, '-' or '_'."), status: .badRequest)
        }
        return key
    }

    /// Records a scan from a phone, or answers a retry with the first result. The code is checked as of `codeReadAt`
    /// when the trainee was asked to confirm (the code was live then), otherwise now.
    static func record(_ input: CheckInInput, personID: Int, codeReadAt: Date? = nil, on req: Request) async throws -> CheckInOutput {
        let key = try idempotencyKey(input.idempotencyKey)
        let kind = try kind(input.kind)
        let now = req.now
        var sql: any SQLDatabase { req.db as! any SQLDatabase }   // only off the common path
        let found: (campusID: Int, window: Int64)
        switch req.application.checkInCodes.read(input.code, at: codeReadAt ?? now) {
        case let .success(value):
            found = value
        case let .failure(refusal):
            // A retry after a timeout may come after the code has expired: it still gets its first answer.
            if let earlier = try await earlier(personID: personID, key: key, on: sql) { return try same(earlier, kind: kind) }
            throw Self.refusal("code_\(refusal)", refusal.message)
        }
        let today = Day(now)
        guard let place = try await place(personID: personID, campusID: found.campusID, day: today, on: req) else {
            if let earlier = try await earlier(personID: personID, key: key, on: sql) { return try same(earlier, kind: kind) }
            throw try await whyNoPlace(personID: personID, campusID: found.campusID, day: today, on: sql)
        }
        let scan = NewScan(enrollmentID: place.enrollmentID, personID: personID, cohortID: place.cohortID, campusID: found.campusID,
                           operatorID: place.operatorID, day: today.description, kind: kind.rawValue, at: now, source: .qr,
                           manualReason: nil, recordedBy: nil, correctionID: nil, codeWindow: found.window, idempotencyKey: key)
        switch try await req.application.scanWriter.write(scan) {
        case let .stored(id):
            return CheckInOutput(scanID: id, kind: kind.rawValue, at: now, atKST: KoreanFormats.clockTime(now), day: scan.day,
                                 cohortID: place.cohortID, campusID: found.campusID, source: ScanSource.qr.rawValue, replayed: false)
        case .conflict:
            if let earlier = try await earlier(personID: personID, key: key, on: sql) { return try same(earlier, kind: kind) }
            throw refusal("code_replayed", Localized(
                "이 QR 코드는 이미 사용했습니다. 화면에 새로 나온 코드를 찍으세요.",
                "You have already used this QR code. Scan the new one on the screen."), status: .conflict)
        }
    }

    /// A retry is the same request again; one key sent with another kind of scan is a mistake, said as such.
    static func same(_ earlier: CheckInOutput, kind: ScanKind) throws -> CheckInOutput {
        guard earlier.kind == kind.rawValue else {
            throw refusal("idempotency_key_reused", Localized(
                "이 요청 키는 이미 다른 기록(\(earlier.kind))에 쓰였습니다. 화면을 새로 고쳐 다시 찍으세요.",
                "This idempotency_key was already used for another scan (\(earlier.kind)); reload and scan again."), status: .conflict)
        }
        return earlier
    }

    struct Place: Sendable {
        let enrollmentID: Int
        let cohortID: Int
        let operatorID: Int
    }

    /// Where the trainee trains today: from today's roster in memory, or else from the database.
    static func place(personID: Int, campusID: Int, day: Day, on req: Request) async throws -> Place? {
        if let place = req.application.todayRoster.place(personID: personID, campusID: campusID, day: day, now: req.now, app: req.application) {
            return place
        }
        return try await trainingPlace(personID: personID, campusID: campusID, day: day, on: req.db as! any SQLDatabase)
    }

    /// The trainee's running enrollment at the campus, in a cohort that trains today.
    static func trainingPlace(personID: Int, campusID: Int, day: Day, on sql: any SQLDatabase) async throws -> Place? {
        let row = try await sql.raw("""
            SELECT e.id AS enrollment_id, e.cohort_id, e.operator_id
            FROM enrollments e JOIN training_days t ON t.cohort_id = e.cohort_id
            WHERE e.person_id = \(bind: personID) AND e.campus_id = \(bind: campusID)
              AND e.state = \(bind: EnrollmentState.enrolled.rawValue) AND t.day = \(bind: day.description)
            LIMIT 1
            """).first()
        guard let row else { return nil }
        return Place(enrollmentID: try row.decode(column: "enrollment_id", as: Int.self),
                     cohortID: try row.decode(column: "cohort_id", as: Int.self),
                     operatorID: try row.decode(column: "operator_id", as: Int.self))
    }

    /// Tells a trainee whose scan has no cohort to go to why: the wrong campus, or not a training day.
    static func whyNoPlace(personID: Int, campusID: Int, day: Day, on sql: any SQLDatabase) async throws -> AppError {
        let enrolledHere = try await sql.select().column(SQLColumn("id"))
            .from(Enrollment.schema)
            .where("person_id", .equal, SQLBind(personID))
            .where("campus_id", .equal, SQLBind(campusID))
            .where("state", .equal, SQLBind(EnrollmentState.enrolled.rawValue))
            .limit(1).first() != nil
        if enrolledHere {
            return refusal("not_a_training_day", Localized(
                "오늘(\(day))은 수강 중인 과정의 훈련일이 아닙니다.", "Today (\(day)) is not a training day of your course."))
        }
        return refusal("not_in_cohort", Localized(
            "이 캠퍼스에서 수강 중인 과정이 없습니다. 내 캠퍼스의 QR 코드인지 확인하세요.",
            "You are not enrolled in a course at this campus. Check that this is your campus's QR code."), status: .forbidden)
    }

    /// The first answer to an earlier request with the same idempotency key, if there was one.
    static func earlier(personID: Int, key: String, on sql: any SQLDatabase) async throws -> CheckInOutput? {
        guard let row = try await sql.select()
            .columns("id", "kind", "at", "day", "cohort_id", "campus_id", "source")
            .from(ScanRecord.schema)
            .where("person_id", .equal, SQLBind(personID))
            .where("idempotency_key", .equal, SQLBind(key))
            .first() else { return nil }
        let at = try row.decode(column: "at", as: Date.self)
        return CheckInOutput(scanID: try row.decode(column: "id", as: Int.self), kind: try row.decode(column: "kind", as: String.self),
                             at: at, atKST: KoreanFormats.clockTime(at), day: try row.decode(column: "day", as: String.self),
                             cohortID: try row.decode(column: "cohort_id", as: Int.self),
                             campusID: try row.decode(column: "campus_id", as: Int.self),
                             source: try row.decode(column: "source", as: String.self), replayed: true)
    }
}

struct CheckInCodesKey: StorageKey { typealias Value = CheckInCode }

extension Application {
    var checkInCodes: CheckInCode { storage[CheckInCodesKey.self]! }
}
