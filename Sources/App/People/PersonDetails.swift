import Fluent
import IeumCore
import Vapor

enum PersonDetails {
    static func render(_ r: Person, _ req: Request, _ principal: Principal) async throws -> HTML {
        let lang = req.lang
        let id = try r.requireID()
        let grants = try await RoleGrant.query(on: req.db).filter(\.$person.$id == id).filter(\.$revokedAt == nil).all()
            .filter { RoleGrants.shows(role: $0.role, operatorID: $0.operatorID, campusID: $0.campusID, employerID: $0.employerID, of: id, to: principal) }
        let held = try await Identifiers.held(for: principal, personID: id, on: req.db)
        let masked = held?.masked(with: req.cipher)
        let operatorNames = Dictionary(try await Operator.query(on: req.db).all().map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        let grantable = RoleGrants.grantable(by: principal)
        let grantRows = grants.map { g -> [HTML] in
            let role = Role(rawValue: g.role)
            let whereText = g.operatorID.flatMap { operatorNames[$0] } ?? ""
            let canRevoke = role.map(grantable.contains) == true && g.$person.id != principal.personID
                && (principal.isProgramManager || g.operatorID.map { principal.canWrite(.academy($0)) } == true)
            let revoke: HTML = canRevoke ? """
                <form method="post" action="\(PeopleRoutes.revokeRole(id, g.id ?? 0))" class="inline"><input type="hidden" name="_csrf" value="\(req.csrfToken)"><button class="link" type="submit">\(lang.pick("회수", "Revoke"))</button></form>
                """ : .empty
            return ["\(role?.name.in(lang) ?? g.role)", "\(whereText)", revoke]
        }
        let enrollments = try await Enrollment.query(on: req.db).filter(\.$person.$id == id)
            .with(\.$cohort) { $0.with(\.$course) }.all()
            .filter { principal.readScope.allows(operatorID: $0.operatorID, campusID: $0.campusID) || id == principal.personID }
        let enrollmentRows = enrollments.map { e -> [HTML] in
            [Components.link(EnrollmentResource.path(e), e.cohort.name), "\(e.cohort.course.title)",
             Components.badge(EnrollmentState(rawValue: e.state)?.name.in(lang) ?? e.state, e.state)]
        }
        // Shown open when it comes back refused, its errors in sight.
        let refused = req.storage[SentFormKey.self]?.action == PeopleRoutes.roles(id)
        let grantForm: HTML = grantable.isEmpty ? .empty : """
            <details class="panel"\(refused ? " open" as HTML : .empty)><summary>\(lang.pick("역할 추가", "Give a role"))</summary>
            \(Components.form(req, action: PeopleRoutes.roles(id), fields: try await grantFields(req, principal), values: [:], errors: [], submit: Localized("역할 주기", "Give role")))
            </details>
            """
        return """
            \(Components.definitionList([
                (lang.pick("이메일", "E-mail"), "\(r.email)"),
                (lang.pick("휴대전화", "Mobile"), "\(r.phone ?? "—")"),
                (lang.pick("생년월일", "Date of birth"), "\(r.birthDate ?? "—")"),
                (lang.pick("거주 지역", "Lives in"), "\(r.residenceRegion.map { Region.label($0, lang) } ?? "—")"),
                (lang.pick("주민(외국인)등록번호", "Registration number"), "\(masked?.residentNumber ?? "—")"),
                (lang.pick("훈련장려금 계좌", "Allowance account"), "\([masked?.bankName, masked?.bankAccount].compactMap { $0 }.joined(separator: " "))"),
            ]))
            \(held.map { revealLink($0, r, req) } ?? .empty)
            <h2>\(lang.pick("역할", "Roles"))</h2>
            \(Components.table(headers: [lang.pick("역할", "Role"), lang.pick("소속", "At"), ""], rows: grantRows, empty: lang.pick("역할이 없습니다.", "No roles.")))
            \(grantForm)
            <h2>\(lang.pick("수강 이력", "Enrollments"))</h2>
            \(Components.table(headers: [lang.pick("기수", "Cohort"), lang.pick("과정", "Course"), lang.pick("상태", "Status")], rows: enrollmentRows, empty: lang.pick("수강 이력이 없습니다.", "No enrollments.")))
            """
    }

    static func revealLink(_ held: HeldIdentifiers, _ r: Person, _ req: Request) -> HTML {
        guard held.residentNumberSealed != nil || held.bankAccountSealed != nil else { return .empty }
        return "<p><a href=\"\(PeopleRoutes.identifiers(r.id ?? 0))\">\(req.t("전체 번호 보기 (열람 기록이 남습니다)", "Show the full numbers (this is logged)"))</a></p>"
    }

    static func grantFields(_ req: Request, _ principal: Principal) async throws -> [FieldSpec] {
        try await PersonResource.fields(req, principal, creating: true).filter {
            ["role", "operator_id", "campus_id", "employer_id"].contains($0.name)
        }
    }
}

/// Giving and taking back roles; each change is kept with who did it and when.
enum PersonActions {
    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        let manager: [any Middleware] = [RequireRole(Roles.campusManagers), RecordGuard<PersonResource>(mode: .write), RequireRecentAuthentication()]
        let back: @Sendable (Request, Void) async throws -> String = { req, _ in PersonResource.record(try req.loaded(Person.self).requireID()) }
        pages.register(.POST, PeopleRoutes.roles.template, guards: manager, action: granting, next: back,
                       retry: reshowing(ResourceController<PersonResource>().showPage), shownRefusals: [.conflict])
        pages.register(.POST, PeopleRoutes.revokeRole.template, guards: manager, action: revocation, next: back)
        // The grant is read as part of its person.
        api.register(PeopleRoutes.grantRoleJSON, guards: manager, action: granting,
                     location: { req, _ in APIEndpoint.prefix + PersonResource.path(try req.loaded(Person.self)) }) { req, _ in try await PersonResource.output(try req.loaded(Person.self), req) }
        api.register(PeopleRoutes.revokeRoleJSON, guards: manager, action: revocation) { _, _ in HTTPStatus.noContent }
    }

