import Fluent
import IeumCore
import Vapor

/// Making an applicant account. The answer is the same for every address — "we sent a message; open its link" —
/// so sign-up tells nobody whether an e-mail or a number already has an account (issue 21). A new address gets a
/// link to finish; an address with an account gets a note that someone tried, and can simply log in.
enum SignUp {
    static let lifetime: TimeInterval = 24 * 3600

    static func register(site: any RoutesBuilder, api: any RoutesBuilder) {
        site.register(.GET, SignUpRoutes.form.template, use: form)
        site.register(.POST, SignUpRoutes.form.template, action: signing, show: sentPage,
                      retry: { req, values, errors in RecruitmentPages.signUp(req, values: values, errors: errors) })
        site.register(.GET, SignUpRoutes.confirm.template, use: confirmPage)
        site.register(.POST, SignUpRoutes.confirm.template, action: confirmation, show: startSession,
                      retry: { req, values, errors in
                          // A link that is used up or unknown (or a form without one) is not a password problem.
                          if errors.contains(where: { $0.field == formRefusal || $0.field == "token" }) { return unusable(req) }
                          return confirmForm(req, token: values["token"] ?? "", errors: errors)
                      }, shownRefusals: [.notFound])
        api.register(SignUpRoutes.signUp, action: signing) { req, _ in Sent(message: sent.in(req.lang)) }
        api.register(SignUpRoutes.confirmJSON, action: confirmation) { _, confirmed in Created(personID: try confirmed.person.requireID()) }
    }

    static let fields = [
        FieldSpec(name: "name", label: Localized("이름", "Name")),
        FieldSpec(name: "email", label: Localized("이메일", "E-mail"), kind: .email),
        FieldSpec(name: "phone", label: Localized("휴대전화", "Mobile phone"), kind: .tel),
        FieldSpec(name: "password", label: Localized("비밀번호", "Password"), kind: .password,
                  hint: Localized("12자 이상, 이름이나 이메일이 들어가지 않게", "At least 12 characters, without your name or e-mail")),
        FieldSpec(name: "next", label: Localized("", ""), kind: .hidden, required: false),
    ]

    static let sent = Localized(
        "입력한 주소로 메일을 보냈습니다. 메일의 링크를 열어 24시간 안에 가입을 마치세요. 이미 가입한 주소라면 로그인하면 됩니다.",
        "We sent a message to that address. Open its link within 24 hours to finish signing up. If the address already has an account, just log in.")

    /// What `request` reads: the account's name, e-mail, phone and password, and the form's `next` (where to go once
    /// signed up; anything but a path on this site is ignored).
    static let signUpBody = Body([
        .text("name", max: 50), .email("email"), .phone("phone"),
        .field("password", .text(minLength: PasswordPolicy.minimumLength, maxLength: PasswordPolicy.maximumLength), required: true,
               "at least \(PasswordPolicy.minimumLength) characters, without your name or e-mail"),
        .field("next", .text, required: false, "a path on this site to open once signed up"),
    ])

