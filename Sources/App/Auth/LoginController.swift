import Fluent
import IeumCore
import Vapor

enum LoginController {
    @Sendable static func form(_ req: Request) async throws -> Response {
        if req.principalIfAny != nil { return req.redirect(to: SiteRoutes.home.url) }
        return page(req, email: "", error: nil)
    }

    static func page(_ req: Request, email: String, error: Localized?, status: HTTPResponseStatus = .ok, next sent: String? = nil) -> Response {
        let lang = req.lang
        // A failed attempt keeps where the person was going (a scanned check-in code, say).
        let next = SafeRedirect.isSamePath(sent ?? "") ? sent! : (try? req.query.get(String.self, at: "next")) ?? ""
        let errors = error.map { [FieldError(field: "password", message: $0)] } ?? []
        let fields = [
            FieldSpec(name: "email", label: Localized("이메일", "E-mail"), kind: .email),
            FieldSpec(name: "password", label: Localized("비밀번호", "Password"), kind: .password),
            FieldSpec(name: "next", label: Localized("", ""), kind: .hidden, required: false),
        ]
        let body: HTML = """
            <div class="login">
            \(Components.form(req, action: SiteRoutes.login.url, fields: fields, values: ["email": email, "next": next], errors: errors, submit: Localized("로그인", "Log in")))
            <p><a href="\(RecruitmentRoutes.catalogue.url)">\(lang.pick("모집 중인 과정 보기", "Courses open for applications"))</a> · <a href="\(SignUpRoutes.form.url)">\(lang.pick("지원자 가입", "Sign up to apply"))</a> · <a href="\(PasswordResetRoutes.request.url)">\(lang.pick("비밀번호를 잊었어요", "Forgot your password?"))</a></p>
            \(req.ieum.isDemo ? demoAccounts(lang) : .empty)
            </div>
            """
        return Layout.page(req, title: lang.pick("로그인", "Log in"), body: body, status: status)
    }

    /// Checks e-mail and password under the login throttle; every attempt is recorded.
    /// Only in the demo: the accounts a visitor can try, one per role.
    static func demoAccounts(_ lang: Lang) -> HTML {
        let rows = DemoCatalog.loginHints.map { role, email -> [HTML] in ["\(role.name.in(lang))", "<code>\(email)</code>"] }
        return """
            <div class="panel demo-logins">
            <h2>\(lang.pick("데모 계정", "Demo accounts"))</h2>
            <p>\(lang.pick("비밀번호는 모두", "The password for all is")) <code>\(DemoCatalog.password)</code></p>
            \(Components.table(headers: [lang.pick("역할", "Role"), lang.pick("이메일", "E-mail")], rows: rows, empty: "", compact: true))
            </div>
            """
    }

    static func check(_ req: Request, email: String, password: String) async throws -> Person? {
        let key = email.trimmingCharacters(in: .whitespaces).lowercased()
        try await LoginGuard.ensureAllowed(email: key, on: req)
        let person = try await Person.query(on: req.db).filter(\.$email == key).first()
        let hash = person?.passwordHash ?? req.application.decoyPasswordHash
        let matches = try await req.password.async.verify(password, created: hash)
        let closed = try await person.asyncMap { try await DeletionRequest.closes($0.requireID(), on: req.db) } ?? false
        let succeeded = person?.passwordHash != nil && matches && !closed
        try await LoginGuard.record(email: key, succeeded: succeeded, personID: person?.id, on: req)
        guard succeeded, let person else { return nil }
        if let stored = person.passwordHash, PrehashedBcrypt.isLegacy(stored) {
            // A hash from before every character counted: replaced now that the password is at hand.
            let upgraded = try await req.password.async.hash(password)
            try await Person.query(on: req.db).filter(\.$id == person.requireID()).filter(\.$passwordHash == stored)
                .set(\.$passwordHash, to: upgraded).update()
            person.passwordHash = upgraded
        }
        return person
    }

    static let wrongCredentials = Localized(
        "이메일 또는 비밀번호가 맞지 않습니다.", "The e-mail or password is not right.")

    @Sendable static func login(_ req: Request) async throws -> Response {
        let values = try req.submittedValues()
        let email = values["email"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let password = values["password"] ?? ""
        let found: Person?
        do {
            found = email.isEmpty || password.isEmpty || password.count > 128 ? nil
                : try await check(req, email: email, password: password)
        } catch let error as AppError where error.status == .tooManyRequests {
            let response = page(req, email: email, error: error.message, status: .tooManyRequests, next: values["next"])
            for (name, value) in error.extraHeaders { response.headers.replaceOrAdd(name: name, value: value) }
            return response
        }
        guard let person = found else {
            return page(req, email: email, error: wrongCredentials, status: .unauthorized, next: values["next"])
        }
        let pending = person.totpEnabledAt != nil
        let (token, _) = try await SessionStore.start(for: try person.requireID(), kind: .web, secondFactorPending: pending, on: req)
        let next = pending ? AccountRoutes.secondFactorLogin.url
            : SafeRedirect.path(values["next"])
        let response = req.redirect(to: next, redirectType: .normal)
        response.cookies[req.sessionCookieName] = HTTPCookies.Value(
            string: token, path: "/", isSecure: req.ieum.secureCookies, isHTTPOnly: true, sameSite: .lax)
        return response
    }

    @Sendable static func logout(_ req: Request) async throws -> Response {
        if let principal = req.principalIfAny {
            try await SessionStore.end(sessionID: principal.sessionID, on: req.db)
            try await req.authChanged(of: principal.personID)
        }
        return req.redirectClearingSession(to: SiteRoutes.login.url)
    }

    struct TokenResponse: Content {
        let token: String
        let expiresAt: Date

        enum CodingKeys: String, CodingKey {
            case token
            case expiresAt = "expires_at"
        }
    }

    static let tokenBody = Body([.text("email", max: 254), .password("password"), .text("otp", max: 12, required: false, "the authenticator's 6 digits, when two-step verification is on")])

    @Sendable static func issueToken(_ req: Request) async throws -> TokenResponse {
        var reader = try req.reader()
        let email = reader.text("email", max: 254)
        let password = reader.text("password", max: 128)
        try reader.finish()
        guard let email, let password, let person = try await check(req, email: email, password: password) else {
            throw AppError(status: .unauthorized, code: "invalid_credentials", message: wrongCredentials)
        }
        if person.totpEnabledAt != nil {
            guard let otp = reader.values["otp"], !otp.isEmpty else {
                throw AppError(status: .unauthorized, code: "otp_required", message: Localized(
                    "2단계 인증 코드(otp)도 보내세요.", "Send the two-step verification code as 'otp' too."))
            }
            guard try await SecondFactor.check(otp, for: person, on: req) else {
                throw AppError(status: .unauthorized, code: "invalid_otp", message: SecondFactor.wrongCode)
            }
        } else if req.ieum.requireStaffSecondFactor,
                  try await SessionStore.activeGrants(of: person.requireID(), on: req.db).contains(where: { $0.role.isStaff }) {
            throw SecondFactor.requiredError
        }
        let (token, session) = try await SessionStore.start(for: try person.requireID(), kind: .api, on: req)
        return TokenResponse(token: token, expiresAt: session.expiresAt)
    }

    @Sendable static func revokeToken(_ req: Request) async throws -> HTTPStatus {
        try await SessionStore.end(sessionID: try req.principal.sessionID, on: req.db)
        try await req.authChanged(of: try req.principal.personID)
        return .noContent
    }
}
