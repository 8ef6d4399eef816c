import Foundation
import IeumCore
import Vapor

/// The attendance overview as program managers see it, under the same rule as the KPIs (docs/KPIS.md, "Small-cell
/// suppression"). Trainees with an attendance rate are the KPI tables' own count (`attendanceRated`, over every
/// year): an operator's or campus's is shown only when the KPI figures already determine it, and its average rate
/// with it. Those at risk and those below 80% are counted only here: they are decided among themselves, the
/// operators' rows being sums of their campuses'.
enum AttendanceOverviewSuppression {
    typealias Row = AttendanceOverviewOutput.Row

    static func apply(operators: inout [Row], campuses: inout [Row], req: Request) async throws {
        let snapshot = try await KPISnapshot.current(req: req)
        let publication = snapshot.map { KPIPublications.current($0, today: Day(req.now), app: req.application) }
        let cohorts = snapshot?.rows ?? []
        func trainees(_ row: inout Row, _ members: [CohortRow]) {
            let status = publication?.status(KPIFigure(.attendanceRated), of: members) ?? .protected
            guard status != .shown else { return }
            hide(&row, "trainees", status)
            row.averageRate = nil
            row.suppressed.append("average_rate")
        }
        for i in operators.indices { trainees(&operators[i], cohorts.filter { $0.operatorID == operators[i].id }) }
        for i in campuses.indices { trainees(&campuses[i], cohorts.filter { $0.campusID == campuses[i].id }) }

        let sums = campuses.indices.map { [$0] } + operators.map { op in campuses.indices.filter { campuses[$0].operatorID == op.id } }
        for (key, value) in [("at_risk", \Row.atRisk), ("below_completion", \Row.belowCompletion)] {
            let status = SuppressedSums(units: campuses.map { $0[keyPath: value] ?? 0 }, sums: sums).status
            for i in campuses.indices where status[i] != .shown { hide(&campuses[i], key, status[i]) }
            for i in operators.indices where status[campuses.count + i] != .shown { hide(&operators[i], key, status[campuses.count + i]) }
        }
    }

    private static func hide(_ row: inout Row, _ key: String, _ status: LinkedSuppression.Status) {
        switch key {
        case "trainees": row.trainees = nil
        case "at_risk": row.atRisk = nil
        default: row.belowCompletion = nil
        }
        row.suppressed.append(key)
        row.marks[key] = SuppressedSums.text(0, status)
    }
}
