import IeumCore
import Vapor

/// The program's KPIs: the dashboard, drill-downs, the annual report and exports.
enum KPIRoutes {
    // MARK: Pages
    static let dashboard = Path0("/kpis")
    static let report = Path0("/kpis/report")
    static let export = Path1<String>("/kpis/export/{table}")
    static let operatorKPIs = Path1<Int>("/kpis/operators/{id}")
    static let campusKPIs = Path1<Int>("/kpis/campuses/{id}")

    // MARK: API
    static let summaryJSON = APIEndpoint(.GET, "/api/v1/kpis/summary", access: .member,
        summary: "Targets, headline KPIs, today's check-ins and the forecast (program managers: counts under 5 suppressed; operators: their academy)", tag: "kpis", query: OpenAPIDocument.kpiFilters)
    static let tableJSON = APIEndpoint(.GET, "/api/v1/kpis/tables/{table}", access: .member,
        summary: "A KPI table: operators, campuses, regions, capital, years, tracks or cohorts, with a total row", tag: "kpis", query: OpenAPIDocument.kpiFilters)

    static let api: [APIEndpoint] = [
        summaryJSON, tableJSON,
    ]
}
