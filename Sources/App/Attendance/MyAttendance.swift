import Fluent
import Foundation
import IeumCore
import Vapor

struct AttendanceOutput: Content {
    struct ScanOut: Content {
        let id: Int
        let kind: String
        let at: Date
        let atKST: String
        let source: String
        enum CodingKeys: String, CodingKey { case id, kind, at, source; case atKST = "at_kst" }
    }

    struct DayOut: Content {
        let day: String
        /// present, absent, excused; "pending" for today and days to come.
        let status: String
        let marks: [String]
        let reason: String?
        let excuse: String?
        let scans: [ScanOut]
    }

    struct PeriodOut: Content {
        let index: Int
        let start: String
        let end: String
        let trainingDays: Int
        let absences: Int
        let marks: Int
        let rate: Double
        let allowanceEligible: Bool
        let final: Bool
        enum CodingKeys: String, CodingKey {
            case index, start, end, absences, marks, rate, final
            case trainingDays = "training_days"
            case allowanceEligible = "allowance_eligible"
        }
    }

    let enrollmentID: Int
    let cohortID: Int
    let trainingDays: Int
    let absences: Int
    let rate: Double
    let completionEligible: Bool
    let furtherAbsencesAllowed: Int
    let atRisk: Bool
    let periods: [PeriodOut]
    let days: [DayOut]

    enum CodingKeys: String, CodingKey {
        case absences, rate, periods, days
        case enrollmentID = "enrollment_id"
        case cohortID = "cohort_id"
        case trainingDays = "training_days"
        case completionEligible = "completion_eligible"
        case furtherAbsencesAllowed = "further_absences_allowed"
        case atRisk = "at_risk"
    }

    init(enrollmentID: Int, ledger: CohortLedger, personID: Int) {
        let summary = ledger.summary(of: personID)!
        self.enrollmentID = enrollmentID
        cohortID = ledger.cohort.id ?? 0
        trainingDays = summary.trainingDays
        absences = summary.absences
        rate = summary.rate
        completionEligible = summary.completionEligible
        furtherAbsencesAllowed = summary.furtherAbsencesAllowed
        atRisk = summary.atRisk
        periods = summary.periods.map {
            PeriodOut(index: $0.period.index + 1, start: $0.period.start.description, end: $0.period.end.description,
                      trainingDays: $0.trainingDays, absences: $0.absences, marks: $0.marks, rate: $0.rate,
                      allowanceEligible: $0.allowanceEligible, final: $0.isFinal)
        }
        days = ledger.days(of: personID).map { d in
            DayOut(day: d.day.description, status: d.result?.status.rawValue ?? "pending", marks: d.result?.marks.map(\.rawValue) ?? [],
                   reason: d.result?.reason?.rawValue, excuse: d.excuse?.rawValue,
                   scans: d.scans.map { ScanOut(id: $0.id, kind: $0.kind.rawValue, at: $0.at, atKST: KoreanFormats.clockTime($0.at), source: $0.source.rawValue) })
        }
    }
}

