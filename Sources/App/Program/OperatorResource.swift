import Fluent
import IeumCore
import Vapor

struct OperatorOutput: Content {
    let id: Int
    let programID: Int
    let name: String
    let description: String
    let contactEmail: String
    let campusCount: Int

    enum CodingKeys: String, CodingKey {
        case id, name, description
        case programID = "program_id"
        case contactEmail = "contact_email"
        case campusCount = "campus_count"
    }
}

enum OperatorResource: Resource {
    typealias Record = Operator
    static let slug = "operators"
    static let title = Localized("운영기관", "Operators")
    static let singular = Localized("운영기관", "Operator")
    static let readRoles = Roles.staff
    static let writeRoles: [Role] = [.programManager, .operatorAdmin]

    static func scope(of record: Operator) -> RecordScope { .academy(record.id ?? 0) }

    static func query(_ req: Request, _ principal: Principal) async throws -> QueryBuilder<Operator> {
        var q = Operator.query(on: req.db).sort(\.$name)
        let scope = principal.readScope
        if !scope.everything { q = q.filter(\.$id ~~ scope.academyIDs) }
        if let text = req.searchText { q = q.filter(\.$name, .custom("LIKE"), likePattern(text)) }
        return q
    }

    static func columns(_ lang: Lang) -> [String] {
        [lang.pick("이름", "Name"), lang.pick("소개", "About"), lang.pick("연락처", "Contact")]
    }

    static func row(_ r: Operator, _ req: Request) -> [HTML] {
        [Components.link(path(r), r.name), "\(r.summary)", "\(r.contactEmail)"]
    }

    static func fields(_ req: Request, _ principal: Principal, creating: Bool) async throws -> [FieldSpec] {
        [
            FieldSpec(name: "name", label: Localized("기관명", "Name")),
            FieldSpec(name: "description", label: Localized("소개", "Description"), kind: .textarea, required: false),
            FieldSpec(name: "contact_email", label: Localized("담당 이메일", "Contact e-mail"), kind: .email),
        ]
    }

    static func values(of r: Operator, on db: any Database) async throws -> [String: String] {
        ["name": r.name, "description": r.summary, "contact_email": r.contactEmail]
    }

    static func body(creating: Bool) -> Body {
        Body([.filled("name", max: 100, required: creating), .text("description", max: 1000, required: false), .email("contact_email", required: creating)])
    }

    static func apply(_ reader: inout FieldReader, to r: Operator, creating: Bool, req: Request, principal: Principal) async throws {
        let name = reader.text("name", max: 100)
        let summary = reader.text("description", required: false, max: 1000) ?? ""
        let email = reader.email("contact_email")
        if let name, try await Operator.query(on: req.db).filter(\.$name == name).filter(\.$id != r.id ?? 0).first() != nil {
            reader.fail("name", "같은 이름의 운영기관이 있습니다.", "An operator with this name exists.")
        }
        guard let name, let email else { return }
        if creating {
            guard let program = try await Program.query(on: req.db).sort(\.$id).first() else {
                reader.fail("name", "먼저 사업을 등록하세요.", "Create the program first.")
                return
            }
            r.$program.id = try program.requireID()
        }
        r.name = name
        r.summary = summary
        r.contactEmail = email
    }

    /// A new or renamed operator appears in the KPIs at once.
    static func afterSave(_ r: Operator, creating: Bool, on db: any Database, req: Request, principal: Principal) async throws {
        try await KPISnapshot.bump(on: db)
    }

    static func output(_ r: Operator, _ req: Request) async throws -> OperatorOutput {
        let db = req.db
        let campuses = try await Campus.query(on: db).filter(\.$operator.$id == r.requireID()).count()
        return OperatorOutput(id: try r.requireID(), programID: r.$program.id, name: r.name, description: r.summary,
                              contactEmail: r.contactEmail, campusCount: campuses)
    }

    static func label(_ r: Operator) -> String { r.name }

    static func details(_ r: Operator, _ req: Request, _ principal: Principal) async throws -> HTML {
        let lang = req.lang
        let id = try r.requireID()
        let campuses = try await Campus.query(on: req.db).filter(\.$operator.$id == id).sort(\.$name).all()
            .filter { principal.canRead(CampusResource.scope(of: $0)) }
        let campusRows = campuses.map { c -> [HTML] in
            let region = Region(rawValue: c.region)
            return [Components.link(CampusResource.path(c), c.name), "\(region?.name.in(lang) ?? c.region) \(region?.badge ?? .empty)"]
        }
        let enrolled = try await Enrollment.query(on: req.db).filter(\.$operatorID == id).filter(\.$state == "enrolled").count()
        let completed = try await Enrollment.query(on: req.db).filter(\.$operatorID == id).filter(\.$state == "completed").count()
        return """
            \(Components.definitionList([
                (lang.pick("소개", "About"), "\(r.summary)"),
                (lang.pick("담당 이메일", "Contact"), "\(r.contactEmail)"),
                (lang.pick("수강 중", "Enrolled now"), "\(Components.number(enrolled))"),
                (lang.pick("수료", "Completed"), "\(Components.number(completed))"),
            ]))
            <h2>\(lang.pick("캠퍼스", "Campuses"))</h2>
            \(Components.table(headers: [lang.pick("캠퍼스", "Campus"), lang.pick("지역", "Region")], rows: campusRows, empty: lang.pick("캠퍼스가 없습니다.", "No campuses yet.")))
            """
    }
}