    static func grant(_ req: Request) async throws {
        let person = try req.loaded(Person.self)
        let principal = try req.principal
        var reader = try req.reader()
        let grant = try await RoleGrants.read(&reader, principal: principal, on: req.db)
        try reader.finish()
        guard let grant else { throw AppError.badRequest(Localized("역할을 고르세요.", "Choose a role.")) }
        try await RoleGrants.create(grant, for: try person.requireID(), by: principal.personID, on: req.db)
        try await req.authChanged(of: try person.requireID())
    }

    static func revoke(_ req: Request) async throws {
        let person = try req.loaded(Person.self)
        let principal = try req.principal
        guard let grantID = req.parameters.get("grantID", as: Int.self),
              let grant = try await RoleGrant.find(grantID, on: req.db), grant.$person.id == person.id,
              grant.revokedAt == nil else { throw AppError.notFound() }
        let role = Role(rawValue: grant.role)
        guard role.map(RoleGrants.grantable(by: principal).contains) == true,
              principal.isProgramManager || grant.operatorID.map({ principal.canWrite(.academy($0)) }) == true else {
            throw AppError.forbidden()
        }
        guard grant.$person.id != principal.personID else {
            throw AppError.conflict(Localized("자기 자신의 역할은 회수할 수 없습니다.", "You cannot revoke your own role."))
        }
        grant.revokedAt = req.now
        grant.revokedBy = principal.personID
        try await grant.update(on: req.db)
        try await req.authChanged(of: try person.requireID())
    }

    static let granting = Action { req in try await grant(req) }
    static let revocation = Action { req in try await revoke(req) }
}
