import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

struct FunnelRowOutput: Content {
    let key: String
    let label: String
    /// applied, eligible, tested, reviewed, selected, enrolled; "<5" or "×" where a program manager's view hides it.
    let counts: [String]
}

struct RecruitmentFunnelOutput: Content {
    let stages: [String]
    let byOperator: [FunnelRowOutput]
    let byCohort: [FunnelRowOutput]
    let byApplicantRegion: [FunnelRowOutput]
    enum CodingKeys: String, CodingKey {
        case stages
        case byOperator = "by_operator"
        case byCohort = "by_cohort"
        case byApplicantRegion = "by_applicant_region"
    }
}

/// The recruitment funnel across the program (`/kpis/recruitment`): applied → eligible → tested → reviewed →
/// selected → enrolled, per operator, per cohort (an operator's own) and by where applicants live. Counted in the
/// database, so it stays fast with every applicant of the program.
enum RecruitmentFunnel {
    static let stages = ["applied", "eligible", "tested", "reviewed", "selected", "enrolled"]
    static let stageNames: [String: Localized] = [
        "applied": Localized("지원", "Applied"), "eligible": Localized("자격 충족", "Eligible"), "tested": Localized("테스트 응시", "Tested"),
        "reviewed": Localized("심사 완료", "Reviewed"), "selected": Localized("선발", "Selected"), "enrolled": Localized("입과", "Enrolled"),
    ]

    struct Row: Decodable {
        let operatorID: Int
        let cohortID: Int
        let residence: String?
        let state: String
        let eligible: Int
        let tested: Int
        let reviewed: Int
        let n: Int
        enum CodingKeys: String, CodingKey {
            case residence, state, eligible, tested, reviewed, n
            case operatorID = "operator_id"
            case cohortID = "cohort_id"
        }

        /// How many of the row's applications reached each stage.
        var reached: [Int] {
            let s = AdmissionState(rawValue: state) ?? .draft
            return [n, eligible, tested, s.isPastSelection ? n : reviewed, s.wasSelected ? n : 0, s == .enrolled ? n : 0]
        }
    }

    static func rows(operators: Set<Int>?, on db: any Database) async throws -> [Row] {
        if operators?.isEmpty == true { return [] }
        let sql = db as! any SQLDatabase
        var filter: SQLQueryString = ""
        if let operators { filter = " AND a.operator_id IN (\(binds: Array(operators).sorted()))" }
        return try await sql.raw("""
            SELECT a.operator_id, a.cohort_id, a.residence, a.state,
              SUM(CASE WHEN a.eligibility_failures = '[]' THEN 1 ELSE 0 END) AS eligible,
              SUM(CASE WHEN a.test_started_at IS NOT NULL THEN 1 ELSE 0 END) AS tested,
              SUM(CASE WHEN (SELECT COUNT(*) FROM admission_reviews v WHERE v.admission_id = a.id AND v.total IS NOT NULL)
                         >= r.reviews_per_application THEN 1 ELSE 0 END) AS reviewed,
              COUNT(*) AS n
            FROM admissions a JOIN recruitments r ON r.id = a.recruitment_id
            WHERE a.submitted_at IS NOT NULL\(filter)
            GROUP BY a.operator_id, a.cohort_id, a.residence, a.state
            """).all(decoding: Row.self)
    }

    static func sum(_ rows: [Row]) -> [Int] {
        rows.reduce(into: Array(repeating: 0, count: stages.count)) { acc, row in
            for (i, v) in row.reached.enumerated() { acc[i] += v }
        }
    }

