import Foundation
import IeumCore
import Vapor

/// How the ledger's days and rates are shown, shared by the trainee's and the staff's pages.
enum AttendanceViews {
    /// One day's short mark and CSS class: 출 present, 지 late, 조 early leave, 외 outing, 결 absent, 공 excused.
    static func mark(_ day: LedgerDay, today: Day, minuteNow: Int, lang: Lang) -> (text: String, cls: String, title: String) {
        if let result = day.result {
            switch result.status {
            case .absent: return (lang.pick("결", "A"), "absent", lang.pick("결석", "Absent") + reasonText(result.reason, lang))
            case .excused: return (lang.pick("공", "E"), "excused", lang.pick("공가", "Excused") + " · " + (result.excuse?.name.in(lang) ?? ""))
            case .present:
                if result.marks.isEmpty { return (lang.pick("출", "P"), "present", lang.pick("출석", "Present")) }
                let names = result.marks.map(markName).map { $0.in(lang) }
                let first = result.marks[0]
                let text = first == .late ? lang.pick("지", "L") : first == .earlyLeave ? lang.pick("조", "D") : lang.pick("외", "O")
                return (text, "marked", names.joined(separator: ", "))
            }
        }
        if day.day == today {
            return live(day.scans, schedule: day.schedule, minuteNow: minuteNow, lang: lang)
        }
        return ("", "future", lang.pick("예정", "To come"))
    }

    static func markName(_ mark: AttendanceMark) -> Localized {
        switch mark {
        case .late: Localized("지각", "Late")
        case .earlyLeave: Localized("조퇴", "Early leave")
        case .outing: Localized("외출", "Outing")
        }
    }

    static func reasonText(_ reason: DayResult.AbsenceReason?, _ lang: Lang) -> String {
        switch reason {
        case .noCheckIn: " · " + lang.pick("입실 기록 없음", "no check-in")
        case .noCheckOut: " · " + lang.pick("자정까지 퇴실 기록 없음", "no check-out by midnight")
        case .underHalfOfDay: " · " + lang.pick("훈련시간의 절반 미만 출석", "under half the day")
        case nil: ""
        }
    }

    enum LiveState: String { case notYet = "not_yet", inRoom = "in", late, out, leftEarly = "left_early", away, absent }

    /// Today's state for the live roster: in, late, out (checked out at or after the end), left early (조퇴: before
    /// the end), away (outing), absent, not yet.
    static func liveState(_ scans: [LedgerScan], schedule: DaySchedule, minuteNow: Int) -> LiveState {
        guard let first = scans.first(where: { $0.kind == .checkIn }) else {
            // Once less than half of the day is left, a trainee who has not come can no longer attend it.
            let left = schedule.minutes(in: minuteNow...max(minuteNow, schedule.end))
            return Double(left) < Double(schedule.scheduledMinutes) * 0.5 ? .absent : .notYet
        }
        switch scans.last?.kind {
        case .checkOut: return scans.last!.scan.at < schedule.end ? .leftEarly : .out
        case .goOut: return .away
        default: return first.scan.at > schedule.start ? .late : .inRoom
        }
    }

    static func liveName(_ state: LiveState) -> Localized {
        switch state {
        case .notYet: Localized("미입실", "Not yet")
        case .inRoom: Localized("입실", "In")
        case .late: Localized("지각 입실", "In, late")
        case .out: Localized("퇴실", "Out")
        case .leftEarly: Localized("조퇴", "Left early")
        case .away: Localized("외출 중", "Away")
        case .absent: Localized("결석", "Absent")
        }
    }

    static func live(_ scans: [LedgerScan], schedule: DaySchedule, minuteNow: Int, lang: Lang) -> (text: String, cls: String, title: String) {
        let state = liveState(scans, schedule: schedule, minuteNow: minuteNow)
        let name = liveName(state).in(lang)
        return (String(name.prefix(1)), "today", lang.pick("오늘", "Today") + " · " + name)
    }

    static func percent(_ rate: Double) -> String { String(format: "%.1f%%", rate * 100) }