    /// Checks the form and queues the message. Returns the link for a new address (the demo shows it, as no mail
    /// leaves a demo machine), nil when the address already has an account.
    static func request(_ req: Request, values: [String: String]) async throws -> String? {
        var reader = FieldReader(values)
        let name = reader.text("name", max: 50)
        let email = reader.email("email")
        let phone = reader.phone("phone")
        let password = reader.raw("password")
        try await SignUpThrottle.admit(email: email, on: req)
        Passwords.check(password, field: "password", personal: [name ?? "", email ?? ""], into: &reader)
        try reader.finish()
        guard let name, let email else { return nil }
        let now = req.now
        // The password is hashed on both paths, so the answer takes as long for an address with an account as for a
        // new one (bcrypt is most of the time of this request).
        let hash = try await req.password.async.hash(password)
        if let existing = try await Person.query(on: req.db).filter(\.$email == email).first(), existing.passwordHash != nil {
            try await SignUpThrottle.noteCollision(email: email, on: req)
            try await Outbox.send(to: existing, subject: Localized("[이음] 가입 시도 알림", "[Ieum] Someone tried to sign up"),
                                  body: Localized("회원님의 주소로 이음 가입을 시도했습니다. 이미 계정이 있으니 로그인하세요. 직접 한 일이 아니라면 이 메일은 무시하세요.",
                                                  "Someone tried to sign up to Ieum with your address. You already have an account: just log in. If it was not you, ignore this message."),
                                  link: req.linkBase + SiteRoutes.login.url, now: now, on: req.db)
            return nil
        }
        let token = Tokens.random()
        let next = reader.values["next"].flatMap { $0.isEmpty ? nil : SafeRedirect.path($0, fallback: RecruitmentRoutes.catalogue.url) }
        try await req.db.writeTransaction { db in
            let person = try await Person.query(on: db).filter(\.$email == email).first()
                ?? Person(name: name, email: email, phone: nil)
            if person.id == nil { try await person.create(on: db) }
            let request = SignUpRequest()
            request.personID = try person.requireID()
            request.tokenHash = Tokens.hash(token)
            request.name = name
            request.phone = phone
            request.passwordHash = hash
            request.next = next
            request.createdAt = now
            request.expiresAt = now.addingTimeInterval(lifetime)
            try await request.create(on: db)
            try await Outbox.send(to: person, subject: Localized("[이음] 가입을 마치세요", "[Ieum] Finish signing up"),
                                  body: Localized("아래 링크를 열고 정한 비밀번호를 한 번 더 넣으면 가입이 끝납니다(24시간 동안 유효). 직접 한 일이 아니라면 이 메일은 무시하세요.",
                                                  "Open the link below and type the password you chose once more to finish (valid for 24 hours). If it was not you, ignore this message."),
                                  link: req.linkBase + SignUpRoutes.confirm.url(["token": token]), now: now, on: db)
        }
        return SignUpRoutes.confirm.url(["token": token])
    }

    /// The pending sign-up behind a link: unused, unexpired, for an account that still has no password.
    static func pending(_ token: String, now: Date, on db: any Database) async throws -> (SignUpRequest, Person)? {
        guard !token.isEmpty, token.count <= 100,
              let request = try await SignUpRequest.query(on: db).filter(\.$tokenHash == Tokens.hash(token)).first(),
              request.usedAt == nil, request.expiresAt > now,
              let person = try await Person.find(request.personID, on: db), person.passwordHash == nil else { return nil }
        return (request, person)
    }

    static let wrongPassword = Localized("가입할 때 정한 비밀번호와 다릅니다.", "This is not the password you chose when signing up.")

    /// The person types the password again: it must be the one chosen, so a sign-up someone else made for this
    /// address (with their own password) cannot be finished by the address's owner by mistake, or by them at all.
    static func confirm(_ req: Request, token: String, password: String) async throws -> (Person, String?) {
        let now = req.now
        guard let (request, person) = try await pending(token, now: now, on: req.db) else { throw AppError.notFound() }
        guard try await req.password.async.verify(password, created: request.passwordHash) else {
            throw ValidationFailure([FieldError(field: "password", message: wrongPassword)])
        }
        try await req.db.writeTransaction { db in
            try await SignUpRequest.query(on: db).filter(\.$id == request.requireID()).filter(\.$usedAt == nil).set(\.$usedAt, to: now).update()
            try await Person.query(on: db).filter(\.$id == person.requireID()).filter(\.$passwordHash == nil)
                .set(\.$passwordHash, to: request.passwordHash).set(\.$name, to: request.name)
                .set(\.$phone, to: request.phone ?? person.phone).update()
            guard try await Person.find(person.requireID(), on: db)?.passwordHash == request.passwordHash else { throw AppError.notFound() }
            let grants = try await SessionStore.activeGrants(of: person.requireID(), on: db)
            if !grants.contains(where: { $0.role == .applicant }) {
                try await RoleGrants.create(Grant(role: .applicant, operatorID: nil, campusID: nil, employerID: nil), for: person.requireID(), by: nil, on: db)
            }
            try await req.authChanged(of: person.requireID(), on: db)
        }
        return (person, request.next)
    }

    // MARK: Pages

