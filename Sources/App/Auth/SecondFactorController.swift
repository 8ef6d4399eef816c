import Crypto
import Fluent
import IeumCore
import Vapor

/// TOTP second factor: setting it up, asking for it at login, recovery codes (ASVS V2.7–V2.8).
enum SecondFactor {
    static let requiredError = AppError(status: .forbidden, code: "second_factor_required", message: Localized(
        "담당자 계정은 2단계 인증을 먼저 설정해야 합니다 (웹에서 '2단계 인증').",
        "Staff accounts must set up two-step verification first (on the web, under 'Two-step verification')."))

    static let wrongCode = Localized("인증 코드가 맞지 않습니다.", "That code is not right.")

    /// Checks a TOTP code, or a recovery code, and uses it up. Counts as a login attempt for throttling.
    static func check(_ code: String, for person: Person, on req: Request) async throws -> Bool {
        try await LoginGuard.ensureAllowed(email: person.email, on: req)
        var ok = false
        if let secret = try person.reveal(.totpSecret, with: req.cipher).flatMap(Base32.decode),
           let counter = TOTP.verify(code, secret: secret, at: req.now, after: person.totpLastCounter) {
            person.totpLastCounter = counter
            try await person.update(on: req.db)
            ok = true
        } else {
            let hash = Tokens.hash(code.lowercased().filter { $0.isLetter || $0.isNumber })
            if let recovery = try await RecoveryCode.query(on: req.db).filter(\.$person.$id == person.requireID())
                .filter(\.$codeHash == hash).filter(\.$usedAt == nil).first() {
                recovery.usedAt = req.now
                try await recovery.update(on: req.db)
                try await SecurityEvent(kind: "recovery_code_used", email: person.email, personID: person.id, ip: req.clientAddress, at: req.now)
                    .create(on: req.db)
                ok = true
            }
        }
        try await LoginGuard.record(email: person.email, succeeded: ok, personID: person.id, on: req)
        return ok
    }

    static func newRecoveryCodes(for person: Person, on db: any Database) async throws -> [String] {
        let id = try person.requireID()
        try await RecoveryCode.query(on: db).filter(\.$person.$id == id).delete()
        var codes: [String] = []
        for _ in 0..<10 {
            var rng = SystemRandomNumberGenerator()
            let raw = Base32.encode((0..<5).map { _ in UInt8.random(in: 0...255, using: &rng) }).lowercased()
            let code = String(raw.prefix(4)) + "-" + String(raw.dropFirst(4).prefix(4))
            codes.append(code)
            try await RecoveryCode(personID: id, codeHash: Tokens.hash(code.filter { $0 != "-" })).create(on: db)
        }
        return codes
    }
}

enum SecondFactorController {
    static func register(site: any RoutesBuilder, member: any RoutesBuilder) {
        site.register(.GET, AccountRoutes.secondFactorLogin.template, use: loginForm)
        site.register(.POST, AccountRoutes.secondFactorLogin.template, use: loginVerify)
        member.register(.GET, AccountRoutes.secondFactorSetup.template, use: setupForm)
        member.register(.POST, AccountRoutes.secondFactorSetup.template, use: setupConfirm)
    }

    // MARK: At login

    static func pending(_ req: Request) throws -> Principal {
        guard let p = req.principalIfAny, p.secondFactorPending else { throw AppError.unauthenticated() }
        return p
    }

    static func loginPage(_ req: Request, error: Localized?, status: HTTPResponseStatus = .ok) -> Response {
        let fields = [FieldSpec(name: "code", label: Localized("인증 코드", "Code"), kind: .text,
                                hint: Localized("인증 앱의 6자리 숫자, 또는 복구 코드", "The 6 digits from your authenticator app, or a recovery code"))]
        let errors = error.map { [FieldError(field: "code", message: $0)] } ?? []
        let body: HTML = "<div class=\"login\">\(Components.form(req, action: AccountRoutes.secondFactorLogin.url, fields: fields, values: [:], errors: errors, submit: Localized("확인", "Verify")))</div>"
        return Layout.page(req, title: req.t("2단계 인증", "Two-step verification"), body: body, status: status)
    }

    @Sendable static func loginForm(_ req: Request) async throws -> Response {
        guard req.principalIfAny?.secondFactorPending == true else { return req.redirect(to: SiteRoutes.home.url) }
        return loginPage(req, error: nil)
    }

    @Sendable static func loginVerify(_ req: Request) async throws -> Response {
        let principal = try pending(req)
        let code = try req.submittedValues()["code"] ?? ""
        guard let person = try await Person.find(principal.personID, on: req.db) else { throw AppError.unauthenticated() }
        let ok: Bool
        do { ok = try await SecondFactor.check(code, for: person, on: req) } catch let error as AppError where error.status == .tooManyRequests {
            return loginPage(req, error: error.message, status: .tooManyRequests)
        }
        guard ok else { return loginPage(req, error: SecondFactor.wrongCode, status: .unauthorized) }
        try await AuthSession.query(on: req.db).filter(\.$id == principal.sessionID)
            .set(\.$secondFactorPending, to: false).set(\.$authenticatedAt, to: req.now).update()
        try await req.authChanged(of: principal.personID)
        return req.redirect(to: SiteRoutes.home.url, redirectType: .normal)
    }

    // MARK: Setting it up

