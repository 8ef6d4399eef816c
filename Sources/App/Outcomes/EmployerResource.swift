import Fluent
import IeumCore
import Vapor

struct EmployerOutput: Content {
    let id: Int
    let name: String
    let region: String
    let capitalRegion: Bool
    let industry: String
    let verified: Bool

    enum CodingKeys: String, CodingKey {
        case id, name, region, industry, verified
        case capitalRegion = "capital_region"
    }
}

/// Companies that hire the program's graduates. Shared by the whole program; an employer's own
/// people see only their company.
enum EmployerResource: Resource {
    typealias Record = Employer
    static let slug = "employers"
    static let title = Localized("채용기업", "Employers")
    static let singular = Localized("채용기업", "Employer")
    static let readRoles = Roles.staff + [.employer]
    static let writeRoles = Roles.campusManagers

    static func scope(of r: Employer) -> RecordScope { .directory }

    static func canRead(_ r: Employer, _ principal: Principal, on db: any Database) async throws -> Bool {
        principal.hasAny(Roles.staff) || principal.employerIDs.contains(r.id ?? 0)
    }

    static func query(_ req: Request, _ principal: Principal) async throws -> QueryBuilder<Employer> {
        var q = Employer.query(on: req.db).sort(\.$name)
        if !principal.hasAny(Roles.staff) { q = q.filter(\.$id ~~ principal.employerIDs) }
        if let text = req.searchText {
            q = q.group(.or) { $0.filter(\.$name, .custom("LIKE"), likePattern(text)).filter(\.$industry, .custom("LIKE"), likePattern(text)) }
        }
        if let region = req.filterValue("region") { q = q.filter(\.$region == region) }
        return q
    }

    static func filters(_ req: Request, _ principal: Principal) async throws -> [FieldSpec] {
        [FieldSpec(name: "region", label: Localized("지역", "Region"), kind: .select(Options.regions(req.lang)))]
    }

    static func columns(_ lang: Lang) -> [String] {
        [lang.pick("기업명", "Company"), lang.pick("지역", "Region"), lang.pick("업종", "Industry"), lang.pick("인증", "Verified")]
    }

    static func row(_ r: Employer, _ req: Request) -> [HTML] {
        let region = Region(rawValue: r.region)
        return [Components.link(path(r), r.name), "\(region?.name.in(req.lang) ?? r.region) \(region?.badge ?? .empty)", "\(r.industry)",
                "\(r.verified ? req.t("인증됨", "Verified") : req.t("대기", "Pending"))"]
    }

    static func fields(_ req: Request, _ principal: Principal, creating: Bool) async throws -> [FieldSpec] {
        var fields = [
            FieldSpec(name: "name", label: Localized("기업명", "Company name")),
            FieldSpec(name: "region", label: Localized("소재지 시·도", "Province or city"), kind: .select(Options.regions(req.lang))),
            FieldSpec(name: "industry", label: Localized("업종", "Industry")),
        ]
        if principal.isProgramManager {
            fields.append(FieldSpec(name: "verified", label: Localized("인증 여부", "Verified"), kind: .select([
                .init(value: "false", label: req.t("인증 대기", "Awaiting verification")),
                .init(value: "true", label: req.t("인증됨", "Verified")),
            ])))
        }
        return fields
    }

    static func values(of r: Employer, on db: any Database) async throws -> [String: String] {
        ["name": r.name, "region": r.region, "industry": r.industry, "verified": r.verified ? "true" : "false"]
    }

    static func body(creating: Bool) -> Body {
        Body([
            .filled("name", max: 200, required: creating), .choice("region", Region.self, required: creating),
            .filled("industry", max: 100, required: creating), .flag("verified"),
        ])
    }

    static func apply(_ reader: inout FieldReader, to r: Employer, creating: Bool, req: Request, principal: Principal) async throws {
        let name = reader.text("name", max: 200)
        let region = reader.choice("region", Region.self)
        let industry = reader.text("industry", max: 100)
        // Only the program verifies an employer: verification is what later lets it see graduates' profiles.
        let verified = principal.isProgramManager ? reader.raw("verified") == "true" : (creating ? false : r.verified)
        guard let name, let region, let industry else { return }
        r.name = name
        r.region = region.rawValue
        r.industry = industry
        r.verified = verified
    }

    static func output(_ r: Employer, _ req: Request) async throws -> EmployerOutput {
        return EmployerOutput(id: try r.requireID(), name: r.name, region: r.region,
                       capitalRegion: Region(rawValue: r.region)?.isCapitalRegion ?? false, industry: r.industry, verified: r.verified)
    }

    static func label(_ r: Employer) -> String { r.name }

    static func details(_ r: Employer, _ req: Request, _ principal: Principal) async throws -> HTML {
        let lang = req.lang
        let region = Region(rawValue: r.region)
        var q = EmploymentRecord.query(on: req.db).filter(\.$employer.$id == (try r.requireID()))
        let scope = principal.readScope
        if !scope.everything { q = q.group(.or) { $0.filter(\.$operatorID ~~ scope.operators).filter(\.$campusID ~~ scope.campuses) } }
        let hires = try await q.count()
        return Components.definitionList([
            (lang.pick("지역", "Region"), "\(region?.name.in(lang) ?? r.region) \(region?.badge ?? .empty)"),
            (lang.pick("업종", "Industry"), "\(r.industry)"),
            (lang.pick("인증", "Verified"), "\(r.verified ? lang.pick("인증됨", "Verified") : lang.pick("인증 대기", "Awaiting verification"))"),
            (lang.pick("수료생 채용", "Graduates hired"), "\(Components.number(hires))"),
        ])
    }
}
