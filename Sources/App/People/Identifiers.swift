import Fluent
import IeumCore
import Vapor

struct IdentifiersOutput: Content {
    let personID: Int
    let residentNumber: String?
    let bankName: String?
    let bankAccount: String?

    enum CodingKeys: String, CodingKey {
        case personID = "person_id"
        case residentNumber = "resident_number"
        case bankName = "bank_name"
        case bankAccount = "bank_account"
    }
}

/// The unmasked identifiers, for the staff who pay allowances and report to the program. Each look is
/// written to the access log as "unmask".
enum Identifiers {
    static let roles: [Role] = [.operatorAdmin, .campusStaff]
    /// Training now, or chosen for it: the academy pays the allowance and reports the trainee (issue 21: only
    /// while it has a reason). Afterwards, or for another academy, the numbers are not shown even masked.
    static let activeStates = [EnrollmentState.selected.rawValue, EnrollmentState.enrolled.rawValue]

    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        let unmask: [any Middleware] = [RequireRole(roles), RecordGuard<PersonResource>(mode: .read), RequireIdentifierReason()]
        pages.register(.GET, PeopleRoutes.identifiers.template, guards: unmask, use: page)
        api.register(PeopleRoutes.identifiersJSON, guards: unmask, use: json)
    }

    /// The academies whose numbers the principal may read for this person: those training the person now, within the
    /// principal's own campuses.
    static func academies(_ principal: Principal, personID: Int, on db: any Database) async throws -> Set<Int> {
        guard principal.hasAny(roles), !principal.writeScope.isEmpty, !principal.writeScope.everything else { return [] }
        let scope = principal.writeScope
        return Set(try await Enrollment.query(on: db).filter(\.$person.$id == personID).filter(\.$state ~~ activeStates)
            .group(.or) { $0.filter(\.$operatorID ~~ scope.operators).filter(\.$campusID ~~ scope.campuses) }
            .all().map(\.operatorID))
    }

    static func hasReason(_ principal: Principal, personID: Int, on db: any Database) async throws -> Bool {
        !(try await academies(principal, personID: personID, on: db)).isEmpty
    }

    /// What those academies collected (the first, if the person trains with several of the principal's academies).
    static func held(for principal: Principal, personID: Int, on db: any Database) async throws -> HeldIdentifiers? {
        let academies = try await academies(principal, personID: personID, on: db)
        guard !academies.isEmpty else { return nil }
        return try await HeldIdentifiers.query(on: db).filter(\.$personID == personID).filter(\.$operatorID ~~ academies)
            .sort(\.$operatorID).first()
    }

    static func reveal(_ req: Request) async throws -> IdentifiersOutput {
        let person = try req.loaded(Person.self)
        let principal = try req.principal
        let held = try await held(for: principal, personID: try person.requireID(), on: req.db)
        let output = IdentifiersOutput(personID: try person.requireID(), residentNumber: try held?.reveal(.residentNumber, with: req.cipher),
                                       bankName: held?.bankName, bankAccount: try held?.reveal(.bankAccount, with: req.cipher))
        try await AccessLog.record(req, actor: principal.personID, subject: person.id, action: "unmask")
        return output
    }

    @Sendable static func json(_ req: Request) async throws -> IdentifiersOutput { try await reveal(req) }

    @Sendable static func page(_ req: Request) async throws -> Response {
        let out = try await reveal(req)
        let person = try req.loaded(Person.self)
        let lang = req.lang
        let body: HTML = """
            <p><a href="\(PersonResource.record(out.personID))">← \(person.name)</a></p>
            <div class="alert error" role="note">\(lang.pick("이 화면을 연 기록이 열람 기록에 남았습니다. 필요한 업무에만 쓰세요.", "Opening this page was written to the access log. Use it only for the work that needs it."))</div>
            \(Components.definitionList([
                (lang.pick("주민(외국인)등록번호", "Registration number"), "\(out.residentNumber ?? "—")"),
                (lang.pick("은행", "Bank"), "\(out.bankName ?? "—")"),
                (lang.pick("계좌번호", "Account number"), "\(out.bankAccount ?? "—")"),
            ]))
            """
        return Layout.page(req, title: lang.pick("\(person.name) — 고유식별정보", "\(person.name) — identifiers"), body: body)
    }
}

/// Lets the unmasked numbers through only to an academy that trains the person now (`Identifiers.hasReason`).
struct RequireIdentifierReason: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let person = try request.loaded(Person.self)
        guard try await Identifiers.hasReason(try request.principal, personID: try person.requireID(), on: request.db) else {
            throw AppError(status: .forbidden, code: "no_current_reason", message: Localized(
                "이 사람을 지금 훈련하는 기관의 담당자만 고유식별정보를 볼 수 있습니다.",
                "Only staff of the academy training this person now may see these numbers."))
        }
        return try await next.respond(to: request)
    }
}
