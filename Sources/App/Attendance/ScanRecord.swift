import Fluent
import Foundation
import IeumCore
import SQLKit

/// How a scan came to be: a trainee's phone, a staff member's hand, or an approved correction.
enum ScanSource: String, Sendable, Codable {
    case qr, manual, correction
}

/// Why staff recorded a scan by hand: a fixed list, so every hand-made scan is explained the same way.
enum ManualScanReason: String, CaseIterable, Sendable, Codable {
    case phoneUnavailable = "phone_unavailable"
    case deviceFault = "device_fault"
    case networkFault = "network_fault"
    case screenFault = "screen_fault"
    case offsiteTraining = "offsite_training"

    var name: Localized {
        switch self {
        case .phoneUnavailable: Localized("휴대전화 분실·고장", "Phone lost or broken")
        case .deviceFault: Localized("출결 화면 장치 고장", "Check-in screen out of order")
        case .networkFault: Localized("네트워크 장애", "Network fault")
        case .screenFault: Localized("QR 코드 인식 불가", "QR code would not scan")
        case .offsiteTraining: Localized("외부 현장 훈련", "Training off site")
        }
    }
}

/// One scan in the ledger. Stored with the server's UTC time; `day` is the Korean training day it belongs to.
final class ScanRecord: Model, @unchecked Sendable {
    static let schema = "scans"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "enrollment_id") var enrollmentID: Int
    @Field(key: "person_id") var personID: Int
    @Field(key: "cohort_id") var cohortID: Int
    @Field(key: "campus_id") var campusID: Int
    @Field(key: "operator_id") var operatorID: Int
    @Field(key: "day") var day: String
    @Field(key: "kind") var kind: String
    @Field(key: "at") var at: Date
    @Field(key: "source") var source: String
    @OptionalField(key: "manual_reason") var manualReason: String?
    @OptionalField(key: "recorded_by") var recordedBy: Int?
    @OptionalField(key: "correction_id") var correctionID: Int?
    @OptionalField(key: "code_window") var codeWindow: Int64?
    @OptionalField(key: "idempotency_key") var idempotencyKey: String?
    /// Set when an approved correction found this scan wrong; the scan stays in the ledger, unused.
    @OptionalField(key: "voided_by") var voidedBy: Int?
    /// Set when the trainee took the scan back within minutes (`ScanWithdrawal`); it stays in the ledger, unused.
    @OptionalField(key: "withdrawn_at") var withdrawnAt: Date?

    /// Counted by the rules: neither found wrong by a correction nor taken back.
    var counts: Bool { voidedBy == nil && withdrawnAt == nil }

    init() {}
}

struct CreateScans: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("scans")
            .field("id", .int, .identifier(auto: true))
            .field("enrollment_id", .int, .required, .references("enrollments", "id", onDelete: .cascade))
            .field("person_id", .int, .required)
            .field("cohort_id", .int, .required)
            .field("campus_id", .int, .required)
            .field("operator_id", .int, .required)
            .field("day", .string, .required)
            .field("kind", .string, .required)
            .field("at", .datetime, .required)
            .field("source", .string, .required)
            .field("manual_reason", .string)
            .field("recorded_by", .int)
            .field("correction_id", .int)
            .field("code_window", .int64)
            .field("idempotency_key", .string)
            .field("voided_by", .int)
            // A retry with the same key finds the first scan; one code window serves one scan of each kind.
            .unique(on: "person_id", "idempotency_key", name: "scans_idempotency")
            .unique(on: "person_id", "code_window", "kind", name: "scans_code_once")
            .create()
        try await db.schema("attendance_corrections")
            .field("id", .int, .identifier(auto: true))
            .field("enrollment_id", .int, .required, .references("enrollments", "id", onDelete: .cascade))
            .field("person_id", .int, .required)
            .field("cohort_id", .int, .required)
            .field("campus_id", .int, .required)
            .field("operator_id", .int, .required)
            .field("day", .string, .required)
            .field("kind", .string, .required)
            .field("scan_kind", .string)
            .field("minute", .int)
            .field("scan_id", .int)
            .field("excuse", .string)
            .field("reason", .string, .required)
            .field("evidence_name", .string)
            .field("evidence_type", .string)
            .field("evidence_size", .int)
            .field("state", .string, .required)
            .field("filed_by", .int, .required)
            .field("filed_at", .datetime, .required)
            .field("decided_by", .int)
            .field("decided_at", .datetime)
            .field("decision_comment", .string)
            .create()
        try await db.schema("attendance_evidence")
            .field("id", .int, .identifier(auto: true))
            .field("correction_id", .int, .required, .references("attendance_corrections", "id", onDelete: .cascade))
            .field("content", .data, .required)
            .unique(on: "correction_id")
            .create()
        try await db.schema("attendance_settings")
            .field("id", .int, .identifier(auto: true))
            .field("program_id", .int, .required, .references("programs", "id", onDelete: .cascade))
            .field("rules", .string, .required)
            .unique(on: "program_id")
            .create()
        guard let sql = db as? any SQLDatabase else { return }
        // Few indexes on purpose: every one is paid for by each scan of the morning rush. A person's scans are
        // found through the idempotency index (person_id first); a cohort's through this one.
        try await sql.create(index: "scans_cohort_day").on("scans").column("cohort_id").column("day").run()
        try await sql.create(index: "corrections_cohort_state").on("attendance_corrections").column("cohort_id").column("state").run()
        try await sql.create(index: "corrections_person_day").on("attendance_corrections").column("person_id").column("day").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("attendance_settings").delete()
        try await db.schema("attendance_evidence").delete()
        try await db.schema("attendance_corrections").delete()
        try await db.schema("scans").delete()
    }
}
