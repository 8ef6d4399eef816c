import Fluent
import IeumCore
import Vapor

/// A forgotten password, chosen again through a link sent to the account's address. Asking answers the same for
/// every address and is throttled alike for all, so it tells nobody which addresses have an account; the link
/// works once, for 30 minutes, and only the newest one sent; using it ends every session of the account and tells
/// the owner by mail. It does not log in: a staff account still passes its second factor at the login.
enum PasswordReset {
    static let lifetime: TimeInterval = 30 * 60

    static let throttle = AttemptThrottle(kind: "password_reset_attempt", window: 15 * 60, perClient: 20, perAddress: 3, message: Localized(
        "비밀번호 재설정 요청이 너무 많습니다. 잠시 뒤에 다시 시도하세요.", "Too many password reset requests. Please try again later."))

    static let sent = Localized(
        "그 주소로 가입한 계정이 있으면 비밀번호를 새로 정하는 링크를 메일로 보냈습니다. 30분 안에 여세요. 메일이 오지 않으면 스팸함을 보거나 주소를 확인하세요.",
        "If an account has that address, we sent it a link to choose a new password. Open it within 30 minutes. No message? Check the spam folder, or the address.")

    static let requestBody = Body([.email("email")])
    static let chooseBody = Body([.text("token", max: 100), .password("password")])

    struct Sent: Content { let message: String }

    static func register(site: any RoutesBuilder, api: any RoutesBuilder) {
        site.register(.GET, PasswordResetRoutes.request.template, use: requestPage)
        site.register(.POST, PasswordResetRoutes.request.template, action: asking, show: sentPage,
                      retry: { req, values, errors in requestForm(req, values: values, errors: errors) })
        site.register(.GET, PasswordResetRoutes.choose.template, use: choosePage)
        site.register(.POST, PasswordResetRoutes.choose.template, action: choosing, show: { req, _ in donePage(req) },
                      retry: { req, values, errors in
                          // A link used up, too old or unknown is not a problem of the password typed.
                          if errors.contains(where: { $0.field == formRefusal || $0.field == "token" }) { return unusable(req) }
                          return chooseForm(req, token: values["token"] ?? "", errors: errors)
                      }, shownRefusals: [.notFound])
        api.register(PasswordResetRoutes.requestJSON, action: asking) { req, _ in Sent(message: sent.in(req.lang)) }
        api.register(PasswordResetRoutes.chooseJSON, action: choosing) { _, _ in HTTPStatus.noContent }
    }

    // MARK: Use cases

    /// Sends the link if the address has an account one can log in to (not one closed by its owner). The answer
    /// waits only for what every address costs alike (reading the form, the throttle); finding the account and
    /// mailing it happen after, so how long the answer takes says nothing of the address. The demo's page shows the
    /// link (no mail leaves a demo machine), so there it waits for the link.
    static let asking = Action { req, values -> String? in
        var reader = FieldReader(values)
        let email = reader.email("email")
        try reader.finish()
        guard let email else { return nil }
        try await throttle.admit(email: email, on: req)
        let app = req.application, now = req.now, linkBase = req.linkBase, logger = req.logger
        let send: @Sendable () async -> String? = {
            do { return try await sendLink(to: email, now: now, linkBase: linkBase, on: app.db) } catch {
                logger.error("password reset link not sent: \(String(reflecting: error))")
                return nil
            }
        }
        if req.ieum.isDemo { return await send() }
        app.backgroundWork.start { _ = await send() }
        return nil
    }