    /// The unit periods as a table: days, absences (with those made of lates/early leaves/outings), rate, allowance.
    static func periodTable(_ summary: CourseSummary, lang: Lang) -> HTML {
        let rows = summary.periods.map { p -> [HTML] in
            let upcoming = p.elapsedDays == 0 && !p.isFinal
            let allowance: HTML = upcoming ? Components.badge(lang.pick("예정", "To come"), "info") : p.isFinal
                ? (p.allowanceEligible ? Components.badge(lang.pick("지급 대상", "Eligible"), "ok") : Components.badge(lang.pick("미지급", "Not eligible"), "bad"))
                : (p.allowanceEligible ? Components.badge(lang.pick("진행 중", "Running"), "info") : Components.badge(lang.pick("미지급 확정", "Lost"), "bad"))
            let dates = String(p.period.start.description.dropFirst(5)) + "~" + String(p.period.end.description.dropFirst(5))
            return ["\(p.period.index + 1)", "\(dates)", "\(p.trainingDays)", "\(upcoming ? "—" : "\(p.absences)")", "\(upcoming ? "—" : percent(p.rate))", allowance]
        }
        return """
            \(Components.table(headers: ["#", lang.pick("단위기간", "Unit period"), lang.pick("훈련일", "Days"), lang.pick("결석", "Absences"),
                                lang.pick("출석률", "Rate"), lang.pick("장려금", "Allowance")], rows: rows, empty: "", compact: true))
            <p class="muted">\(lang.pick("결석에는 지각·조퇴·외출 3회를 결석 1일로 바꾼 것과 한도를 넘은 공가가 들어갑니다.", "Absences include one for every three late arrivals, early leaves or outings, and excused days beyond their cap."))</p>
            """
    }

    /// A month as a calendar, Monday first; training days carry their mark.
    static func calendar(month: (year: Int, month: Int), days: [LedgerDay], today: Day, minuteNow: Int, lang: Lang) -> HTML {
        guard let first = Day(year: month.year, month: month.month, day: 1) else { return .empty }
        let byDay = Dictionary(uniqueKeysWithValues: days.map { ($0.day, $0) })
        let heads = (lang == .ko ? ["월", "화", "수", "목", "금", "토", "일"] : ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
            .map { d -> HTML in "<th scope=\"col\">\(d)</th>" }
        var cells: [HTML] = Array(repeating: "<td class=\"blank\"></td>", count: first.weekday - 1)
        for n in 1...Day.daysIn(month: month.month, year: month.year) {
            let day = Day(year: month.year, month: month.month, day: n)!
            if let entry = byDay[day] {
                let m = mark(entry, today: today, minuteNow: minuteNow, lang: lang)
                cells.append("<td class=\"day \(m.cls)\" title=\"\(m.title)\"><span class=\"n\">\(n)</span><span class=\"m\">\(m.text)</span><span class=\"sr\">\(m.title)</span></td>")
            } else {
                cells.append("<td class=\"day off\"><span class=\"n\">\(n)</span></td>")
            }
        }
        while cells.count % 7 != 0 { cells.append("<td class=\"blank\"></td>") }
        let rows = stride(from: 0, to: cells.count, by: 7).map { i -> HTML in "<tr>\(Array(cells[i..<i + 7]))</tr>" }
        return """
            <table class="calendar"><caption>\(String(format: "%04d-%02d", month.year, month.month))</caption>
            <thead><tr>\(heads)</tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    static func legend(lang: Lang) -> HTML {
        """
        <p class="legend"><span class="day present">\(lang.pick("출", "P"))</span> \(lang.pick("출석", "present"))
        <span class="day marked">\(lang.pick("지", "L"))</span> \(lang.pick("지각·조퇴·외출 (3회 = 결석 1일)", "late, early leave or outing (3 = one absence)"))
        <span class="day absent">\(lang.pick("결", "A"))</span> \(lang.pick("결석", "absent"))
        <span class="day excused">\(lang.pick("공", "E"))</span> \(lang.pick("공가", "excused"))</p>
        """
    }

    static func month(from req: Request, default today: Day) -> (year: Int, month: Int) {
        if let text = try? req.query.get(String.self, at: "month"), let d = Day(text + "-01") { return (d.year, d.month) }
        return (today.year, today.month)
    }

    static func monthLinks(_ path: String, month: (year: Int, month: Int), lang: Lang) -> HTML {
        let first = Day(year: month.year, month: month.month, day: 1)!
        let prev = first.adding(months: -1), next = first.adding(months: 1)
        return """
            <nav class="month-nav"><a href="\(path)?month=\(String(format: "%04d-%02d", prev.year, prev.month))">← \(lang.pick("이전 달", "Previous"))</a>
            <a href="\(path)?month=\(String(format: "%04d-%02d", next.year, next.month))">\(lang.pick("다음 달", "Next")) →</a></nav>
            """
    }
}
