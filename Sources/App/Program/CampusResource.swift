import Fluent
import IeumCore
import Vapor

struct CampusOutput: Content {
    let id: Int
    let operatorID: Int
    let name: String
    let region: String
    let capitalRegion: Bool
    let address: String

    enum CodingKeys: String, CodingKey {
        case id, name, region, address
        case operatorID = "operator_id"
        case capitalRegion = "capital_region"
    }
}

enum CampusResource: Resource {
    typealias Record = Campus
    static let slug = "campuses"
    static let title = Localized("캠퍼스", "Campuses")
    static let singular = Localized("캠퍼스", "Campus")
    static let readRoles = Roles.staff
    static let writeRoles = Roles.managers

    static func scope(of r: Campus) -> RecordScope { .campus(operatorID: r.$operator.id, campusID: r.id ?? 0) }

    /// A mentor, assigned to cohorts rather than to a campus, may read the academy's campuses (names, addresses).
    static func canRead(_ r: Campus, _ principal: Principal, on db: any Database) async throws -> Bool {
        principal.canRead(scope(of: r)) || (principal.has(.mentor) && principal.readScope.campusOperators.contains(r.$operator.id))
    }

    static func query(_ req: Request, _ principal: Principal) async throws -> QueryBuilder<Campus> {
        var q = Campus.query(on: req.db).with(\.$operator).sort(\.$name)
        let scope = principal.readScope
        if !scope.everything {
            let academies = principal.has(.mentor) ? scope.operators.union(scope.campusOperators) : scope.operators
            q = q.group(.or) { $0.filter(\.$operator.$id ~~ academies).filter(\.$id ~~ scope.campuses) }
        }
        if let text = req.searchText {
            q = q.group(.or) {
                $0.filter(\.$name, .custom("LIKE"), likePattern(text)).filter(\.$address, .custom("LIKE"), likePattern(text))
            }
        }
        if let region = req.filterValue("region") { q = q.filter(\.$region == region) }
        if let op = req.filterID("operator_id") { q = q.filter(\.$operator.$id == op) }
        return q
    }

    static func filters(_ req: Request, _ principal: Principal) async throws -> [FieldSpec] {
        [
            FieldSpec(name: "region", label: Localized("지역", "Region"), kind: .select(Options.regions(req.lang))),
            FieldSpec(name: "operator_id", label: Localized("운영기관", "Operator"), kind: .select(try await Options.operators(req, principal.readScope))),
        ]
    }

    static func columns(_ lang: Lang) -> [String] {
        [lang.pick("캠퍼스", "Campus"), lang.pick("운영기관", "Operator"), lang.pick("지역", "Region"), lang.pick("주소", "Address")]
    }

    static func row(_ r: Campus, _ req: Request) -> [HTML] {
        let region = Region(rawValue: r.region)
        return [Components.link(path(r), r.name), "\(r.operator.name)",
                "\(region?.name.in(req.lang) ?? r.region) \(region?.badge ?? .empty)", "\(r.address)"]
    }

    static func fields(_ req: Request, _ principal: Principal, creating: Bool) async throws -> [FieldSpec] {
        var fields = [
            FieldSpec(name: "name", label: Localized("캠퍼스 이름", "Campus name")),
            FieldSpec(name: "region", label: Localized("시·도", "Province or city"), kind: .select(Options.regions(req.lang))),
            FieldSpec(name: "address", label: Localized("주소", "Address")),
        ]
        if creating {
            fields.insert(FieldSpec(name: "operator_id", label: Localized("운영기관", "Operator"),
                                    kind: .select(try await Options.operators(req, principal.writeScope))), at: 0)
        }
        return fields
    }

    static func values(of r: Campus, on db: any Database) async throws -> [String: String] {
        ["operator_id": String(r.$operator.id), "name": r.name, "region": r.region, "address": r.address]
    }

    static func body(creating: Bool) -> Body {
        Body((creating ? [.id("operator_id")] : []) + [
            .filled("name", max: 100, required: creating), .choice("region", Region.self, required: creating), .filled("address", max: 300, required: creating),
        ])
    }

    static func apply(_ reader: inout FieldReader, to r: Campus, creating: Bool, req: Request, principal: Principal) async throws {
        let operatorID = creating ? reader.id("operator_id") : r.$operator.id
        let name = reader.text("name", max: 100)
        let region = reader.choice("region", Region.self)
        let address = reader.text("address", max: 300)
        if creating, let operatorID, try await !Options.isWritableOperator(operatorID, principal, on: req.db) {
            reader.fail("operator_id", "목록에서 선택하세요.", "Choose one of the listed options.")
        }
        guard let operatorID, let name, let region, let address else { return }
        r.$operator.id = operatorID
        r.name = name
        r.region = region.rawValue
        r.address = address
    }

    /// A new track or region regroups the program's KPIs.
    static func afterSave(_ r: Campus, creating: Bool, on db: any Database, req: Request, principal: Principal) async throws {
        try await KPISnapshot.bump(on: db)
    }

    static func output(_ r: Campus, _ req: Request) async throws -> CampusOutput {
        return CampusOutput(id: try r.requireID(), operatorID: r.$operator.id, name: r.name, region: r.region,
                     capitalRegion: Region(rawValue: r.region)?.isCapitalRegion ?? false, address: r.address)
    }

    static func label(_ r: Campus) -> String { r.name }

    static func details(_ r: Campus, _ req: Request, _ principal: Principal) async throws -> HTML {
        let lang = req.lang
        let op = try await r.$operator.get(on: req.db)
        let region = Region(rawValue: r.region)
        let cohorts = try await Cohort.query(on: req.db).filter(\.$campus.$id == r.requireID()).with(\.$course)
            .sort(\.$startsOn, .descending).all()
        let rows = cohorts.map { c -> [HTML] in
            [Components.link(CohortResource.path(c), c.name), "\(c.course.title)", "\(c.startsOn) ~ \(c.endsOn)"]
        }
        return """
            \(Components.definitionList([
                (lang.pick("운영기관", "Operator"), Components.link(OperatorResource.path(op), op.name)),
                (lang.pick("지역", "Region"), "\(region?.name.in(lang) ?? r.region) \(region?.badge ?? .empty)"),
                (lang.pick("주소", "Address"), "\(r.address)"),
            ]))
            <h2>\(lang.pick("기수", "Cohorts"))</h2>
            \(Components.table(headers: [lang.pick("기수", "Cohort"), lang.pick("과정", "Course"), lang.pick("기간", "Dates")], rows: rows, empty: lang.pick("기수가 없습니다.", "No cohorts yet.")))
            """
    }
}
