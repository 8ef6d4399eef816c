import Fluent
import IeumCore
import Vapor

/// The first page after login shows what the person's role needs first.
enum HomeController {
    @Sendable static func home(_ req: Request) async throws -> Response {
        let principal = try req.principal
        var sections: [HTML] = []
        let invitations = try await InvitationController.pending(for: principal.personID, now: req.now, on: req.db).count
        sections.append(InvitationViews.reminder(invitations, req.lang))
        // A mentor's day starts with the code waiting for them.
        if principal.has(.mentor) {
            sections.append("""
                <section class="panel"><h2>\(req.lang.pick("리뷰를 기다리는 제출", "Waiting for your review"))</h2>
                \(try await ReviewQueue.section(req, principal, filter: ReviewQueue.Filter(req), action: SiteRoutes.home.url, limit: 5))
                <p><a href="\(AssignmentRoutes.reviews.url)">\(req.lang.pick("리뷰 목록 전체와 리뷰 시간", "The whole review queue and review times"))</a></p></section>
                """)
        }
        if principal.isProgramManager {
            sections.append(try await ProgramHome.render(req))
        }
        let academy = principal.readScope
        if !principal.isProgramManager && !academy.isEmpty {
            sections.append(try await AcademyHome.render(req, principal))
        }
        if principal.has(.trainee) {
            sections.append(try await TraineeHome.render(req, principal))
        }
        if principal.has(.applicant) {
            sections.append(try await ApplicantHome.render(req, principal))
        }
        if principal.has(.employer) {
            sections.append(try await EmployerHome.render(req, principal))
        }
        let roles = principal.grants.map { $0.role.name.in(req.lang) }
        let body: HTML = """
            <p class="muted">\(Array(Set(roles)).sorted().joined(separator: " · "))</p>
            \(sections)
            """
        return Layout.page(req, title: req.t("\(principal.name)님, 안녕하세요", "Hello, \(principal.name)"), body: body)
    }

    struct Me: Content {
        let id: Int
        let name: String
        let email: String
        let roles: [GrantOutput]
    }

    @Sendable static func me(_ req: Request) async throws -> Me {
        let p = try req.principal
        return Me(id: p.personID, name: p.name, email: p.email, roles: p.grants.map(GrantOutput.init))
    }
}

struct GrantOutput: Content {
    let role: String
    let operatorID: Int?
    let campusID: Int?
    let employerID: Int?

    init(_ grant: Grant) {
        role = grant.role.rawValue
        operatorID = grant.operatorID
        campusID = grant.campusID
        employerID = grant.employerID
    }

    enum CodingKeys: String, CodingKey {
        case role
        case operatorID = "operator_id"
        case campusID = "campus_id"
        case employerID = "employer_id"
    }
}

enum HomeCards {
    static func cards(_ items: [(String, Int, String?)]) -> HTML {
        let cards = items.map { label, n, href -> HTML in
            let number: HTML = href.map { "<a href=\"\($0)\">\(Components.number(n))</a>" } ?? "\(Components.number(n))"
            return "<div class=\"card\"><span class=\"n\">\(number)</span><span class=\"l\">\(label)</span></div>"
        }
        return "<div class=\"cards\">\(cards)</div>"
    }
}
