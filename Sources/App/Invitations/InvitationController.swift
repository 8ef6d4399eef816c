import Fluent
import IeumCore
import Vapor

/// The invited person's side: their pending invitations, accepting and declining, and the e-mail link that lets
/// someone without a password set one and accept in one step. The academy's side: its cohort's invitations.
enum InvitationController {
    static func register(site: any RoutesBuilder, member: any RoutesBuilder, apiMember: any RoutesBuilder) {
        let routes = InvitationRoutes.self
        let own: [any Middleware] = [InvitationGuard()], cohort: [any Middleware] = [RecordGuard<CohortResource>(mode: .write)]
        site.register(.GET, routes.claim.template, use: claimPage)
        site.register(.POST, routes.claim.template, use: claim)
        member.register(.GET, routes.mine.template, use: minePage)
        member.register(.POST, routes.accept.template, guards: own, action: acceptance, next: { _, _ in SiteRoutes.home.url })
        member.register(.POST, routes.decline.template, guards: own, action: refusal, next: { _, _ in InvitationRoutes.mine.url })
        apiMember.register(routes.mineJSON, use: mineJSON)
        apiMember.register(routes.acceptJSON, guards: own, action: acceptance) { _, _ in HTTPStatus.noContent }
        apiMember.register(routes.declineJSON, guards: own, action: refusal) { _, _ in HTTPStatus.noContent }
        member.register(.GET, routes.cohort.template, roles: CohortResource.writeRoles, guards: cohort, use: cohortPage)
        apiMember.register(routes.cohortJSON, guards: cohort, use: cohortJSON)
    }

    // MARK: The invited person

    static func pending(for personID: Int, now: Date, on db: any Database) async throws -> [Invitation] {
        try await Invitation.query(on: db).filter(\.$personID == personID).filter(\.$state == Invitation.State.pending.rawValue)
            .filter(\.$withheld == nil).filter(\.$expiresAt > now).sort(\.$createdAt).all()
    }

    static func describe(_ list: [Invitation], lang: Lang, on db: any Database) async throws -> [MyInvitationOutput] {
        let operators = try await Operator.query(on: db).filter(\.$id ~~ Set(list.map(\.operatorID))).all()
        let cohorts = try await Cohort.query(on: db).filter(\.$id ~~ Set(list.compactMap(\.cohortID))).all()
        let academy = Dictionary(uniqueKeysWithValues: operators.map { ($0.id ?? 0, $0.name) })
        let cohort = Dictionary(uniqueKeysWithValues: cohorts.map { ($0.id ?? 0, $0.name) })
        return list.map {
            MyInvitationOutput(id: $0.id ?? 0, academy: academy[$0.operatorID] ?? "", cohort: $0.cohortID.flatMap { cohort[$0] },
                               role: Role(rawValue: $0.role)?.name.in(lang) ?? $0.role, expiresAt: $0.expiresAt)
        }
    }

    @Sendable static func mineJSON(_ req: Request) async throws -> [MyInvitationOutput] {
        try await describe(try await pending(for: try req.principal.personID, now: req.now, on: req.db), lang: req.lang, on: req.db)
    }

    @Sendable static func minePage(_ req: Request) async throws -> Response {
        let list = try await describe(try await pending(for: try req.principal.personID, now: req.now, on: req.db), lang: req.lang, on: req.db)
        return Layout.page(req, title: req.t("받은 초대", "Invitations"), body: InvitationViews.mine(list, req))
    }

    static let acceptance = Action { req in
        let invitation = try req.loaded(Invitation.self)
        try await Invitations.accept(invitation, by: try req.principal.personID, now: req.now, on: req.db)
        try await req.authChanged(of: invitation.personID)
    }

    static let refusal = Action { req in
        try await Invitations.decline(try req.loaded(Invitation.self), by: try req.principal.personID, now: req.now, on: req.db)
    }

    // MARK: The e-mail link

