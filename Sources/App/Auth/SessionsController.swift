import Fluent
import IeumCore
import Vapor

struct SessionOutput: Content {
    let id: Int
    let kind: String
    let createdAt: Date
    let lastSeenAt: Date
    let expiresAt: Date
    let ip: String
    let current: Bool

    enum CodingKeys: String, CodingKey {
        case id, kind, ip, current
        case createdAt = "created_at"
        case lastSeenAt = "last_seen_at"
        case expiresAt = "expires_at"
    }
}

/// A person's own logins (browser sessions and API tokens), with the means to end them (ASVS V3.3.4).
enum SessionsController {
    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        pages.register(.GET, AccountRoutes.sessions.template, use: page)
        pages.register(.POST, AccountRoutes.endSession.template, action: ending, next: { _, _ in AccountRoutes.sessions.url })
        pages.register(.POST, AccountRoutes.endOthers.template, use: endOthers)
        api.register(AccountRoutes.sessionsJSON, use: list)
        api.register(AccountRoutes.endSessionJSON, action: ending) { _, _ in HTTPStatus.noContent }
    }

    static func mine(_ req: Request) async throws -> [SessionOutput] {
        let principal = try req.principal
        return try await AuthSession.query(on: req.db).filter(\.$person.$id == principal.personID)
            .sort(\.$lastSeenAt, .descending).all()
            .map { SessionOutput(id: $0.id!, kind: $0.kind, createdAt: $0.createdAt, lastSeenAt: $0.lastSeenAt,
                                 expiresAt: $0.expiresAt, ip: $0.ip, current: $0.id == principal.sessionID) }
    }

    @Sendable static func list(_ req: Request) async throws -> [SessionOutput] { try await mine(req) }

    @Sendable static func page(_ req: Request) async throws -> Response {
        let lang = req.lang
        let rows = try await mine(req).map { s -> [HTML] in
            let kind = s.kind == SessionKind.api.rawValue ? lang.pick("API 토큰", "API token") : lang.pick("브라우저", "Browser")
            let action: HTML = s.current ? Components.badge(lang.pick("지금 이 세션", "This session"), "enrolled") : """
                <form method="post" action="\(AccountRoutes.endSession(s.id))" class="inline"><input type="hidden" name="_csrf" value="\(req.csrfToken)"><button class="link" type="submit">\(lang.pick("끝내기", "End"))</button></form>
                """
            return ["\(kind)", "\(KST.dateTime(s.createdAt))", "\(KST.dateTime(s.lastSeenAt))", "\(s.ip)", action]
        }
        let body: HTML = """
            <p class="muted">\(lang.pick("로그인한 기기와 API 토큰입니다. 모르는 것이 있으면 끝내고 비밀번호를 바꾸세요.", "Where you are logged in, and your API tokens. End any you do not recognise."))</p>
            \(Components.table(headers: [lang.pick("종류", "Kind"), lang.pick("로그인(KST)", "Logged in (KST)"), lang.pick("마지막 사용", "Last used"), lang.pick("접속 주소", "From"), ""], rows: rows, empty: ""))
            <p><a href="\(RequireLogin.setupPath)">\(lang.pick("2단계 인증 설정", "Two-step verification"))</a> · <a href="\(AccountRoutes.data.url)">\(lang.pick("내 정보 내려받기·탈퇴", "Your data and account"))</a></p>
            <form method="post" action="\(AccountRoutes.endOthers.url)" class="actions"><input type="hidden" name="_csrf" value="\(req.csrfToken)"><button class="button danger" type="submit">\(lang.pick("이 세션 말고 모두 끝내기", "End all other sessions"))</button></form>
            """
        return Layout.page(req, title: lang.pick("로그인 세션", "Your sessions"), body: body)
    }

    static func end(_ req: Request) async throws {
        let principal = try req.principal
        guard let id = req.parameters.get("sessionID", as: Int.self),
              let session = try await AuthSession.find(id, on: req.db), session.$person.id == principal.personID else {
            throw AppError.notFound()
        }
        try await SessionStore.end(sessionID: id, on: req.db)
        try await req.authChanged(of: principal.personID)
    }

    static let ending = Action { req in try await end(req) }

    @Sendable static func endOthers(_ req: Request) async throws -> Response {
        let principal = try req.principal
        try await AuthSession.query(on: req.db).filter(\.$person.$id == principal.personID)
            .filter(\.$id != principal.sessionID).delete()
        try await req.authChanged(of: principal.personID)
        return req.redirect(to: AccountRoutes.sessions.url, redirectType: .normal)
    }
}
