import Foundation
import IeumCore
import Vapor

/// A cohort's own figures on its page, for those who read KPIs, and the way back up the drill-down
/// (program → operator → campus → cohort). The figures are the row the campus's cohort table shows for it — the
/// same cells, hidden the same way for program managers — so the page tells nothing that table does not.
enum CohortKPIs {
    static func readsKPIs(_ req: Request) -> Bool { (try? req.principal.hasAny(KPIController.roles)) ?? false }

    static func breadcrumbs(_ req: Request, cohort: Cohort, campus: Campus) async throws -> HTML {
        guard readsKPIs(req) else { return .empty }
        let lang = req.lang
        let operatorName = try await Operator.find(cohort.operatorID, on: req.db)?.name ?? ""
        return trail(lang, [(lang.pick("사업 성과", "Program KPIs"), KPIRoutes.dashboard.url), (operatorName, KPIRoutes.operatorKPIs(cohort.operatorID)),
                            (campus.name, KPIRoutes.campusKPIs(try campus.requireID())), (cohort.name, nil)])
    }

    /// The drill-down's levels above a page, the last one the page itself.
    static func trail(_ lang: Lang, _ levels: [(String, String?)]) -> HTML {
        let items = levels.map { label, href -> HTML in
            href.map { "<a href=\"\($0)\">\(label)</a>" } ?? "<span aria-current=\"page\">\(label)</span>"
        }
        return "<nav class=\"breadcrumbs\" aria-label=\"\(lang.pick("성과 단계", "KPI levels"))\">\(HTML(raw: items.map(\.raw).joined(separator: " › ")))</nav>"
    }

    static func section(_ req: Request, cohort: Cohort, campus: Campus) async throws -> HTML {
        guard readsKPIs(req) else { return .empty }
        let lang = req.lang
        let data = try await KPIData.load(req, filter: KPIFilter(operatorID: cohort.operatorID, campusID: try campus.requireID()))
        let table = KPIGrouping.cohorts.table(data, lang: lang)
        let heading: HTML = "<h2>\(lang.pick("이 기수의 성과", "This cohort's KPIs"))</h2>"
        let key = "\(try cohort.requireID())"
        guard let r = table.rows.firstIndex(where: { $0.key == key }) else {
            return "\(heading)<p class=\"muted\">\(lang.pick("아직 집계되지 않았습니다. 기수의 변화는 1분 안에 반영됩니다.", "Not counted yet; a cohort's changes show within a minute."))</p>"
        }
        let figures = KPITable.counts.indices.map { c in (table.headers[1 + c].in(lang), table.countText(r, c)) }
            + KPITable.rates.indices.map { c in (table.headers[1 + KPITable.counts.count + c].in(lang), table.rateText(r, c)) }
        let cells = figures.map { name, value -> HTML in "<div class=\"stat\"><span class=\"num\">\(value)</span><span>\(name)</span></div>" }
        let note: HTML = table.suppressed
            ? "<p class=\"muted\">\(lang.pick("개인이 드러나지 않도록 캠퍼스 표와 같이 5명 미만은 '<5', 합계로 알 수 있는 칸은 '×'로 가렸습니다.", "As in the campus table, counts under 5 show as '<5' and cells the totals would reveal as '×'."))</p>"
            : .empty
        return """
            \(heading)
            <div class="stats">\(cells)</div>
            \(note)
            <p><a href="\(KPIRoutes.campusKPIs(try campus.requireID()))">\(lang.pick("캠퍼스의 다른 기수와 비교", "Compare with the campus's other cohorts"))</a></p>
            """
    }
}
