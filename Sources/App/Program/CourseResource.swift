import Fluent
import IeumCore
import Vapor

struct CourseOutput: Content {
    let id: Int
    let operatorID: Int
    let title: String
    let track: String
    let totalHours: Int
    let theoryHours: Int
    let projectHours: Int
    /// `none`, `each:<percent>` or `average:<percent>`: what graded work must reach for completion.
    let completionAssessment: String

    enum CodingKeys: String, CodingKey {
        case id, title, track
        case operatorID = "operator_id"
        case totalHours = "total_hours"
        case theoryHours = "theory_hours"
        case projectHours = "project_hours"
        case completionAssessment = "completion_assessment"
    }
}

enum CourseResource: Resource {
    typealias Record = Course
    static let slug = "courses"
    static let title = Localized("과정", "Courses")
    static let singular = Localized("과정", "Course")
    static let readRoles = Roles.staff
    static let writeRoles = Roles.managers

    static func scope(of r: Course) -> RecordScope { .academy(r.$operator.id) }

    static func query(_ req: Request, _ principal: Principal) async throws -> QueryBuilder<Course> {
        var q = Course.query(on: req.db).with(\.$operator).sort(\.$title)
        let scope = principal.readScope
        if !scope.everything { q = q.filter(\.$operator.$id ~~ scope.academyIDs) }
        if let text = req.searchText {
            q = q.group(.or) { $0.filter(\.$title, .custom("LIKE"), likePattern(text)).filter(\.$track, .custom("LIKE"), likePattern(text)) }
        }
        if let op = req.filterID("operator_id") { q = q.filter(\.$operator.$id == op) }
        return q
    }

    static func filters(_ req: Request, _ principal: Principal) async throws -> [FieldSpec] {
        [FieldSpec(name: "operator_id", label: Localized("운영기관", "Operator"), kind: .select(try await Options.operators(req, principal.readScope)))]
    }

    static func columns(_ lang: Lang) -> [String] {
        [lang.pick("과정명", "Course"), lang.pick("트랙", "Track"), lang.pick("운영기관", "Operator"), lang.pick("총 시간", "Hours")]
    }

    static func row(_ r: Course, _ req: Request) -> [HTML] {
        [Components.link(path(r), r.title), "\(r.track)", "\(r.operator.name)", "\(Components.number(r.totalHours))"]
    }

    static func fields(_ req: Request, _ principal: Principal, creating: Bool) async throws -> [FieldSpec] {
        var fields = [
            FieldSpec(name: "title", label: Localized("과정명", "Title")),
            FieldSpec(name: "track", label: Localized("트랙", "Track"), hint: Localized("예: 백엔드, 클라우드, AI", "e.g. Backend, Cloud, AI")),
            FieldSpec(name: "total_hours", label: Localized("총 교육시간", "Total hours"), kind: .number),
            FieldSpec(name: "theory_hours", label: Localized("이론 시간", "Theory hours"), kind: .number),
            FieldSpec(name: "project_hours", label: Localized("프로젝트 시간", "Project hours"), kind: .number),
            FieldSpec(name: "completion_rule", label: Localized("수료 기준: 과제", "Completion: graded work"),
                      kind: .select([
                          .init(value: "none", label: req.lang.pick("과제 점수 반영 안 함", "Graded work does not count")),
                          .init(value: "each", label: req.lang.pick("모든 과제가 기준 점수 이상", "Every assignment at least the pass mark")),
                          .init(value: "average", label: req.lang.pick("과제 평균이 기준 점수 이상", "Average at least the pass mark")),
                      ]), hint: Localized("출석률 80% 이상은 규정상 항상 필요합니다.", "80% attendance is always required by the regulation.")),
            FieldSpec(name: "completion_percent", label: Localized("기준 점수 (%)", "Pass mark (%)"), kind: .number, required: false),
        ]
        if creating {
            fields.insert(FieldSpec(name: "operator_id", label: Localized("운영기관", "Operator"),
                                    kind: .select(try await Options.operators(req, principal.writeScope))), at: 0)
        }
        return fields
    }

    static func values(of r: Course, on db: any Database) async throws -> [String: String] {
        ["operator_id": String(r.$operator.id), "title": r.title, "track": r.track, "total_hours": String(r.totalHours),
         "theory_hours": String(r.theoryHours), "project_hours": String(r.projectHours)]
            .merging(completionValues(r.assessmentRequirement)) { $1 }
    }

