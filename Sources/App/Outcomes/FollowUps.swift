import Fluent
import Foundation
import IeumCore
import Vapor

struct FollowUpOutput: Content {
    let enrollmentID: Int
    let personID: Int
    let name: String
    let cohort: String
    let courseEnd: String
    let checkpoint: Int
    enum CodingKeys: String, CodingKey {
        case name, cohort, checkpoint
        case enrollmentID = "enrollment_id"
        case personID = "person_id"
        case courseEnd = "course_end"
    }
}

/// `/employment/follow-ups`: the campus's completers with no job on record whose 1-, 3- or 6-month follow-up is
/// due, so staff ask before the 6-month employment count closes.
enum FollowUps {
    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        pages.register(.GET, OutcomeRoutes.followUps.template, roles: Roles.campusManagers, use: page)
        api.register(OutcomeRoutes.followUpsJSON, guards: [RequireRole(Roles.campusManagers)], use: json)
    }

    static func due(_ req: Request) async throws -> [FollowUpOutput] {
        let principal = try req.principal
        let today = Day(req.now)
        let earliest = today.adding(months: -EmploymentWindow.countingMonths).description
        var cohorts = Cohort.query(on: req.db).filter(\.$endsOn >= earliest).filter(\.$endsOn < today.description)
        let scope = principal.writeScope
        if !scope.everything {
            cohorts = cohorts.group(.or) { $0.filter(\.$operatorID ~~ scope.operators).filter(\.$campus.$id ~~ scope.campuses) }
        }
        let ended = Dictionary(uniqueKeysWithValues: try await cohorts.all().map { ($0.id!, $0) })
        let completers = try await Enrollment.query(on: req.db).filter(\.$cohort.$id ~~ Array(ended.keys))
            .filter(\.$state == EnrollmentState.completed.rawValue).with(\.$person).all()
        let employed = Set(try await EmploymentRecord.query(on: req.db).filter(\.$enrollment.$id ~~ completers.compactMap(\.id)).all()
            .map { $0.$enrollment.id })
        return completers.compactMap { e -> FollowUpOutput? in
            guard !employed.contains(e.id!), let cohort = ended[e.$cohort.id], let end = Day(cohort.endsOn),
                  let checkpoint = FollowUp.due(courseEnd: end, today: today) else { return nil }
            return FollowUpOutput(enrollmentID: e.id!, personID: e.$person.id, name: e.person.name, cohort: cohort.name,
                                  courseEnd: cohort.endsOn, checkpoint: checkpoint)
        }.sorted { a, b in
            // The latest checkpoint first (the count is closing), then the oldest course, then by name.
            a.checkpoint != b.checkpoint ? a.checkpoint > b.checkpoint : a.courseEnd != b.courseEnd ? a.courseEnd < b.courseEnd : a.name < b.name
        }
    }

    @Sendable static func json(_ req: Request) async throws -> [FollowUpOutput] { try await due(req) }

    @Sendable static func page(_ req: Request) async throws -> Response {
        let lang = req.lang
        let list = try await due(req)
        let rows = list.map { f -> [HTML] in
            [Components.link(EnrollmentResource.record(f.enrollmentID), f.name), "\(f.cohort)", "\(f.courseEnd)",
             Components.badge(lang.pick("\(f.checkpoint)개월", "\(f.checkpoint) months"), f.checkpoint == 6 ? "bad" : "info"),
             Components.link(EmploymentResource.newRecord.url(["enrollment_id": "\(f.enrollmentID)"]), lang.pick("취업 기록 추가", "Record a job"))]
        }
        let body: HTML = """
            <p>\(lang.pick("수료 후 1·3·6개월이 지났는데 취업 기록이 없는 수료생입니다. 취업률은 종강 후 6개월 안의 취업을 7개월까지 셉니다.",
                           "Graduates 1, 3 or 6 months past their course end with no job on record. The employment rate counts jobs within 6 months of the end, up to 7 months."))</p>
            \(Components.table(headers: [lang.pick("이름", "Name"), lang.pick("기수", "Cohort"), lang.pick("종강일", "Course end"),
                                         lang.pick("확인 시점", "Follow-up"), ""],
                               rows: rows, empty: lang.pick("지금 확인할 수료생이 없습니다.", "Nobody is due for a follow-up.")))
            """
        return Layout.page(req, title: lang.pick("취업 확인 대상", "Employment follow-ups"), body: body)
    }
}
