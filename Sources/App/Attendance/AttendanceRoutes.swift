import IeumCore
import Vapor

/// Every path of attendance (issue 3), declared once: pages link with these, the router registers them, and
/// the API's entries are what the OpenAPI document says of them.
enum AttendanceRoutes {
    // MARK: Pages
    static let checkIn = Path0("/check-in")
    static let withdrawScan = Path1<Int>("/check-in/scans/{scanID}/withdrawal")
    static let mine = Path0("/attendance")
    static let overview = Path0("/attendance/overview")
    static let corrections = Path0("/attendance/corrections")
    static let newCorrection = Path0("/attendance/corrections/new")
    static let correctionEvidence = Path1<Int>("/attendance/corrections/{correctionID}/evidence")
    static let correctionDecision = Path1<Int>("/attendance/corrections/{correctionID}/decision")
    static let schedule = Path1<Int>("/cohorts/{id}/schedule")
    static let roster = Path1<Int>("/cohorts/{id}/roster")
    static let matrix = Path1<Int>("/cohorts/{id}/attendance")
    static let manualScans = Path1<Int>("/cohorts/{id}/manual-scans")
    static let ledgerExport = Path1<Int>("/cohorts/{id}/attendance/export")
    static let checkInScreen = Path1<Int>("/campuses/{id}/check-in-screen")
    static let rules = Path1<Int>("/programs/{id}/attendance-rules")

    // MARK: API
    static let scheduleJSON = APIEndpoint(.GET, "/api/v1/cohorts/{id}/schedule", roles: CohortResource.readRoles,
                                          summary: "The cohort's training days, hours and unit periods", tag: "cohorts")
    static let saveSchedule = APIEndpoint(.PUT, "/api/v1/cohorts/{id}/schedule", roles: CohortResource.writeRoles,
                                          summary: "Lay out the training days from weekdays, hours, breaks and holidays", tag: "cohorts",
                                          input: ScheduleController.body)
    static let recordCheckIn = APIEndpoint(.POST, "/api/v1/check-ins", roles: [.trainee],
                                           summary: "Record a scan of the campus QR code (trainees); a retry with the same idempotency_key returns the first answer (200)",
                                           tag: "attendance", status: 201, input: CheckInController.input, output: CheckInOutput.self)
    static let withdrawScanJSON = APIEndpoint(.POST, "/api/v1/me/scans/{scanID}/withdrawal", roles: [.trainee],
                                              summary: "Take back a scan of your own made by mistake, within 5 minutes (not a check-in); it stays in the ledger, unused",
                                              tag: "attendance", output: WithdrawnScan.self)
    static let myAttendance = APIEndpoint(.GET, "/api/v1/me/attendance", roles: [.trainee],
                                          summary: "Your attendance: days, unit periods, rates, what you must not miss", tag: "attendance")
    static let checkInCode = APIEndpoint(.GET, "/api/v1/campuses/{id}/check-in-code", roles: CheckInScreen.roles,
                                         summary: "The campus's current check-in code and link (rotates every 30 s)", tag: "attendance")
    static let rosterJSON = APIEndpoint(.GET, "/api/v1/cohorts/{id}/roster", roles: CohortAttendance.viewers,
                                        summary: "Today's live roster: in, late, away, out, not yet, absent", tag: "attendance")
    static let matrixJSON = APIEndpoint(.GET, "/api/v1/cohorts/{id}/attendance", roles: CohortAttendance.viewers,
                                        summary: "The month's matrix of trainees × training days (?month=YYYY-MM) with rates and at-risk flags", tag: "attendance")
    static let recordManualScan = APIEndpoint(.POST, "/api/v1/cohorts/{id}/manual-scans", roles: CohortAttendance.recorders,
                                              summary: "Record a scan by hand with a reason from the fixed list (campus staff)", tag: "attendance",
                                              status: 201, input: CohortAttendance.manualBody, output: CheckInOutput.self)
    static let listCorrections = APIEndpoint(.GET, "/api/v1/attendance/corrections", roles: CorrectionsController.filers + [.programManager],
                                             summary: "Corrections you filed, or those of the cohorts you run (?cohort=, ?state=)", tag: "attendance")
    static let fileCorrection = APIEndpoint(.POST, "/api/v1/attendance/corrections", roles: CorrectionsController.filers,
                                            summary: "File a correction with its evidence (multipart; on the day or the next day)", tag: "attendance",
                                            status: 201, output: CorrectionOutput.self) { $0.body = true; $0.multipart = true }
    static let correctionEvidenceFile = APIEndpoint(.GET, "/api/v1/attendance/corrections/{correctionID}/evidence",
                                                    roles: CorrectionsController.filers + [.programManager],
                                                    summary: "The evidence file, as a download", tag: "attendance") { $0.response = "#/components/schemas/binary" }
    static let decideCorrection = APIEndpoint(.POST, "/api/v1/attendance/corrections/{correctionID}/decision", roles: CorrectionsController.deciders,
                                              summary: "Approve or reject a correction with a comment (campus staff)", tag: "attendance",
                                              input: CorrectionsController.decisionBody)
    static let rulesJSON = APIEndpoint(.GET, "/api/v1/programs/{id}/attendance-rules", roles: [.programManager],
                                       summary: "The program's attendance rules", tag: "attendance")
    static let saveRules = APIEndpoint(.PUT, "/api/v1/programs/{id}/attendance-rules", roles: [.programManager],
                                       summary: "Change the program's attendance rules (percentages as 80 or 80%)", tag: "attendance",
                                       input: AttendanceRulesController.body)
    static let overviewJSON = APIEndpoint(.GET, "/api/v1/attendance/overview", roles: AttendanceOverview.roles,
                                          summary: "Average attendance rates by operator and campus (aggregates)", tag: "attendance")

    static let api: [APIEndpoint] = [
        scheduleJSON, saveSchedule, recordCheckIn, withdrawScanJSON, myAttendance, checkInCode, rosterJSON, matrixJSON, recordManualScan,
        listCorrections, fileCorrection, correctionEvidenceFile, decideCorrection, rulesJSON, saveRules, overviewJSON,
    ]
}
