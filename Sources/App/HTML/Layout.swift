import IeumCore
import Vapor

/// The frame around every page: the brand, what this person may open, the language switch, logout.
enum Layout {
    /// The hidden CSRF field for a small form built by hand (a button that posts).
    static func csrfField(_ req: Request) -> HTML { "<input type=\"hidden\" name=\"_csrf\" value=\"\(req.csrfToken)\">" }

    /// `repost`: on a page answering a form post that asks something (a question, not a result), the values that
    /// ask it again; the language switch then posts them, so the question is shown in the other language instead of
    /// going back to the form.
    static func page(_ req: Request, title: String, body: HTML, status: HTTPResponseStatus = .ok, repost: [String: String]? = nil) -> Response {
        render(req, title: title, body: body, repost: repost).response(status: status)
    }

    /// The same page in the other language: its query kept (filters, `against=`); a page answering a form post
    /// has no address of its own, so the link goes back to the page the form was on.
    static func languageSwitch(_ req: Request, to other: Lang) -> String {
        var base = SiteRoutes.home.url
        var query: [URLQueryItem] = []
        if req.method == .GET || req.method == .HEAD {
            base = req.url.path
            query = URLComponents(string: req.url.string)?.queryItems ?? []
        } else if let referer = req.headers.first(name: .referer).flatMap(URLComponents.init(string:)),
                  SafeRedirect.isSamePath(referer.path) {
            // Only the referring page's path and query are kept, so the link stays on this site whoever referred.
            base = referer.path
            query = referer.queryItems ?? []
        }
        var components = URLComponents()
        components.queryItems = query.filter { $0.name != "lang" } + [URLQueryItem(name: "lang", value: other.rawValue)]
        return base + "?" + (components.percentEncodedQuery ?? "lang=\(other.rawValue)")
    }

    static func render(_ req: Request, title: String, body: HTML, repost: [String: String]? = nil) -> HTML {
        let lang = req.lang
        let principal = req.principalIfAny
        let other: Lang = lang == .ko ? .en : .ko
        let otherName = other == .en ? "English" : "한국어"
        let languageSwitch: HTML
        if let repost, req.method == .POST {
            let fields = repost.sorted { $0.key < $1.key }.map { "<input type=\"hidden\" name=\"\($0.key)\" value=\"\($0.value)\">" as HTML }
            languageSwitch = """
                <form method="post" action="\(req.url.path)?lang=\(other.rawValue)" class="inline"><input type="hidden" name="_csrf" value="\(req.csrfToken)">\(fields)<button type="submit" class="link lang" lang="\(other.rawValue)">\(otherName)</button></form>
                """
        } else {
            languageSwitch = "<a class=\"lang\" href=\"\(Self.languageSwitch(req, to: other))\" hreflang=\"\(other.rawValue)\">\(otherName)</a>"
        }
        let account: HTML
        if let principal {
            account = """
                <a class="who" href="\(AccountRoutes.sessions.url)" title="\(lang.pick("로그인 세션", "Your sessions"))">\(principal.name)</a>
                <form method="post" action="\(SiteRoutes.logout.url)" class="inline"><input type="hidden" name="_csrf" value="\(principal.csrfToken)"><button type="submit" class="link">\(lang.pick("로그아웃", "Log out"))</button></form>
                """
        } else {
            account = "<a href=\"\(SiteRoutes.login.url)\">\(lang.pick("로그인", "Log in"))</a>"
        }
        return """
            <!doctype html>
            <html lang="\(lang.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · \(lang.pick("이음", "Ieum"))</title>
            <link rel="stylesheet" href="\(SiteRoutes.stylesheet.url)">
            <link rel="icon" href="\(SiteRoutes.icon.url)" type="image/svg+xml">
            \(body.raw.contains("data-follow") || body.raw.contains("data-refresh") ? "<script src=\"\(SiteRoutes.script.url)\" defer></script>" as HTML : .empty)
            </head>
            <body>
            <header class="top">
            <a class="brand" href="\(SiteRoutes.home.url)">\(lang.pick("이음", "Ieum"))<small>\(lang.pick("디지털 인재 양성 사업", "Digital talent program"))</small></a>
            <div class="account">\(account)\(languageSwitch)</div>
            </header>
            \(navigation(req, principal))
            \(secondFactorNotice(req, principal))
            <main>
            <h1>\(title)</h1>
            \(body)
            </main>
            <footer>\(lang.pick("이음 — 민관 협력 디지털 인재 양성 플랫폼", "Ieum — the public–private digital talent platform"))</footer>
            </body>
            </html>
            """
    }

    /// Where staff may go without a second factor (the demo), a reminder that they should not.
    static func secondFactorNotice(_ req: Request, _ principal: Principal?) -> HTML {
        guard let principal, principal.isStaff, !principal.secondFactorEnabled, !req.ieum.requireStaffSecondFactor,
              !req.url.path.hasPrefix(RequireLogin.setupPath) else { return .empty }
        return """
            <p class="notice">\(req.t("데모 모드: 담당자 계정의 2단계 인증이 꺼져 있습니다. 실제 운영에서는 반드시 켜야 합니다.", "Demo mode: staff two-step verification is off. A real deployment requires it.")) <a href="\(RequireLogin.setupPath)">\(req.t("설정하기", "Set it up"))</a></p>
            """
    }

