import Fluent
import Foundation
import IeumCore
import Vapor

/// Program oversight: targets, live KPIs, drill-down operator → campus → cohort, exports, the annual report
/// and the same numbers under `/api/v1/kpis`. Program managers see every academy (counts under 5 suppressed);
/// an operator's staff see their own academy only, in full.
enum KPIController {
    static let roles: [Role] = [.programManager, .operatorAdmin]

    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        let routes = KPIRoutes.self, viewer: [any Middleware] = [RequireRole(roles)]
        pages.register(.GET, routes.dashboard.template, guards: viewer, use: dashboard)
        pages.register(.GET, routes.report.template, guards: viewer, use: report)
        pages.register(.GET, routes.export.template, guards: viewer, use: export)
        pages.register(.GET, routes.operatorKPIs.template, guards: viewer + [RecordGuard<OperatorResource>(mode: .read)], use: operatorPage)
        pages.register(.GET, routes.campusKPIs.template, guards: viewer + [RecordGuard<CampusResource>(mode: .read)], use: campusPage)
        api.register(routes.summaryJSON, guards: viewer, use: summary)
        api.register(routes.tableJSON, guards: viewer, use: tableJSON)
    }

    static func grouping(_ req: Request) throws -> KPIGrouping {
        let raw = req.parameters.get("table") ?? ""
        guard let grouping = KPIGrouping(rawValue: raw) else {
            throw AppError(status: .notFound, code: "not_found", message: Localized("그런 표가 없습니다: \(raw)", "There is no table called \(raw)."))
        }
        return grouping
    }

    // MARK: API

    @Sendable static func summary(_ req: Request) async throws -> KPISummaryOutput {
        KPISummaryOutput(try await KPIData.load(req, filter: try KPIFilter(req)), now: req.now)
    }

    @Sendable static func tableJSON(_ req: Request) async throws -> KPITableOutput {
        let grouping = try grouping(req)
        return grouping.table(try await KPIData.load(req, filter: try KPIFilter(req)), lang: req.lang).json
    }

    // MARK: Exports

    @Sendable static func export(_ req: Request) async throws -> Response {
        let grouping = try grouping(req)
        let format = Spreadsheet.Format(rawValue: req.query[String.self, at: "format"] ?? "csv") ?? .csv
        let data = try await KPIData.load(req, filter: try KPIFilter(req))
        return try grouping.table(data, lang: req.lang).spreadsheet(req.lang)
            .response(format: format, fileName: "ieum-kpi-\(grouping.rawValue)-\(data.today)")
    }

    // MARK: Pages

    @Sendable static func dashboard(_ req: Request) async throws -> Response {
        let filter = try KPIFilter(req)
        let data = try await KPIData.load(req, filter: filter)
        let lang = req.lang
        let title = lang.pick("사업 성과", "Program KPIs")
        let body: HTML = """
            \(filterForm(req, data, filter))
            \(KPIViews.headline(data, lang: lang))
            \(KPIViews.targetsSection(data, lang: lang))
            \(KPIViews.section(.operators, data, filter: filter, lang: lang, chart: true))
            \(KPIViews.regionSection(data, filter: filter, lang: lang))
            \(KPIViews.section(.capital, data, filter: filter, lang: lang, chart: false))
            \(KPIViews.section(.tracks, data, filter: filter, lang: lang, chart: false))
            \(KPIViews.section(.years, data, filter: filter, lang: lang, chart: false))
            \(KPIViews.method(lang))
            """
        return Layout.page(req, title: title, body: body)
    }

    @Sendable static func operatorPage(_ req: Request) async throws -> Response {
        let op = try req.loaded(Operator.self)
        var filter = try KPIFilter(req)
        filter.operatorID = try op.requireID()
        let data = try await KPIData.load(req, filter: filter)
        let lang = req.lang
        let body: HTML = """
            \(CohortKPIs.trail(lang, [(lang.pick("사업 성과", "Program KPIs"), KPIRoutes.dashboard.url), (op.name, nil)]))
            \(KPIViews.headline(data, lang: lang))
            \(KPIViews.section(.campuses, data, filter: filter, lang: lang, chart: true))
            \(KPIViews.targetsSection(data, lang: lang))
            \(KPIViews.section(.years, data, filter: filter, lang: lang, chart: false))
            """
        return Layout.page(req, title: op.name, body: body)
    }

    @Sendable static func campusPage(_ req: Request) async throws -> Response {
        let campus = try req.loaded(Campus.self)
        var filter = try KPIFilter(req)
        filter.operatorID = campus.$operator.id
        filter.campusID = try campus.requireID()
        let data = try await KPIData.load(req, filter: filter)
        let lang = req.lang
        let operatorName = data.operators[campus.$operator.id] ?? ""
        let body: HTML = """
            \(CohortKPIs.trail(lang, [(lang.pick("사업 성과", "Program KPIs"), KPIRoutes.dashboard.url),
                                   (operatorName, KPIRoutes.operatorKPIs(campus.$operator.id)), (campus.name, nil)]))
            \(KPIViews.headline(data, lang: lang))
            \(KPIViews.section(.cohorts, data, filter: filter, lang: lang, chart: true))
            """
        return Layout.page(req, title: campus.name, body: body)
    }

    /// A printable report of one program year (print CSS: no navigation, tables kept whole).
    @Sendable static func report(_ req: Request) async throws -> Response {
        var filter = try KPIFilter(req)
        let all = try await KPIData.load(req, filter: KPIFilter(year: nil, operatorID: filter.operatorID, campusID: filter.campusID, track: filter.track))
        let year = filter.year ?? all.defaultYear
        filter.year = year
        let data = all.year(year)
        let lang = req.lang
        let title = lang.pick("\(year)년 사업 성과 보고서", "Program report \(year)")
        let body: HTML = """
            <div class="report">
            <p class="muted">\(data.programName) · \(lang.pick("작성", "Prepared")) \(KST.dateTime(req.now)) · \(data.insideOperator ? lang.pick("운영기관 내부용", "For the operator's own use") : lang.pick("5명 미만 셀은 가림", "Cells under 5 suppressed"))</p>
            <p class="no-print">\(lang.pick("브라우저의 인쇄(Ctrl+P)로 종이에 인쇄하거나 PDF로 저장하세요.", "Print it, or save it as PDF, with your browser's print command (Ctrl+P)."))</p>
            \(KPIViews.headline(data, lang: lang))
            \(KPIViews.targetsSection(data, lang: lang))
            \(KPIViews.section(.operators, data, filter: filter, lang: lang, chart: true, exports: false))
            \(KPIViews.regionSection(data, filter: filter, lang: lang, exports: false))
            \(KPIViews.section(.capital, data, filter: filter, lang: lang, chart: false, exports: false))
            \(KPIViews.section(.tracks, data, filter: filter, lang: lang, chart: false, exports: false))
            \(KPIViews.method(lang))
            </div>
            """
        return Layout.page(req, title: title, body: body)
    }

    static func filterForm(_ req: Request, _ data: KPIData, _ filter: KPIFilter) -> HTML {
        let lang = req.lang
        func option(_ value: String, _ label: String, selected: Bool) -> HTML { Components.option(value, label, selected: selected) }
        let years = [option("", lang.pick("전체 연도", "All years"), selected: filter.year == nil)]
            + (data.firstYear...data.lastYear).map { option("\($0)", "\($0)", selected: filter.year == $0) }
        let operators = [option("", lang.pick("전체 운영기관", "All operators"), selected: filter.operatorID == nil)]
            + data.operators.sorted { $0.value < $1.value }.map { option("\($0.key)", $0.value, selected: filter.operatorID == $0.key) }
        let tracks = [option("", lang.pick("전체 분야", "All tracks"), selected: filter.track == nil)]
            + data.tracks.map { option($0, $0, selected: filter.track == $0) }
        let reportYear = filter.year ?? data.defaultYear
        return """
            <form method="get" action="\(KPIRoutes.dashboard.url)" class="filters">
            <label>\(lang.pick("연도", "Year")) <select name="year">\(years)</select></label>
            <label>\(lang.pick("운영기관", "Operator")) <select name="operator_id">\(operators)</select></label>
            <label>\(lang.pick("분야", "Track")) <select name="track">\(tracks)</select></label>
            <button type="submit">\(lang.pick("보기", "Show"))</button>
            <a href="\(KPIRoutes.report.url)?year=\(reportYear)">\(lang.pick("\(reportYear)년 보고서", "Report \(reportYear)"))</a>
            </form>
            """
    }
}
