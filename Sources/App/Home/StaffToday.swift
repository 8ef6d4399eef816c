import Fluent
import Foundation
import IeumCore
import Vapor

/// What needs campus staff today (issue 24): corrections waiting, cohorts ended and not yet closed, trainees at risk,
/// and each running cohort's check-ins so far — figures of their own academy, each a link to where it is handled.
struct StaffToday {
    var checkedIn: [Int: Int] = [:]
    var enrolled: [Int: Int] = [:]
    var atRisk: [Int: Int] = [:]
    var correctionsWaiting = 0
    var toClose: [Cohort] = []

    static func load(_ req: Request, scope: DataScope, running: [Cohort], decides: Bool) async throws -> StaffToday {
        var today = StaffToday()
        let ids = running.compactMap(\.id)
        let day = Day(req.now)
        // Check-ins and trainees in training come from what the dashboard keeps: the program's roll-up and today's
        // count, recounted at most once a second for everyone who looks.
        if !ids.isEmpty, let snapshot = try await KPISnapshot.current(req: req) {
            let wanted = Set(ids)
            let counts = try await TodayCheckInCounts.current(today: day, snapshot: snapshot, req: req)
            today.checkedIn = counts.checkedIn.filter { wanted.contains($0.key) }
            for c in snapshot.cohorts where wanted.contains(c.facts.cohortID) { today.enrolled[c.facts.cohortID] = c.facts.active }
        }
        if !ids.isEmpty {
            for s in try await AttendanceSummaryRecord.query(on: req.db).filter(\.$cohortID ~~ ids).filter(\.$atRisk == true).all() {
                today.atRisk[s.cohortID, default: 0] += 1
            }
        }
        guard decides else { return today }
        today.correctionsWaiting = try await CorrectionRecord.query(on: req.db).filter(\.$state == CorrectionState.pending)
            .group(.or) { $0.filter(\.$operatorID ~~ scope.operators).filter(\.$campusID ~~ scope.campuses) }.count()
        today.toClose = try await Cohort.query(on: req.db)
            .group(.or) { $0.filter(\.$operatorID ~~ scope.operators).filter(\.$campus.$id ~~ scope.campuses) }
            .filter(\.$endsOn < day.description).filter(\.$closedAt == nil).sort(\.$endsOn).all()
        return today
    }

    /// The list at the top of the home page; nothing when nothing waits.
    func todo(_ lang: Lang, running: [Cohort]) -> HTML {
        var items: [HTML] = []
        if correctionsWaiting > 0 {
            items.append("<li><a href=\"\(AttendanceRoutes.corrections.url(["state": CorrectionState.pending.rawValue]))\">\(lang.pick("출결 정정 요청 \(correctionsWaiting)건이 결정을 기다립니다", "\(correctionsWaiting) attendance corrections wait for a decision"))</a></li>")
        }
        for c in toClose {
            items.append("<li><a href=\"\(CompletionRoutes.completion(c.id ?? 0))\">\(lang.pick("\(c.name): \(c.endsOn)에 끝났고 수료 처리를 기다립니다", "\(c.name) ended on \(c.endsOn) and awaits completion"))</a></li>")
        }
        for c in running where (atRisk[c.id ?? 0] ?? 0) > 0 {
            let n = atRisk[c.id ?? 0] ?? 0
            items.append("<li><a href=\"\(AttendanceRoutes.matrix(c.id ?? 0))\">\(lang.pick("\(c.name): 출결 위험 훈련생 \(n)명", "\(c.name): \(n) trainees at risk on attendance"))</a></li>")
        }
        let heading: HTML = "<h2>\(lang.pick("오늘 할 일", "Needs you today"))</h2>"
        return items.isEmpty ? "\(heading)<p class=\"muted\">\(lang.pick("기다리는 일이 없습니다.", "Nothing is waiting for you."))</p>"
            : "\(heading)<ul class=\"todo\">\(items)</ul>"
    }

    func checkIns(_ c: Cohort, lang: Lang) -> String {
        "\(checkedIn[c.id ?? 0] ?? 0) / \(enrolled[c.id ?? 0] ?? 0)"
    }
}
