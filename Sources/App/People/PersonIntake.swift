import Fluent
import IeumCore
import Vapor

/// Adding a person: program-level support registers them directly; an academy invites them into the role, and
/// is told the same whether or not the address already has an account (issue 21).
enum PersonIntake {
    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        // The resource's create, by its slug: on the API builder the same path lies under /api/v1.
        pages.register(.POST, PersonResource.records.template, roles: PersonResource.writeRoles, action: intake,
                       show: { req, outcome in
                           switch outcome {
                           case let .registered(person): return req.redirect(to: PersonResource.path(person), redirectType: .normal)
                           case .invited: return InvitationViews.sentPage(req, links: [(PersonResource.newRecord.url, Localized("한 명 더", "Add another")),
                                                                                       (PersonResource.records.url, Localized("사람 목록", "People"))])
                           }
                       },
                       retry: { req, values, errors in
                           try await ResourceController<PersonResource>().formPage(req, record: nil, values: values, errors: errors, status: .unprocessableEntity)
                       })
        api.register(.POST, PersonResource.records.template, roles: PersonResource.writeRoles, use: intake.answering(status: .created) { req, outcome in
            switch outcome {
            case let .registered(person): return try await PersonResource.created(person, req)
            case let .invited(invitation): return try InvitationSent.response(invitation, req)
            }
        })
    }

    static let body = Body([
        .text("name", max: 50), .email("email"), .phone("phone", required: false), .day("birth_date", required: false),
        .choice("residence_region", Region.self, required: false), .choice("role", Role.self),
        .id("operator_id", required: false), .id("campus_id", required: false), .id("employer_id", required: false),
        // Program-level support registers the person directly, with these too.
        .password("password", required: false), .field("resident_number", .text(maxLength: 20, pattern: ResidentNumber.pattern), required: false, "YYMMDD-1234567"),
        .text("bank_name", max: 40, required: false), .field("bank_account", .text(maxLength: 30, pattern: BankAccount.pattern), required: false, "10 to 16 digits, dashes allowed"),
    ])

    static func invite(_ req: Request, values: [String: String]) async throws -> Invitation {
        let principal = try req.principal
        var reader = FieldReader(values)
        let name = reader.text("name", max: 50)
        let email = reader.email("email")
        let phone = reader.phone("phone", required: false)
        let birth = reader.day("birth_date", required: false)
        let region = reader.choice("residence_region", Region.self, required: false)
        let grant = try await RoleGrants.read(&reader, principal: principal, on: req.db)
        if let grant, grant.operatorID == nil {
            reader.fail("operator_id", "운영기관을 고르세요.", "Choose an operator.")
        }
        try reader.finish()
        guard let name, let email, let grant else { throw ValidationFailure(reader.errors) }
        let target = Invitations.Target(email: email, name: name, phone: phone, birthDate: birth?.description, region: region?.rawValue)
        return try await req.db.writeTransaction { db in
            try await Invitations.invite(target, to: .role(grant), by: principal.personID, base: req.linkBase, now: req.now, on: db)
        }
    }

    enum Outcome: Sendable {
        case registered(Person)
        case invited(Invitation)
    }

    static let intake = Action { req, values -> Outcome in
        guard try !req.principal.isProgramManager else {
            return .registered(try await ResourceController<PersonResource>().creation.perform(req, values))
        }
        return .invited(try await invite(req, values: values))
    }
}