    static func navigation(_ req: Request, _ principal: Principal?) -> HTML {
        guard let principal else { return .empty }
        let items = NavItem.all.filter { $0.isVisible(to: principal) }
        // The most specific item that contains this page is the current one (/employment/follow-ups, not /employment).
        let path = req.url.path
        let currentPath = items.map(\.path).filter { path == $0 || ($0 != SiteRoutes.home.url && path.hasPrefix($0 + "/")) }.max { $0.count < $1.count }
        let links = items.map { item -> HTML in
            let current: HTML = item.path == currentPath ? " aria-current=\"page\"" : ""
            return "<a href=\"\(item.path)\"\(current)>\(item.label.in(req.lang))</a>"
        }
        return "<nav class=\"main-nav\" aria-label=\"\(req.t("주 메뉴", "Main menu"))\">\(links)</nav>"
    }
}

struct NavItem: Sendable {
    let path: String
    let label: Localized
    let roles: [Role]?

    func isVisible(to principal: Principal) -> Bool { roles.map(principal.hasAny) ?? true }

    static let staff: [Role] = [.programManager, .operatorAdmin, .campusStaff, .mentor]

    static let all: [NavItem] = [
        NavItem(path: SiteRoutes.home.url, label: Localized("홈", "Home"), roles: nil),
        NavItem(path: KPIRoutes.dashboard.url, label: Localized("사업 성과", "KPIs"), roles: KPIController.roles),
        NavItem(path: RecruitmentRoutes.funnel.url, label: Localized("모집 현황", "Recruitment"), roles: KPIController.roles),
        NavItem(path: ProgramResource.records.url, label: Localized("사업", "Program"), roles: [.programManager]),
        NavItem(path: OperatorResource.records.url, label: Localized("운영기관", "Operators"), roles: staff),
        NavItem(path: CampusResource.records.url, label: Localized("캠퍼스", "Campuses"), roles: staff),
        NavItem(path: CourseResource.records.url, label: Localized("과정", "Courses"), roles: staff),
        NavItem(path: CohortResource.records.url, label: Localized("기수", "Cohorts"), roles: staff),
        NavItem(path: PersonResource.records.url, label: Localized("사람", "People"), roles: staff),
        NavItem(path: EnrollmentResource.records.url, label: Localized("수강", "Enrollments"), roles: staff),
        NavItem(path: RecruitmentRoutes.catalogue.url, label: Localized("과정 모집", "Apply"), roles: [.applicant, .trainee]),
        NavItem(path: RecruitmentRoutes.mine.url, label: Localized("내 지원서", "My applications"), roles: [.applicant]),
        NavItem(path: RecruitmentRoutes.messages.url, label: Localized("알림", "Messages"), roles: [.applicant]),
        NavItem(path: AttendanceRoutes.mine.url, label: Localized("내 출결", "My attendance"), roles: [.trainee]),
        NavItem(path: AssignmentRoutes.mine.url, label: Localized("과제", "Assignments"), roles: [.trainee]),
        NavItem(path: CredentialRoutes.certificates.url, label: Localized("수료증", "Certificates"), roles: [.trainee]),
        NavItem(path: OutcomeRoutes.jobs.url, label: Localized("채용", "Jobs"), roles: [.trainee, .employer] + staff),
        NavItem(path: OutcomeRoutes.matching.url, label: Localized("박람회 매칭", "Fair matching"), roles: [.programManager]),
        NavItem(path: AssignmentRoutes.reviews.url, label: Localized("코드 리뷰", "Code review"), roles: ReviewQueue.roles),
        NavItem(path: RecruitmentRoutes.reviews.url, label: Localized("지원서 심사", "Application reviews"), roles: [.mentor, .operatorAdmin, .campusStaff]),
        NavItem(path: AttendanceRoutes.overview.url, label: Localized("출결 현황", "Attendance"), roles: [.programManager, .operatorAdmin]),
        NavItem(path: AttendanceRoutes.corrections.url, label: Localized("출결 정정", "Corrections"), roles: [.operatorAdmin, .campusStaff]),
        NavItem(path: EmployerResource.records.url, label: Localized("채용기업", "Employers"), roles: staff + [.employer]),
        NavItem(path: EmploymentResource.records.url, label: Localized("취업", "Employment"), roles: staff),
        NavItem(path: OutcomeRoutes.followUps.url, label: Localized("취업 확인", "Follow-ups"), roles: [.programManager, .operatorAdmin, .campusStaff]),
        NavItem(path: AuditRoutes.accessLog.url, label: Localized("열람 기록", "Access log"), roles: [.programManager]),
    ]
}
