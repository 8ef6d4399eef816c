import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

struct AttendanceOverviewOutput: Content {
    struct Row: Content {
        let id: Int
        let name: String
        let operatorID: Int
        /// Program managers: a figure left out is listed in `suppressed` (fewer than 5, or would reveal one).
        var trainees: Int?
        var averageRate: Double?
        var atRisk: Int?
        var belowCompletion: Int?
        var suppressed: [String] = []
        /// How each suppressed figure is printed ("<5" or "×"), for the page.
        var marks: [String: String] = [:]
        enum CodingKeys: String, CodingKey {
            case id, name, trainees, suppressed
            case operatorID = "operator_id"
            case averageRate = "average_rate"
            case atRisk = "at_risk"
            case belowCompletion = "below_completion"
        }
    }

    let asOf: String?
    let operators: [Row]
    let campuses: [Row]

    enum CodingKeys: String, CodingKey { case operators, campuses; case asOf = "as_of" }
}

/// Attendance rates by operator and campus, from the roll-up (aggregates only: no person is named). Program managers
/// see every academy under the program's small-cell suppression (`AttendanceOverviewSuppression`).
enum AttendanceOverview {
    static let roles: [Role] = [.programManager, .operatorAdmin]

    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        pages.register(.GET, AttendanceRoutes.overview.template, roles: roles, use: page)
        api.register(AttendanceRoutes.overviewJSON, use: json)
    }

    static func rows(_ req: Request, groupBy column: String, nameTable: String) async throws -> [AttendanceOverviewOutput.Row] {
        let sql = req.db as! any SQLDatabase
        let scope = try req.principal.readScope
        var q = sql.select()
            .column(SQLColumn(column, table: "s"), as: "id")
            .column(SQLColumn("name", table: "n"), as: "name")
            .column(SQLColumn("operator_id", table: "s"), as: "operator_id")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "trainees")
            .column(SQLFunction("AVG", args: SQLColumn("rate", table: "s")), as: "average_rate")
            .column(SQLFunction("SUM", args: SQLRaw("CASE WHEN s.at_risk THEN 1 ELSE 0 END")), as: "at_risk")
            .column(SQLFunction("SUM", args: SQLRaw("CASE WHEN s.rate < 0.8 THEN 1 ELSE 0 END")), as: "below")
            .from(SQLAlias(SQLIdentifier(AttendanceSummaryRecord.schema), as: SQLIdentifier("s")))
            .join(SQLAlias(SQLIdentifier(nameTable), as: SQLIdentifier("n")), method: SQLJoinMethod.inner,
                  on: SQLBinaryExpression(SQLColumn("id", table: "n"), .equal, SQLColumn(column, table: "s")))
        if !scope.everything {
            q = q.where(SQLColumn("operator_id", table: "s"), .in, SQLBind.group(Array(scope.operators)))
        }
        let result = try await q.groupBy(SQLColumn(column, table: "s")).groupBy(SQLColumn("name", table: "n")).groupBy(SQLColumn("operator_id", table: "s"))
            .orderBy(SQLColumn("name", table: "n")).all()
        return try result.map { row in
            AttendanceOverviewOutput.Row(
                id: try row.decode(column: "id", as: Int.self), name: try row.decode(column: "name", as: String.self),
                operatorID: try row.decode(column: "operator_id", as: Int.self), trainees: try row.decode(column: "trainees", as: Int.self),
                averageRate: try row.decode(column: "average_rate", as: Double.self), atRisk: try row.decode(column: "at_risk", as: Int.self),
                belowCompletion: try row.decode(column: "below", as: Int.self))
        }
    }

    static func output(_ req: Request) async throws -> AttendanceOverviewOutput {
        let asOf = try await AttendanceSummaryRecord.query(on: req.db).sort(\.$asOf, .descending).first()?.asOf
        var operators = try await rows(req, groupBy: "operator_id", nameTable: Operator.schema)
        var campuses = try await rows(req, groupBy: "campus_id", nameTable: Campus.schema)
        if try req.principal.readScope.everything {
            try await AttendanceOverviewSuppression.apply(operators: &operators, campuses: &campuses, req: req)
        }
        return AttendanceOverviewOutput(asOf: asOf, operators: operators, campuses: campuses)
    }

    @Sendable static func json(_ req: Request) async throws -> AttendanceOverviewOutput { try await output(req) }

    @Sendable static func page(_ req: Request) async throws -> Response {
        let lang = req.lang
        let out = try await output(req)
        let operatorNames = Dictionary(out.operators.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        func table(_ rows: [AttendanceOverviewOutput.Row], first: String, showOperator: Bool) -> HTML {
            let body = rows.map { r -> [HTML] in
                var cells: [HTML] = ["\(r.name)"]
                if showOperator { cells.append("\(operatorNames[r.operatorID] ?? "")") }
                func count(_ value: Int?, _ key: String) -> String {
                    value.map(Components.number) ?? (r.suppressed.contains(key) ? (r.marks[key] ?? SuppressedSums.protectedMark) : "–")
                }
                cells += ["\(count(r.trainees, "trainees"))", "\(r.averageRate.map(AttendanceViews.percent) ?? SuppressedSums.protectedMark)",
                          "\(count(r.atRisk, "at_risk"))", "\(count(r.belowCompletion, "below_completion"))"]
                return cells
            }
            var headers = [first]
            if showOperator { headers.append(lang.pick("운영기관", "Operator")) }
            headers += [lang.pick("훈련생", "Trainees"), lang.pick("평균 출석률", "Average rate"), lang.pick("수료 위험", "At risk"), lang.pick("80% 미만", "Below 80%")]
            return Components.table(headers: headers, rows: body, empty: lang.pick("아직 집계된 출결이 없습니다.", "No attendance summarised yet."), compact: true)
        }
        let body: HTML = """
            <p class="muted">\(lang.pick("전날까지 확정된 훈련일 기준입니다 (하루는 자정에 확정됩니다). 기준일", "Counting days decided up to yesterday (a day is decided at midnight). As of")): \(out.asOf ?? "—")</p>
            <h2>\(lang.pick("운영기관별", "By operator"))</h2>
            \(table(out.operators, first: lang.pick("운영기관", "Operator"), showOperator: false))
            <h2>\(lang.pick("캠퍼스별", "By campus"))</h2>
            \(table(out.campuses, first: lang.pick("캠퍼스", "Campus"), showOperator: true))
            """
        return Layout.page(req, title: lang.pick("출결 현황", "Attendance overview"), body: body)
    }
}