    static func setupPage(_ req: Request, error: Localized? = nil, codes: [String]? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let principal = try req.principal
        guard let person = try await Person.find(principal.personID, on: req.db) else { throw AppError.unauthenticated() }
        let lang = req.lang
        if let codes {
            let list = codes.map { c -> HTML in "<li><code>\(c)</code></li>" }
            let body: HTML = """
                <div class="alert ok" role="status">\(lang.pick("2단계 인증을 켰습니다.", "Two-step verification is on."))</div>
                <div class="panel"><h2>\(lang.pick("복구 코드", "Recovery codes"))</h2>
                <p>\(lang.pick("인증 앱을 잃어버렸을 때 한 번씩 쓸 수 있습니다. 지금만 보여 드리니 안전한 곳에 적어 두세요.", "Each works once if you lose your authenticator. They are shown only now: keep them somewhere safe."))</p>
                <ol>\(list)</ol><p><a class="button primary" href="\(SiteRoutes.home.url)">\(lang.pick("계속", "Continue"))</a></p></div>
                """
            return Layout.page(req, title: lang.pick("2단계 인증", "Two-step verification"), body: body)
        }
        if person.totpEnabledAt != nil {
            let left = try await RecoveryCode.query(on: req.db).filter(\.$person.$id == principal.personID).filter(\.$usedAt == nil).count()
            let body: HTML = """
                <div class="alert ok" role="status">\(lang.pick("2단계 인증이 켜져 있습니다.", "Two-step verification is on.")) \(lang.pick("남은 복구 코드: \(left)개", "Recovery codes left: \(left)"))</div>
                """
            return Layout.page(req, title: lang.pick("2단계 인증", "Two-step verification"), body: body)
        }
        // A secret is made once and kept (sealed) until confirmed, so reloading the page does not change it.
        var secret = try person.reveal(.totpSecret, with: req.cipher).flatMap(Base32.decode)
        if secret == nil {
            let fresh = TOTP.newSecret()
            try person.seal(.totpSecret, Base32.encode(fresh), with: req.cipher)
            try await person.update(on: req.db)
            secret = fresh
        }
        let text = Base32.encode(secret!)
        let grouped = stride(from: 0, to: text.count, by: 4).map { i -> String in
            let start = text.index(text.startIndex, offsetBy: i)
            return String(text[start..<text.index(start, offsetBy: min(4, text.count - i))])
        }.joined(separator: " ")
        let required: HTML = principal.isStaff && req.ieum.requireStaffSecondFactor
            ? "<div class=\"alert error\" role=\"note\">\(lang.pick("담당자 계정은 2단계 인증을 켜야 다른 화면을 쓸 수 있습니다.", "Staff accounts need two-step verification before anything else."))</div>" : .empty
        let fields = [FieldSpec(name: "code", label: Localized("앱에 나온 6자리 코드", "The 6-digit code from the app"))]
        let errors = error.map { [FieldError(field: "code", message: $0)] } ?? []
        let body: HTML = """
            \(required)
            <div class="panel">
            <ol>
            <li>\(lang.pick("인증 앱(Google Authenticator, Microsoft Authenticator 등)에서 '설정 키 입력'을 고르세요.", "In an authenticator app (Google Authenticator, Microsoft Authenticator, …) choose 'enter a setup key'."))</li>
            <li>\(lang.pick("계정 이름", "Account name")): <strong>\(person.email)</strong><br>\(lang.pick("키", "Key")): <code class="secret">\(grouped)</code> (\(lang.pick("시간 기준", "time based")))</li>
            <li>\(lang.pick("앱에 나온 6자리 코드를 아래에 입력하세요.", "Type the 6-digit code the app shows below."))</li>
            </ol>
            <p class="muted">\(lang.pick("설정 주소", "Setup address")): <code>\(TOTP.uri(secret: secret!, account: person.email))</code></p>
            </div>
            \(Components.form(req, action: AccountRoutes.secondFactorSetup.url, fields: fields, values: [:], errors: errors, submit: Localized("켜기", "Turn on")))
            """
        return Layout.page(req, title: lang.pick("2단계 인증 설정", "Set up two-step verification"), body: body, status: status)
    }

    @Sendable static func setupForm(_ req: Request) async throws -> Response { try await setupPage(req, error: nil) }

    @Sendable static func setupConfirm(_ req: Request) async throws -> Response {
        let principal = try req.principal
        guard let person = try await Person.find(principal.personID, on: req.db) else { throw AppError.unauthenticated() }
        guard person.totpEnabledAt == nil else { return req.redirect(to: AccountRoutes.secondFactorSetup.url, redirectType: .normal) }
        let code = try req.submittedValues()["code"] ?? ""
        guard let secret = try person.reveal(.totpSecret, with: req.cipher).flatMap(Base32.decode),
              let counter = TOTP.verify(code, secret: secret, at: req.now, after: nil) else {
            return try await setupPage(req, error: SecondFactor.wrongCode, status: .unprocessableEntity)
        }
        let codes = try await req.db.writeTransaction { db -> [String] in
            person.totpEnabledAt = req.now
            person.totpLastCounter = counter
            try await person.update(on: db)
            try await SecurityEvent(kind: "second_factor_enabled", email: person.email, personID: person.id, ip: req.clientAddress, at: req.now)
                .create(on: db)
            return try await SecondFactor.newRecoveryCodes(for: person, on: db)
        }
        try await req.authChanged(of: try person.requireID())
        return try await setupPage(req, codes: codes)
    }
}