/// A trainee's own attendance: today, the month, the unit periods, and how many more absences they can afford.
enum MyAttendance {
    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        pages.register(.GET, AttendanceRoutes.mine.template, roles: [.trainee], use: page)
        api.register(AttendanceRoutes.myAttendance, use: json)
    }

    /// The running enrollment, or else the latest one.
    static func currentEnrollment(personID: Int, on db: any Database) async throws -> Enrollment? {
        let all = try await Enrollment.query(on: db).filter(\.$person.$id == personID).sort(\.$id, .descending).all()
        return all.first { $0.state == EnrollmentState.enrolled.rawValue } ?? all.first { $0.state == EnrollmentState.completed.rawValue }
    }

    static func ledger(_ req: Request) async throws -> (Enrollment, CohortLedger)? {
        let personID = try req.principal.personID
        guard let enrollment = try await currentEnrollment(personID: personID, on: req.db),
              let cohort = try await Cohort.find(enrollment.$cohort.id, on: req.db) else { return nil }
        return (enrollment, try await CohortLedger.load(cohort, personID: personID, today: Day(req.now), on: req.db))
    }

    @Sendable static func json(_ req: Request) async throws -> AttendanceOutput {
        guard let (enrollment, ledger) = try await ledger(req) else { throw AppError.notFound() }
        return AttendanceOutput(enrollmentID: try enrollment.requireID(), ledger: ledger, personID: try req.principal.personID)
    }

    @Sendable static func page(_ req: Request) async throws -> Response {
        let lang = req.lang
        guard let (enrollment, ledger) = try await ledger(req), let summary = ledger.summary(of: try req.principal.personID) else {
            return Layout.page(req, title: lang.pick("내 출결", "My attendance"), body: """
                <p class="empty">\(lang.pick("수강 중인 과정이 없습니다.", "You are not enrolled in a course."))</p>
                """)
        }
        let personID = try req.principal.personID
        let today = Day(req.now)
        let minuteNow = KoreanFormats.minuteOfDay(req.now)
        let days = ledger.days(of: personID)
        let todayEntry = days.first { $0.day == today }
        let todayHTML: HTML
        if let todayEntry {
            let state = AttendanceViews.liveState(todayEntry.scans, schedule: todayEntry.schedule, minuteNow: minuteNow)
            todayHTML = """
                <p class="lead">\(AttendanceViews.liveName(state).in(lang)) · \(TrainingCalendar.clock(todayEntry.schedule.start))–\(TrainingCalendar.clock(todayEntry.schedule.end))</p>
                \(CheckInController.scanList(todayEntry.scans, req: req))
                <p><a class="button primary" href="\(AttendanceRoutes.checkIn.url)">\(lang.pick("출결 체크", "Check in or out"))</a></p>
                """
        } else {
            todayHTML = "<p class=\"muted\">\(lang.pick("오늘은 훈련일이 아닙니다.", "Today is not a training day."))</p>"
        }
        let current = summary.periods.first { $0.period.contains(today) }
        var warnings: [HTML] = []
        if let current {
            let needed = AttendanceRules.needed(ledger.rules.allowanceThreshold, of: current.trainingDays)
            let left = current.trainingDays - needed - current.absences
            warnings.append(left >= 0
                ? "<li>\(lang.pick("이번 단위기간(\(current.period.start.description) ~ \(current.period.end.description))에 결석이 \(left + 1)일 더 생기면 훈련장려금을 받을 수 없습니다.", "\(left + 1) more absence(s) this unit period (\(current.period.start.description) – \(current.period.end.description)) and you lose this month's allowance."))</li>"
                : "<li>\(lang.pick("이번 단위기간의 훈련장려금 기준(80%)에 이미 미달했습니다.", "This unit period is already below the allowance threshold (80%)."))</li>")
            let marksLeft = ledger.rules.marksPerAbsence - current.marks % ledger.rules.marksPerAbsence
            warnings.append("<li>\(lang.pick("지각·조퇴·외출을 \(marksLeft)번 더 하면 결석 1일이 됩니다.", "\(marksLeft) more late arrival(s), early leave(s) or outing(s) make another absence."))</li>")
        }
        warnings.append(summary.completionEligible
            ? "<li>\(lang.pick("앞으로 \(summary.absencesToFail)일 더 결석하면 수료 기준(출석률 80%)에 미달합니다.", "\(summary.absencesToFail) more absence(s) and you fall below the completion threshold (80%)."))</li>"
            : "<li>\(lang.pick("수료 기준(출석률 80%)에 미달했습니다. 담당자와 상의하세요.", "You are below the completion threshold (80%). Talk to your campus staff."))</li>")
        let risk: HTML = summary.atRisk ? "<div class=\"alert warning\" role=\"alert\">\(lang.pick("수료가 위험합니다. 결석하지 않도록 주의하세요.", "Your completion is at risk: do not miss more days."))</div>" : .empty
        let month = AttendanceViews.month(from: req, default: today)
        let body: HTML = """
            <p class="muted">\(ledger.cohort.name) · \(ledger.cohort.startsOn) ~ \(ledger.cohort.endsOn)</p>
            <section><h2>\(lang.pick("오늘", "Today"))</h2>\(todayHTML)</section>
            <section><h2>\(lang.pick("놓치면 안 되는 것", "What you must not miss"))</h2>\(risk)<ul class="warnings">\(warnings)</ul>
            \(Components.definitionList([
                (lang.pick("과정 출석률", "Course rate"), "\(AttendanceViews.percent(summary.rate))"),
                (lang.pick("결석 (환산 포함)", "Absences (incl. from marks)"), "\(summary.absences) / \(summary.trainingDays)\(lang.pick("일", " days"))"),
            ]))</section>
            <section><h2>\(lang.pick("달력", "Calendar"))</h2>
            \(AttendanceViews.monthLinks(AttendanceRoutes.mine.url, month: month, lang: lang))
            \(AttendanceViews.calendar(month: month, days: days, today: today, minuteNow: minuteNow, lang: lang))
            \(AttendanceViews.legend(lang: lang))</section>
            <section><h2>\(lang.pick("단위기간별 출석률", "Rates by unit period"))</h2>\(AttendanceViews.periodTable(summary, lang: lang))</section>
            <section><h2>\(lang.pick("출결 정정", "Corrections"))</h2>
            <p><a href="\(AttendanceRoutes.newCorrection.url)">\(lang.pick("정정 신청하기", "Ask for a correction"))</a> · <a href="\(AttendanceRoutes.corrections.url)">\(lang.pick("신청 내역", "Your requests"))</a></p></section>
            """
        _ = enrollment
        return Layout.page(req, title: lang.pick("내 출결", "My attendance"), body: body)
    }
}
