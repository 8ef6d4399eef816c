import Fluent
import Foundation
import IeumCore
import Vapor

struct CatalogueEntry: Content {
    let cohortID: Int
    let course: String
    let track: String
    let cohort: String
    let operatorName: String
    let campus: String
    let region: String
    let regionName: String
    let startsOn: String
    let endsOn: String
    let totalHours: Int
    let seats: Int
    let opensOn: String
    let closesOn: String
    let deadline: Date
    let open: Bool
    let eligibility: [String]
    let hasTest: Bool
    let residentShare: Int
    enum CodingKeys: String, CodingKey {
        case course, track, cohort, campus, region, seats, deadline, open, eligibility
        case cohortID = "cohort_id"
        case operatorName = "operator"
        case regionName = "region_name"
        case startsOn = "starts_on"
        case endsOn = "ends_on"
        case totalHours = "total_hours"
        case opensOn = "opens_on"
        case closesOn = "closes_on"
        case hasTest = "has_test"
        case residentShare = "resident_share"
    }
}

/// The public course catalogue (`/apply`): published recruitments whose closing day has not passed, readable
/// without an account.
enum Catalogue {
    static func entries(now: Date, lang: Lang, cohortID: Int? = nil, on db: any Database) async throws -> [CatalogueEntry] {
        var query = Recruitment.query(on: db).filter(\.$publishedAt != nil)
        if let cohortID { query = query.filter(\.$cohortID == cohortID) } else { query = query.filter(\.$closesOn >= Day(now).description) }
        let recruitments = try await query.all()
        guard !recruitments.isEmpty else { return [] }
        let cohorts = try await Cohort.query(on: db).filter(\.$id ~~ recruitments.map(\.cohortID))
            .with(\.$course).with(\.$campus) { $0.with(\.$operator) }.all()
        let byID = Dictionary(uniqueKeysWithValues: cohorts.map { ($0.id!, $0) })
        return recruitments.compactMap { r -> CatalogueEntry? in
            guard let c = byID[r.cohortID] else { return nil }
            let region = Region(rawValue: c.campus.region)
            return CatalogueEntry(
                cohortID: r.cohortID, course: c.course.title, track: c.course.track, cohort: c.name, operatorName: c.campus.operator.name,
                campus: c.campus.name, region: c.campus.region, regionName: region?.name.in(lang) ?? c.campus.region,
                startsOn: c.startsOn, endsOn: c.endsOn, totalHours: c.course.totalHours, seats: c.capacity, opensOn: r.opensOn,
                closesOn: r.closesOn, deadline: r.deadline, open: r.isOpen(at: now), eligibility: r.rules.map { $0.description.in(lang) },
                hasTest: r.hasTest, residentShare: r.residentShare)
        }.sorted { ($0.closesOn, $0.cohortID) < ($1.closesOn, $1.cohortID) }
    }

    static func register(site: any RoutesBuilder, api: any RoutesBuilder) {
        site.get("apply", use: page)
        site.get("apply", ":cohortID", use: detailPage)
        api.get("catalogue", use: list)
        api.get("catalogue", ":cohortID", use: detail)
    }

    static func entry(_ req: Request) async throws -> CatalogueEntry {
        guard let id = req.parameters.get("cohortID", as: Int.self),
              let entry = try await entries(now: req.now, lang: req.lang, cohortID: id, on: req.db).first else { throw AppError.notFound() }
        return entry
    }

    @Sendable static func list(_ req: Request) async throws -> [CatalogueEntry] {
        var all = try await entries(now: req.now, lang: req.lang, on: req.db)
        if let region = try? req.query.get(String.self, at: "region"), !region.isEmpty { all = all.filter { $0.region == region } }
        return all
    }

    @Sendable static func detail(_ req: Request) async throws -> CatalogueEntry { try await entry(req) }

    @Sendable static func page(_ req: Request) async throws -> Response {
        let all = try await list(req)
        let region = (try? req.query.get(String.self, at: "region")) ?? ""
        return RecruitmentPages.catalogue(req, entries: all, region: region)
    }

    @Sendable static func detailPage(_ req: Request) async throws -> Response {
        let e = try await entry(req)
        var mine: Admission?
        if let p = req.principalIfAny {
            mine = try await Admission.query(on: req.db).filter(\.$cohortID == e.cohortID).filter(\.$personID == p.personID).first()
        }
        let r = try await Recruitment.query(on: req.db).filter(\.$cohortID == e.cohortID).first()!
        return RecruitmentPages.course(req, entry: e, questions: r.questions, mine: mine)
    }
}

