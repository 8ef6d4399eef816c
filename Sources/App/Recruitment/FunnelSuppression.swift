import Foundation
import IeumCore
import Vapor

/// The recruitment funnel as program managers see it, under the same rule as the KPIs (docs/KPIS.md, "Small-cell
/// suppression"): its finest counts are each operator's applications from inside and from outside the capital
/// region, and the table by operator, the table by where applicants live and their shared total are decided
/// together, stage by stage. Those selected and those enrolled are, besides, what the KPI tables count as recruited
/// and enrolled over every year: an operator's (or the program's) is hidden here when the KPI figures do not
/// already determine it there, so the two pages cannot be played against each other.
enum FunnelSuppression {
    static func apply(_ output: inout RecruitmentFunnelOutput, rows: [RecruitmentFunnel.Row], capital: Set<String>, req: Request) async throws {
        let operatorIDs = output.byOperator.dropLast().compactMap { Int($0.key) }
        let units = operatorIDs.flatMap { op in [true, false].map { (op: op, capital: $0) } }
        func unitRows(_ u: (op: Int, capital: Bool)) -> [RecruitmentFunnel.Row] {
            rows.filter { $0.operatorID == u.op && capital.contains($0.residence ?? "") == u.capital }
        }
        let values = units.map { RecruitmentFunnel.sum(unitRows($0)) }
        let sums = operatorIDs.map { op in units.indices.filter { units[$0].op == op } }
            + [true, false].map { c in units.indices.filter { units[$0].capital == c } }
            + [Array(units.indices)]
        let total = sums.count - 1

        let snapshot = try await KPISnapshot.current(req: req)
        let publication = snapshot.map { KPIPublications.current($0, today: Day(req.now), app: req.application) }
        let cohorts = snapshot?.rows ?? []
        func determinedByKPIs(_ measure: KPIMeasure, _ sum: Int) -> Bool {
            let members = sum == total ? cohorts : sum < operatorIDs.count ? cohorts.filter { $0.operatorID == operatorIDs[sum] } : nil
            guard let members else { return true }
            return publication?.isShown(KPIFigure(measure), of: members) ?? false
        }
        let counterparts: [String: KPIMeasure] = ["selected": .recruited, "enrolled": .enrolled]

        var statuses: [[LinkedSuppression.Status]] = []
        for (stage, name) in RecruitmentFunnel.stages.enumerated() {
            let alsoHidden = counterparts[name].map { m in Set(sums.indices.filter { !determinedByKPIs(m, $0) }) } ?? []
            statuses.append(SuppressedSums(units: values.map { $0[stage] }, sums: sums, alsoHidden: alsoHidden).status)
        }
        func rewrite(_ row: FunnelRowOutput, sum: Int) -> FunnelRowOutput {
            FunnelRowOutput(key: row.key, label: row.label, counts: row.counts.enumerated().map { stage, text in
                SuppressedSums.text(Int(text) ?? 0, statuses[stage][sum])
            })
        }
        output = RecruitmentFunnelOutput(
            stages: output.stages,
            byOperator: output.byOperator.enumerated().map { i, row in rewrite(row, sum: i < operatorIDs.count ? i : total) },
            byCohort: output.byCohort,
            byApplicantRegion: output.byApplicantRegion.enumerated().map { i, row in rewrite(row, sum: i < 2 ? operatorIDs.count + i : total) })
    }
}
