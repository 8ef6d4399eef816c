import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

struct CorrectionOutput: Content {
    let id: Int
    let personID: Int
    let cohortID: Int
    let day: String
    let kind: String
    let scanKind: String?
    let time: String?
    let scanID: Int?
    let excuse: String?
    let reason: String
    let evidence: String?
    let state: CorrectionState
    let filedBy: Int
    let filedAt: Date
    let decidedBy: Int?
    let decidedAt: Date?
    let comment: String?

    enum CodingKeys: String, CodingKey {
        case id, day, kind, time, excuse, reason, evidence, state, comment
        case personID = "person_id"
        case cohortID = "cohort_id"
        case scanKind = "scan_kind"
        case scanID = "scan_id"
        case filedBy = "filed_by"
        case filedAt = "filed_at"
        case decidedBy = "decided_by"
        case decidedAt = "decided_at"
    }

    init(_ c: CorrectionRecord) {
        id = c.id ?? 0
        personID = c.personID
        cohortID = c.cohortID
        day = c.day
        kind = c.kind
        scanKind = c.scanKind
        time = c.minute.map(TrainingCalendar.clock)
        scanID = c.scanID
        excuse = c.excuse
        reason = c.reason
        evidence = c.evidenceName.map { _ in AttendanceRoutes.correctionEvidence(c.id ?? 0) }
        state = c.state
        filedBy = c.filedBy
        filedAt = c.filedAt
        decidedBy = c.decidedBy
        decidedAt = c.decidedAt
        comment = c.decisionComment
    }
}

/// Corrections of missing or wrong scans and excused absences: filed with a reason and evidence on the day or
/// the next (PROGRAM.md), decided by campus staff with a comment; nothing is deleted, so the history stays.
