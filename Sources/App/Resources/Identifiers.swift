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
    static let roles: [Role] = [.programManager, .operatorAdmin, .campusStaff]

    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        pages.grouped("people", ":id").grouped(RequireRole(roles)).grouped(RecordGuard<PersonResource>(mode: .read))
            .get("identifiers", use: page)
        api.grouped("people", ":id").grouped(RequireRole(roles)).grouped(RecordGuard<PersonResource>(mode: .read))
            .get("identifiers", use: json)
    }

    static func reveal(_ req: Request) async throws -> IdentifiersOutput {
        let person = try req.loaded(Person.self)
        let principal = try req.principal
        let output = IdentifiersOutput(personID: try person.requireID(), residentNumber: try person.reveal(.residentNumber, with: req.cipher),
                                       bankName: person.bankName, bankAccount: try person.reveal(.bankAccount, with: req.cipher))
        try await AccessLog.record(req, actor: principal.personID, subject: person.id, action: "unmask")
        return output
    }

    @Sendable static func json(_ req: Request) async throws -> IdentifiersOutput { try await reveal(req) }

    @Sendable static func page(_ req: Request) async throws -> Response {
        let out = try await reveal(req)
        let person = try req.loaded(Person.self)
        let lang = req.lang
        let body: HTML = """
            <p><a href="/people/\(out.personID)">← \(person.name)</a></p>
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
