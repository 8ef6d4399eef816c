import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

/// What a trainee needs today (issue 24): today's hours and where they stand in them, the next deadlines, and
/// their attendance so far.
enum TraineeToday {
    static func panel(_ req: Request, enrollment e: Enrollment) async throws -> HTML {
        let lang = req.lang
        let cohortID = e.$cohort.id
        let today = Day(req.now)
        var lines: [HTML] = []
        if let schedule = try await TrainingDayRecord.query(on: req.db).filter(\.$cohort.$id == cohortID)
            .filter(\.$day == today.description).first()?.schedule {
            let scans = try await CohortLedger.scans(cohortID: cohortID, personID: e.$person.id, day: today, on: req.db as! any SQLDatabase)
            let state = AttendanceViews.liveState(scans, schedule: schedule, minuteNow: KoreanFormats.minuteOfDay(req.now))
            lines.append("<li>\(lang.pick("오늘 수업", "Class today")) \(TrainingCalendar.clock(schedule.start))–\(TrainingCalendar.clock(schedule.end)) · <span class=\"state \(state.rawValue)\">\(AttendanceViews.liveName(state).in(lang))</span></li>")
        } else {
            lines.append("<li>\(lang.pick("오늘은 훈련일이 아닙니다.", "No class today."))</li>")
        }
        let due = try await Assignment.query(on: req.db).filter(\.$cohort.$id == cohortID).filter(\.$deadline >= req.now)
            .filter(\.$deadline <= req.now.addingTimeInterval(7 * 86_400)).sort(\.$deadline).limit(5).all().filter { !$0.isAdmissionTest }
        for a in due {
            lines.append("<li><a href=\"\(AssignmentRoutes.assignment(a.id ?? 0))\">\(a.title)</a> — \(lang.pick("마감", "due")) \(KoreanFormats.dateTime(a.deadline))</li>")
        }
        if let summary = try await AttendanceSummaryRecord.query(on: req.db).filter(\.$enrollmentID == e.requireID()).first(), summary.elapsedDays > 0 {
            let rate = AttendanceViews.percent(summary.rate)
            let risk: HTML = summary.atRisk
                ? " · <strong class=\"state absent\">\(lang.pick("수료 기준(80%)이 위태롭습니다", "the 80% completion rule is at risk"))</strong>" : ""
            lines.append("<li><a href=\"\(AttendanceRoutes.mine.url)\">\(lang.pick("출석률", "Attendance")) \(rate)</a> \(lang.pick("(결석 \(summary.absences)일)", "(\(summary.absences) absences)"))\(risk)</li>")
        }
        return "<h3>\(lang.pick("오늘", "Today"))</h3><ul class=\"todo\">\(lines)</ul>"
    }
}