    static func completionValues(_ requirement: AssessmentRequirement) -> [String: String] {
        switch requirement {
        case .none: ["completion_rule": "none", "completion_percent": ""]
        case let .eachAtLeast(p): ["completion_rule": "each", "completion_percent": String(p)]
        case let .averageAtLeast(p): ["completion_rule": "average", "completion_percent": String(p)]
        }
    }

    static func body(creating: Bool) -> Body {
        Body((creating ? [.id("operator_id")] : []) + [
            .filled("title", max: 200, required: creating), .filled("track", max: 100, required: creating),
            .integer("total_hours", 1...5000, required: creating), .integer("theory_hours", 0...5000, required: creating),
            .integer("project_hours", 0...5000, required: creating),
            .field("completion_assessment", .text(maxLength: 20, pattern: "^$|^(none|(each|average):([1-9][0-9]?|100))$"), required: false,
                   "none, each:<1–100> or average:<1–100>"),
            .choice("completion_rule", ["", "none", "each", "average"], required: false), .integer("completion_percent", 1...100, required: false),
        ])
    }

    static func apply(_ reader: inout FieldReader, to r: Course, creating: Bool, req: Request, principal: Principal) async throws {
        let operatorID = creating ? reader.id("operator_id") : r.$operator.id
        let title = reader.text("title", max: 200)
        let track = reader.text("track", max: 100)
        let total = reader.int("total_hours", range: 1...5000)
        let theory = reader.int("theory_hours", range: 0...5000)
        let project = reader.int("project_hours", range: 0...5000)
        if let total, let theory, let project, theory + project != total {
            reader.fail("project_hours", "이론 \(theory)시간과 프로젝트 \(project)시간의 합이 총 \(total)시간과 달라요.",
                        "Theory (\(theory)) and project (\(project)) hours must add up to the total (\(total)).")
        }
        // The form sends a rule and a pass mark; the API may send the stored code (`each:60`) as it reads it back.
        var requirement: AssessmentRequirement?
        if !reader.raw("completion_assessment").isEmpty {
            requirement = AssessmentRequirement(code: reader.raw("completion_assessment"))
            if requirement == nil {
                reader.fail("completion_assessment", "none, each:<1–100> 또는 average:<1–100> 형식이어야 합니다.", "Use none, each:<1–100> or average:<1–100>.")
            }
        } else if ["", "none"].contains(reader.raw("completion_rule")) {
            requirement = AssessmentRequirement.none
        } else if ["each", "average"].contains(reader.raw("completion_rule")) {
            requirement = reader.int("completion_percent", range: 1...100).flatMap { AssessmentRequirement(code: "\(reader.raw("completion_rule")):\($0)") }
        } else {
            reader.fail("completion_rule", "목록에서 선택하세요.", "Choose one of the listed options.")
        }
        if creating, let operatorID, try await !Options.isWritableOperator(operatorID, principal, on: req.db) {
            reader.fail("operator_id", "목록에서 선택하세요.", "Choose one of the listed options.")
        }
        guard reader.errors.isEmpty, let operatorID, let title, let track, let total, let theory, let project, let requirement else { return }
        r.completionAssessment = requirement.code
        r.$operator.id = operatorID
        r.title = title
        r.track = track
        r.totalHours = total
        r.theoryHours = theory
        r.projectHours = project
    }

    /// A new track or region regroups the program's KPIs.
    static func afterSave(_ r: Course, creating: Bool, on db: any Database, req: Request, principal: Principal) async throws {
        try await KPISnapshot.bump(on: db)
    }

    static func output(_ r: Course, _ req: Request) async throws -> CourseOutput {
        return CourseOutput(id: try r.requireID(), operatorID: r.$operator.id, title: r.title, track: r.track,
                     totalHours: r.totalHours, theoryHours: r.theoryHours, projectHours: r.projectHours,
                     completionAssessment: r.completionAssessment)
    }

    static func label(_ r: Course) -> String { r.title }

    static func details(_ r: Course, _ req: Request, _ principal: Principal) async throws -> HTML {
        let lang = req.lang
        let op = try await r.$operator.get(on: req.db)
        return Components.definitionList([
            (lang.pick("운영기관", "Operator"), Components.link(OperatorResource.path(op), op.name)),
            (lang.pick("트랙", "Track"), "\(r.track)"),
            (lang.pick("총 교육시간", "Total hours"), "\(Components.number(r.totalHours))"),
            (lang.pick("이론 / 프로젝트", "Theory / project"), "\(r.theoryHours) / \(r.projectHours)"),
            (lang.pick("수료 기준", "Completion"),
             "\(lang.pick("출석률 80% 이상", "Attendance at least 80%")) · \(r.assessmentRequirement.description.in(lang))"),
        ])
    }
}
