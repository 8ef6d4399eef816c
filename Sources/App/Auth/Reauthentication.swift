import Fluent
import IeumCore
import Vapor

/// Sensitive actions (changing roles, exporting personal data, approving overrides) need a password
/// given within the last few minutes (ASVS V3.7.1).
struct RequireRecentAuthentication: AsyncMiddleware {
    static let window: TimeInterval = 5 * 60

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let principal = try request.principal
        guard request.now.timeIntervalSince(principal.authenticatedAt) <= Self.window else {
            if request.isAPI {
                throw AppError(status: .forbidden, code: "reauthentication_required", message: Localized(
                    "이 작업 전에 비밀번호를 다시 확인해야 합니다: POST /api/v1/auth/reauth",
                    "Confirm your password first: POST /api/v1/auth/reauth"))
            }
            let back = request.headers.first(name: .referer).flatMap(URI.init(string:))?.path ?? SiteRoutes.home.url
            return request.redirect(to: AccountRoutes.reauth.url(["next": back]),
                                    redirectType: .normal)
        }
        return try await next.respond(to: request)
    }
}

enum ReauthController {
    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        pages.register(.GET, AccountRoutes.reauth.template, use: form)
        pages.register(.POST, AccountRoutes.reauth.template, action: confirmation, next: { _, next in next },
                       retry: { req, values, errors in page(req, error: errors.first?.message, next: values["next"]) }, shownRefusals: [.unauthorized])
        api.register(AccountRoutes.reauthJSON, action: confirmation) { _, _ in HTTPStatus.noContent }
    }

    /// `next` is where the person goes afterwards: the query's on the first showing, the form's after a wrong password.
    static func page(_ req: Request, error: Localized?, next: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let next = next ?? (try? req.query.get(String.self, at: "next")) ?? SiteRoutes.home.url
        let fields = [
            FieldSpec(name: "password", label: Localized("비밀번호", "Password"), kind: .password),
            FieldSpec(name: "next", label: Localized("", ""), kind: .hidden, required: false),
        ]
        let errors = error.map { [FieldError(field: "password", message: $0)] } ?? []
        let body: HTML = """
            <p>\(req.t("개인정보와 권한을 지키기 위해, 이 작업 전에 비밀번호를 한 번 더 확인합니다.", "To protect personal data and permissions, please confirm your password before this action."))</p>
            <div class="login">\(Components.form(req, action: AccountRoutes.reauth.url, fields: fields, values: ["next": next], errors: errors, submit: Localized("확인", "Confirm")))</div>
            """
        return Layout.page(req, title: req.t("비밀번호 확인", "Confirm your password"), body: body, status: status)
    }

    @Sendable static func form(_ req: Request) async throws -> Response { page(req, error: nil) }

    /// Checks the password (under the login throttle) and marks the current session as freshly authenticated.
    static func confirm(_ req: Request, password: String) async throws -> Bool {
        let principal = try req.principal
        guard let person = try await LoginController.check(req, email: principal.email, password: password),
              person.id == principal.personID else { return false }
        try await AuthSession.query(on: req.db).filter(\.$id == principal.sessionID).set(\.$authenticatedAt, to: req.now).update()
        try await req.authChanged(of: principal.personID)
        return true
    }

    /// Answers where to go next (a path of this site); a wrong password is a 401.
    static let confirmation = Action { req, values -> String in
        var reader = FieldReader(values)
        let password = reader.text("password", max: 128)
        try reader.finish()
        guard try await confirm(req, password: password ?? "") else {
            throw AppError(status: .unauthorized, code: "invalid_credentials", message: LoginController.wrongCredentials)
        }
        return SafeRedirect.path(values["next"])
    }

    static let body = Body([.password("password")])
}