    @Sendable static func form(_ req: Request) async throws -> Response {
        if req.principalIfAny != nil { return req.redirect(to: RecruitmentRoutes.catalogue.url) }
        return RecruitmentPages.signUp(req, values: ["next": (try? req.query.get(String.self, at: "next")) ?? ""], errors: [])
    }

    static let signing = Action { req, values in try await request(req, values: values) }

    /// In the demo no mail leaves: the page shows the link that would have been sent.
    @Sendable static func sentPage(_ req: Request, link: String?) -> Response {
        let demo: HTML = req.ieum.isDemo && link != nil
            ? "<p class=\"muted\">\(req.t("데모에서는 메일이 나가지 않으니 여기서 여세요:", "The demo sends no mail; open it here:")) <a href=\"\(link!)\">\(req.t("가입 마치기", "Finish signing up"))</a></p>"
            : .empty
        return Layout.page(req, title: req.t("메일을 확인하세요", "Check your e-mail"),
                           body: "<div class=\"alert ok\" role=\"status\">\(sent.in(req.lang))</div>\(demo)")
    }

    @Sendable static func confirmPage(_ req: Request) async throws -> Response {
        let token = (try? req.query.get(String.self, at: "token")) ?? ""
        guard try await pending(token, now: req.now, on: req.db) != nil else { return unusable(req) }
        return confirmForm(req, token: token, errors: [])
    }

    /// The link's token and the password chosen when signing up, typed again.
    static let confirmation = Action { req, values -> (person: Person, next: String?) in
        var reader = FieldReader(values)
        let token = reader.text("token", max: 100)
        let password = reader.raw("password")
        try reader.finish()
        let (person, next) = try await confirm(req, token: token ?? "", password: password)
        return (person, next)
    }

    /// Signed up: logged in at once, and on to where the person was going.
    @Sendable static func startSession(_ req: Request, _ confirmed: (person: Person, next: String?)) async throws -> Response {
        let (session, _) = try await SessionStore.start(for: try confirmed.person.requireID(), kind: .web, secondFactorPending: false, on: req)
        let response = req.redirect(to: SafeRedirect.path(confirmed.next, fallback: RecruitmentRoutes.catalogue.url), redirectType: .normal)
        response.cookies[req.sessionCookieName] = HTTPCookies.Value(
            string: session, path: "/", isSecure: req.ieum.secureCookies, isHTTPOnly: true, sameSite: .lax)
        return response
    }

    static func confirmForm(_ req: Request, token: String, errors: [FieldError], status: HTTPResponseStatus = .ok) -> Response {
        let fields = [
            FieldSpec(name: "token", label: Localized("", ""), kind: .hidden),
            FieldSpec(name: "password", label: Localized("가입할 때 정한 비밀번호", "The password you chose"), kind: .password),
        ]
        let body: HTML = """
            <div class="login">
            <p>\(req.t("비밀번호를 한 번 더 넣으면 가입이 끝납니다.", "Type your password once more to finish signing up."))</p>
            \(Components.form(req, action: SignUpRoutes.confirm.url, fields: fields, values: ["token": token], errors: errors, submit: Localized("가입 마치기", "Finish signing up")))
            </div>
            """
        return Layout.page(req, title: req.t("가입 마치기", "Finish signing up"), body: body, status: status)
    }

    static func unusable(_ req: Request) -> Response {
        Layout.page(req, title: req.t("가입 링크", "Sign-up link"), body: """
            <p>\(req.t("이 링크는 쓸 수 없습니다. 이미 가입을 마쳤거나 24시간이 지났습니다. 로그인하거나 다시 가입하세요.", "This link cannot be used: signing up was finished already, or 24 hours have passed. Log in, or sign up again."))</p>
            <p><a class="button" href="\(SiteRoutes.login.url)">\(req.t("로그인", "Log in"))</a> <a class="button" href="\(SignUpRoutes.form.url)">\(req.t("다시 가입", "Sign up again"))</a></p>
            """, status: .notFound)
    }

    // MARK: API

    struct Sent: Content { let message: String }

    struct Created: Content {
        let personID: Int
        enum CodingKeys: String, CodingKey { case personID = "person_id" }
    }

    static let confirmBody = Body([.text("token", max: 100), .password("password")])
}