/// Creating an applicant account: a person with a password and the applicant role, logged in at once.
enum SignUp {
    static func register(site: any RoutesBuilder, api: any RoutesBuilder) {
        site.get("signup", use: form)
        site.post("signup", use: signUpFromForm)
        api.post("signup", use: signUpFromJSON)
    }

    static let fields = [
        FieldSpec(name: "name", label: Localized("이름", "Name")),
        FieldSpec(name: "email", label: Localized("이메일", "E-mail"), kind: .email),
        FieldSpec(name: "phone", label: Localized("휴대전화", "Mobile phone"), kind: .tel),
        FieldSpec(name: "password", label: Localized("비밀번호", "Password"), kind: .password,
                  hint: Localized("12자 이상, 이름이나 이메일이 들어가지 않게", "At least 12 characters, without your name or e-mail")),
        FieldSpec(name: "next", label: Localized("", ""), kind: .hidden, required: false),
    ]

    static func create(_ req: Request) async throws -> Person {
        var reader = try req.reader()
        let name = reader.text("name", max: 50)
        let email = reader.email("email")
        let phone = reader.phone("phone")
        let password = reader.raw("password")
        try await SignUpThrottle.admit(email: email, on: req)
        Passwords.check(password, field: "password", personal: [name ?? "", email ?? ""], into: &reader)
        var collided = false
        if let email, try await Person.query(on: req.db).filter(\.$email == email).first() != nil {
            collided = true
            reader.fail("email", "이미 가입된 이메일입니다. 로그인하세요.", "This e-mail already has an account. Log in instead.")
        }
        if let phone, try await Person.query(on: req.db).filter(\.$phone == phone).first() != nil {
            collided = true
            reader.fail("phone", "다른 계정에 등록된 번호입니다. 그 계정으로 로그인하세요.", "This number belongs to another account; log in with it.")
        }
        if collided {
            try await SignUpThrottle.noteCollision(email: email, on: req)
        }
        try reader.finish()
        let hash = try await req.password.async.hash(password)
        let person = Person(name: name!, email: email!, phone: phone, passwordHash: hash)
        do {
            try await req.db.writeTransaction { db in
                try await person.create(on: db)
                try await RoleGrants.create(Grant(role: .applicant, operatorID: nil, campusID: nil, employerID: nil), for: person.requireID(), by: nil, on: db)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The same e-mail or number sent twice at once: the second finds the first.
            throw ValidationFailure([FieldError(field: "email", message: Localized("이미 가입된 이메일 또는 번호입니다. 로그인하세요.",
                                                                                  "This e-mail or number already has an account. Log in instead."))])
        }
        return person
    }

    @Sendable static func form(_ req: Request) async throws -> Response {
        if req.principalIfAny != nil { return req.redirect(to: "/apply") }
        return RecruitmentPages.signUp(req, values: ["next": (try? req.query.get(String.self, at: "next")) ?? ""], errors: [])
    }

    @Sendable static func signUpFromForm(_ req: Request) async throws -> Response {
        let values = try req.submittedValues()
        let person: Person
        do { person = try await create(req) } catch let failure as ValidationFailure {
            return RecruitmentPages.signUp(req, values: values, errors: failure.errors, status: .unprocessableEntity)
        }
        let (token, _) = try await SessionStore.start(for: try person.requireID(), kind: .web, secondFactorPending: false, on: req)
        let next = SafeRedirect.path(values["next"], fallback: "/apply")
        let response = req.redirect(to: next, redirectType: .normal)
        response.cookies[req.sessionCookieName] = HTTPCookies.Value(
            string: token, path: "/", isSecure: req.ieum.secureCookies, isHTTPOnly: true, sameSite: .lax)
        return response
    }

    struct Created: Content {
        let personID: Int
        enum CodingKeys: String, CodingKey { case personID = "person_id" }
    }

    @Sendable static func signUpFromJSON(_ req: Request) async throws -> Response {
        let person = try await create(req)
        let response = Response(status: .created)
        try response.content.encode(Created(personID: try person.requireID()))
        return response
    }
}