    @Sendable static func claimPage(_ req: Request) async throws -> Response {
        let token = (try? req.query.get(String.self, at: "token")) ?? ""
        guard let invitation = try await Invitations.byToken(token, now: req.now, on: req.db),
              let person = try await Person.find(invitation.personID, on: req.db) else {
            return Layout.page(req, title: req.t("초대 링크", "Invitation link"), body: InvitationViews.unusable(req), status: .notFound)
        }
        let described = try await describe([invitation], lang: req.lang, on: req.db)[0]
        return Layout.page(req, title: req.t("초대", "Invitation"),
                           body: InvitationViews.claim(described, token: token, hasPassword: person.passwordHash != nil, errors: [], req))
    }

    /// Sets the password of an account that has none, logs the person in and accepts — or declines.
    @Sendable static func claim(_ req: Request) async throws -> Response {
        let values = try req.submittedValues()
        let token = values["token"] ?? ""
        guard let invitation = try await Invitations.byToken(token, now: req.now, on: req.db),
              let person = try await Person.find(invitation.personID, on: req.db) else {
            return Layout.page(req, title: req.t("초대 링크", "Invitation link"), body: InvitationViews.unusable(req), status: .notFound)
        }
        if values["answer"] == "decline" {
            try await Invitations.decline(invitation, by: invitation.personID, now: req.now, on: req.db)
            return Layout.page(req, title: req.t("초대를 거절했습니다", "Invitation declined"), body: InvitationViews.declined(req))
        }
        // Someone with a password logs in first; the link alone is not enough to take an existing account.
        guard person.passwordHash == nil else {
            return req.redirect(to: SiteRoutes.login.url(["next": InvitationRoutes.mine.url]), redirectType: .normal)
        }
        var reader = FieldReader(values)
        let password = values["password"] ?? ""
        Passwords.check(password, field: "password", personal: [person.name, person.email], into: &reader)
        if reader.errors.isEmpty && password != values["password_again"] {
            reader.fail("password_again", "두 비밀번호가 다릅니다.", "The two passwords differ.")
        }
        guard reader.errors.isEmpty else {
            let described = try await describe([invitation], lang: req.lang, on: req.db)[0]
            return Layout.page(req, title: req.t("초대", "Invitation"),
                               body: InvitationViews.claim(described, token: token, hasPassword: false, errors: reader.errors, req),
                               status: .unprocessableEntity)
        }
        let hash = try await req.password.async.hash(password)
        // The password is set only if it still has none: two tabs cannot both choose one.
        try await Person.query(on: req.db).filter(\.$id == person.requireID()).filter(\.$passwordHash == nil)
            .set(\.$passwordHash, to: hash).update()
        guard try await Person.find(person.requireID(), on: req.db)?.passwordHash == hash else {
            return req.redirect(to: SiteRoutes.login.url(["next": InvitationRoutes.mine.url]), redirectType: .normal)
        }
        try await Invitations.accept(invitation, by: invitation.personID, now: req.now, on: req.db)
        try await req.authChanged(of: invitation.personID)
        let (session, _) = try await SessionStore.start(for: invitation.personID, kind: .web, secondFactorPending: false, on: req)
        let response = req.redirect(to: SiteRoutes.home.url, redirectType: .normal)
        response.cookies[req.sessionCookieName] = HTTPCookies.Value(
            string: session, path: "/", isSecure: req.ieum.secureCookies, isHTTPOnly: true, sameSite: .lax)
        return response
    }

    // MARK: The academy

    static func ofCohort(_ req: Request) async throws -> [Invitation] {
        let cohort = try req.loaded(Cohort.self)
        return try await Invitation.query(on: req.db).filter(\.$cohortID == cohort.requireID())
            .sort(\.$createdAt, .descending).sort(\.$id, .descending).limit(500).all()
    }

    @Sendable static func cohortJSON(_ req: Request) async throws -> [InvitationOutput] {
        try await ofCohort(req).map { InvitationOutput($0, now: req.now) }
    }

    @Sendable static func cohortPage(_ req: Request) async throws -> Response {
        let cohort = try req.loaded(Cohort.self)
        let list = try await ofCohort(req).map { InvitationOutput($0, now: req.now) }
        return Layout.page(req, title: req.t("\(cohort.name) — 초대", "\(cohort.name) — invitations"),
                           body: InvitationViews.ofCohort(cohort, list, req))
    }
}