    static func output(_ req: Request) async throws -> RecruitmentFunnelOutput {
        let principal = try req.principal
        let lang = req.lang
        let own: Set<Int>? = principal.isProgramManager ? nil : principal.readScope.academyIDs
        let rows = try await rows(operators: own, on: req.db)
        let operators = try await Operator.query(on: req.db).sort(\.$id).all().filter { own?.contains($0.id!) ?? true }
        let opName = Dictionary(uniqueKeysWithValues: operators.map { ($0.id!, $0.name) })
        // Program managers see other operators' numbers: small counts are suppressed under the program's rule.
        let suppress = principal.isProgramManager

        func table(_ groups: [(key: String, label: String, rows: [Row])]) -> [FunnelRowOutput] {
            var values = groups.map { sum($0.rows) }
            values.append(sum(groups.flatMap(\.rows)))
            let labels = groups.map { ($0.key, $0.label) } + [("total", lang.pick("합계", "Total"))]
            return labels.enumerated().map { i, l in
                FunnelRowOutput(key: l.0, label: l.1, counts: (0..<stages.count).map { c in String(values[i][c]) })
            }
        }
        let byOperator = operators.map { op in (key: String(op.id!), label: opName[op.id!] ?? "", rows: rows.filter { $0.operatorID == op.id }) }
        let capital = Set(Region.allCases.filter(\.isCapitalRegion).map(\.rawValue))
        let byRegion = [
            (key: "capital", label: lang.pick("수도권 거주", "Living in the capital region"), rows: rows.filter { capital.contains($0.residence ?? "") }),
            (key: "non_capital", label: lang.pick("비수도권 거주", "Living outside it"), rows: rows.filter { !capital.contains($0.residence ?? "") }),
        ]
        var byCohort: [FunnelRowOutput] = []
        if !suppress {
            let cohorts = try await Cohort.query(on: req.db).filter(\.$id ~~ Set(rows.map(\.cohortID))).with(\.$course).all()
            byCohort = table(cohorts.sorted { $0.id! < $1.id! }.map { c in
                (key: String(c.id!), label: "\(c.course.title) · \(c.name)", rows: rows.filter { $0.cohortID == c.id })
            })
        }
        var output = RecruitmentFunnelOutput(stages: stages, byOperator: table(byOperator), byCohort: byCohort, byApplicantRegion: table(byRegion))
        if suppress { try await FunnelSuppression.apply(&output, rows: rows, capital: capital, req: req) }
        return output
    }

    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        pages.register(.GET, RecruitmentRoutes.funnel.template, roles: KPIController.roles, use: page)
        api.register(RecruitmentRoutes.funnelJSON, guards: [RequireRole(KPIController.roles)], use: json)
    }

    @Sendable static func json(_ req: Request) async throws -> RecruitmentFunnelOutput { try await output(req) }

    @Sendable static func page(_ req: Request) async throws -> Response {
        let out = try await output(req)
        let lang = req.lang
        let headers = [""] + stages.map { stageNames[$0]!.in(lang) }
        func section(_ title: String, _ rows: [FunnelRowOutput], link: ((FunnelRowOutput) -> String?)? = nil) -> HTML {
            let body = rows.map { r -> [HTML] in
                let label: HTML = link?(r).map { Components.link($0, r.label) } ?? "\(r.label)"
                return [label] + r.counts.map { "\($0)" as HTML }
            }
            return "<section class=\"panel\"><h2>\(title)</h2>\(Components.table(headers: headers, rows: body, empty: lang.pick("지원서가 없습니다.", "No applications yet."), compact: true))</section>"
        }
        let body: HTML = """
            <p class="lead">\(lang.pick("과정 모집의 지원부터 입과까지. 각 단계는 그 단계에 이른 지원서 수입니다.", "From application to enrolment: each stage counts the applications that reached it."))</p>
            \(section(lang.pick("운영기관별", "By operator"), out.byOperator))
            \(out.byCohort.isEmpty ? .empty : section(lang.pick("기수별", "By cohort"), out.byCohort, link: { entry in Int(entry.key).map { RecruitmentRoutes.cohortAdmissions($0) } }))
            \(section(lang.pick("지원자 거주지별", "By where applicants live"), out.byApplicantRegion))
            \(req.principalIfAny?.isProgramManager == true ? "<p class=\"muted\">\(lang.pick("5명 미만은 <5로, 그것을 계산해 낼 수 있는 칸은 ×로 가립니다.", "Counts under 5 show as <5, and cells that would reveal them as ×."))</p>" as HTML : .empty)
            """
        return Layout.page(req, title: lang.pick("모집 현황", "Recruitment funnel"), body: body)
    }
}