    /// The link's path, or nil when the address has no account one can log in to.
    static func sendLink(to email: String, now: Date, linkBase: String, on db: any Database) async throws -> String? {
        guard let person = try await Person.query(on: db).filter(\.$email == email).first(), person.passwordHash != nil,
              try await !DeletionRequest.closes(person.requireID(), on: db) else { return nil }
        let token = Tokens.random(), personID = try person.requireID()
        let link = PasswordResetRoutes.choose.url(["token": token])
        try await db.writeTransaction { db in
            // Only the newest link works: an older one in a mailbox someone else reads is dead.
            try await PasswordResetRequest.query(on: db).filter(\.$personID == personID).filter(\.$usedAt == nil).set(\.$usedAt, to: now).update()
            let request = PasswordResetRequest()
            request.personID = personID
            request.tokenHash = Tokens.hash(token)
            request.createdAt = now
            request.expiresAt = now.addingTimeInterval(lifetime)
            try await request.create(on: db)
            try await Outbox.send(to: person, subject: Localized("[이음] 비밀번호 다시 정하기", "[Ieum] Choose a new password"),
                                  body: Localized("아래 링크를 열어 새 비밀번호를 정하세요(30분 동안 한 번 쓸 수 있습니다). 직접 한 일이 아니라면 이 메일은 무시하세요. 비밀번호는 그대로입니다.",
                                                  "Open the link below to choose a new password (it works once, for 30 minutes). If it was not you, ignore this message: your password stays as it is."),
                                  link: linkBase + link, now: now, on: db)
        }
        return link
    }

    /// The link's token and the new password (typed twice on the page).
    static let choosing = Action { req, values -> Person in
        var reader = FieldReader(values)
        let token = reader.text("token", max: 100) ?? ""
        let password = reader.raw("password")
        if let again = values["password_again"], again != password {
            reader.fail("password_again", "두 번 넣은 비밀번호가 다릅니다.", "The two passwords are not the same.")
        }
        guard let (request, person) = try await pending(token, now: req.now, on: req.db) else {
            throw AppError(status: .notFound, code: "link_unusable", message: unusableMessage)
        }
        Passwords.check(password, field: "password", personal: [person.name, person.email], into: &reader)
        try reader.finish()
        try await choose(req, password: password, request: request, person: person)
        return person
    }

    /// The request behind a link: unused, unexpired, for an account one can log in to.
    static func pending(_ token: String, now: Date, on db: any Database) async throws -> (PasswordResetRequest, Person)? {
        guard !token.isEmpty, token.count <= 100,
              let request = try await PasswordResetRequest.query(on: db).filter(\.$tokenHash == Tokens.hash(token)).first(),
              request.usedAt == nil, request.expiresAt > now,
              let person = try await Person.find(request.personID, on: db), person.passwordHash != nil,
              try await !DeletionRequest.closes(request.personID, on: db) else { return nil }
        return (request, person)
    }

    /// Uses the link up (only one of two requests racing with it wins), sets the password, ends every session.
    static func choose(_ req: Request, password: String, request: PasswordResetRequest, person: Person) async throws {
        let hash = try await req.password.async.hash(password)
        let now = req.now, personID = try person.requireID(), claim = "used:" + Tokens.random()
        try await req.db.writeTransaction { db in
            try await PasswordResetRequest.query(on: db).filter(\.$id == request.requireID()).filter(\.$usedAt == nil)
                .set(\.$usedAt, to: now).set(\.$tokenHash, to: claim).update()
            guard try await PasswordResetRequest.query(on: db).filter(\.$tokenHash == claim).first() != nil else {
                throw AppError(status: .notFound, code: "link_unusable", message: unusableMessage)
            }
            try await Person.query(on: db).filter(\.$id == personID).set(\.$passwordHash, to: hash).update()
            try await AuthSession.query(on: db).filter(\.$person.$id == personID).delete()
            try await SecurityEvent(kind: "password_reset", email: person.email, personID: personID, ip: req.clientAddress, at: now).create(on: db)
            try await Outbox.send(to: person, subject: Localized("[이음] 비밀번호가 바뀌었습니다", "[Ieum] Your password was changed"),
                                  body: Localized("방금 이음 비밀번호를 새로 정했고, 로그인해 있던 모든 곳에서 로그아웃했습니다. 직접 한 일이 아니라면 곧바로 비밀번호를 다시 정하고 운영 담당자에게 알리세요.",
                                                  "Your Ieum password was just changed, and every session was logged out. If it was not you, choose a new password at once and tell the program's support."),
                                  link: req.linkBase + PasswordResetRoutes.request.url, now: now, on: db)
            try await req.authChanged(of: personID, on: db)
        }
    }

    static let unusableMessage = Localized(
        "이 링크는 쓸 수 없습니다. 이미 썼거나, 30분이 지났거나, 그 뒤에 새 링크를 받았습니다. 다시 요청하세요.",
        "This link cannot be used: it was used already, 30 minutes have passed, or a newer link was sent. Ask again.")
}
