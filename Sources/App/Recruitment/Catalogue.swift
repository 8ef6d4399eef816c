import Fluent
import Foundation
import IeumCore
import Vapor

struct CatalogueEntry: Content {
    let cohortID: Int
    let course: String
    let track: String
    let cohort: String
    let operatorName: String
    let campus: String
    let region: String
    let regionName: String
    let startsOn: String
    let endsOn: String
    let totalHours: Int
    let seats: Int
    let opensOn: String
    let closesOn: String
    let deadline: Date
    let open: Bool
    let eligibility: [String]
    let hasTest: Bool
    let residentShare: Int
    enum CodingKeys: String, CodingKey {
        case course, track, cohort, campus, region, seats, deadline, open, eligibility
        case cohortID = "cohort_id"
        case operatorName = "operator"
        case regionName = "region_name"
        case startsOn = "starts_on"
        case endsOn = "ends_on"
        case totalHours = "total_hours"
        case opensOn = "opens_on"
        case closesOn = "closes_on"
        case hasTest = "has_test"
        case residentShare = "resident_share"
    }
}

/// The public course catalogue (`/apply`): published recruitments whose closing day has not passed, readable
/// without an account.
enum Catalogue {
    static func entries(now: Date, lang: Lang, cohortID: Int? = nil, on db: any Database) async throws -> [CatalogueEntry] {
        var query = Recruitment.query(on: db).filter(\.$publishedAt != nil)
        if let cohortID { query = query.filter(\.$cohortID == cohortID) } else { query = query.filter(\.$closesOn >= Day(now).description) }
        let recruitments = try await query.all()
        guard !recruitments.isEmpty else { return [] }
        let cohorts = try await Cohort.query(on: db).filter(\.$id ~~ recruitments.map(\.cohortID))
            .with(\.$course).with(\.$campus) { $0.with(\.$operator) }.all()
        let byID = Dictionary(uniqueKeysWithValues: cohorts.map { ($0.id!, $0) })
        return recruitments.compactMap { r -> CatalogueEntry? in
            guard let c = byID[r.cohortID] else { return nil }
            let region = Region(rawValue: c.campus.region)
            return CatalogueEntry(
                cohortID: r.cohortID, course: c.course.title, track: c.course.track, cohort: c.name, operatorName: c.campus.operator.name,
                campus: c.campus.name, region: c.campus.region, regionName: region?.name.in(lang) ?? c.campus.region,
                startsOn: c.startsOn, endsOn: c.endsOn, totalHours: c.course.totalHours, seats: c.capacity, opensOn: r.opensOn,
                closesOn: r.closesOn, deadline: r.deadline, open: r.isOpen(at: now), eligibility: r.rules.map { $0.description.in(lang) },
                hasTest: r.hasTest, residentShare: r.residentShare)
        }.sorted { ($0.closesOn, $0.cohortID) < ($1.closesOn, $1.cohortID) }
    }

    static func register(site: any RoutesBuilder, api: any RoutesBuilder) {
        site.register(.GET, RecruitmentRoutes.catalogue.template, use: page)
        site.register(.GET, RecruitmentRoutes.course.template, use: detailPage)
        api.register(RecruitmentRoutes.catalogueJSON, use: list)
        api.register(RecruitmentRoutes.catalogueEntryJSON, use: detail)
    }

    static func entry(_ req: Request) async throws -> CatalogueEntry {
        guard let id = req.parameters.get("cohortID", as: Int.self),
              let entry = try await entries(now: req.now, lang: req.lang, cohortID: id, on: req.db).first else { throw AppError.notFound() }
        return entry
    }

    @Sendable static func list(_ req: Request) async throws -> [CatalogueEntry] {
        var all = try await entries(now: req.now, lang: req.lang, on: req.db)
        if let region = try? req.query.get(String.self, at: "region"), !region.isEmpty { all = all.filter { $0.region == region } }
        return all
    }

    @Sendable static func detail(_ req: Request) async throws -> CatalogueEntry { try await entry(req) }

    @Sendable static func page(_ req: Request) async throws -> Response {
        let all = try await list(req)
        let region = (try? req.query.get(String.self, at: "region")) ?? ""
        return RecruitmentPages.catalogue(req, entries: all, region: region)
    }

    @Sendable static func detailPage(_ req: Request) async throws -> Response {
        let e = try await entry(req)
        var mine: Admission?
        if let p = req.principalIfAny {
            mine = try await Admission.query(on: req.db).filter(\.$cohortID == e.cohortID).filter(\.$personID == p.personID).first()
        }
        let r = try await Recruitment.query(on: req.db).filter(\.$cohortID == e.cohortID).first()!
        return RecruitmentPages.course(req, entry: e, questions: r.questions, mine: mine)
    }
}
