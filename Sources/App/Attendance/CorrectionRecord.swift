import Fluent
import Foundation
import IeumCore

/// What a correction asks for.
enum CorrectionKind: String, CaseIterable, Sendable, Codable {
    /// A scan that should be in the ledger and is not (e.g. forgot to check out).
    case missingScan = "missing_scan"
    /// A scan in the ledger that is wrong; it is voided and, if a time is given, replaced.
    case wrongScan = "wrong_scan"
    /// An excused absence (공가) of a listed kind, counted as attended within its cap.
    case excuse

    var name: Localized {
        switch self {
        case .missingScan: Localized("누락된 기록 추가", "Add a missing scan")
        case .wrongScan: Localized("잘못된 기록 정정", "Fix a wrong scan")
        case .excuse: Localized("공가 인정", "Excused absence")
        }
    }
}

enum CorrectionState: String, CaseIterable, Sendable, Codable {
    case pending, approved, rejected

    var name: Localized {
        switch self {
        case .pending: Localized("검토 중", "Pending")
        case .approved: Localized("승인", "Approved")
        case .rejected: Localized("반려", "Rejected")
        }
    }
}

/// A request to correct one trainee's day, with its evidence and decision; never deleted, so the history stays.
final class CorrectionRecord: Model, @unchecked Sendable {
    static let schema = "attendance_corrections"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "enrollment_id") var enrollmentID: Int
    @Field(key: "person_id") var personID: Int
    @Field(key: "cohort_id") var cohortID: Int
    @Field(key: "campus_id") var campusID: Int
    @Field(key: "operator_id") var operatorID: Int
    @Field(key: "day") var day: String
    @Field(key: "kind") var kind: String
    @OptionalField(key: "scan_kind") var scanKind: String?
    /// Minutes since midnight (KST) of the scan to add.
    @OptionalField(key: "minute") var minute: Int?
    /// The scan a wrong-scan correction voids.
    @OptionalField(key: "scan_id") var scanID: Int?
    @OptionalField(key: "excuse") var excuse: String?
    @Field(key: "reason") var reason: String
    @OptionalField(key: "evidence_name") var evidenceName: String?
    @OptionalField(key: "evidence_type") var evidenceType: String?
    @OptionalField(key: "evidence_size") var evidenceSize: Int?
    @Field(key: "state") var state: CorrectionState
    @Field(key: "filed_by") var filedBy: Int
    @Field(key: "filed_at") var filedAt: Date
    @OptionalField(key: "decided_by") var decidedBy: Int?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "decision_comment") var decisionComment: String?

    init() {}
}

/// An evidence file, kept in the database so that every server process, backup and restore has it.
final class EvidenceFile: Model, @unchecked Sendable {
    static let schema = "attendance_evidence"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "correction_id") var correctionID: Int
    @Field(key: "content") var content: Data

    init() {}

    init(correctionID: Int, content: Data) {
        self.correctionID = correctionID
        self.content = content
    }

    static let maxBytes = 5 * 1024 * 1024

    /// The kinds accepted, told by their first bytes (not by the name or the browser's word): PDF, PNG, JPEG.
    static func sniff(_ data: Data) -> String? {
        let head = [UInt8](data.prefix(8))
        if head.starts(with: Array("%PDF-".utf8)) { return "application/pdf" }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        return nil
    }
}

extension CorrectionsController {
    /// The body of a decision on a correction, as the API document declares it.
    static let decisionBody = Body([.choice("decision", ["approved", "rejected"]), .text("comment", max: 2000, required: false)])
}
