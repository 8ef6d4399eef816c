import Fluent
import IeumCore
import Vapor

struct PersonOutput: Content {
    let id: Int
    let name: String
    let email: String
    let phone: String?
    let birthDate: String?
    let residenceRegion: String?
    /// Masked (900101-1******); the full number only through the logged identifiers endpoint.
    let residentNumber: String?
    let bankName: String?
    let bankAccount: String?
    let roles: [GrantOutput]

    enum CodingKeys: String, CodingKey {
        case id, name, email, phone, roles
        case birthDate = "birth_date"
        case residenceRegion = "residence_region"
        case residentNumber = "resident_number_masked"
        case bankName = "bank_name"
        case bankAccount = "bank_account_masked"
    }
}

/// People are visible to an academy through their enrollments in its cohorts and their roles in it.
enum PersonVisibility {
    static func ids(_ principal: Principal, on db: any Database) async throws -> Set<Int> {
        let scope = principal.readScope
        let enrolled = try await Enrollment.query(on: db)
            .group(.or) { $0.filter(\.$operatorID ~~ scope.operators).filter(\.$campusID ~~ scope.campuses).filter(\.$cohort.$id ~~ scope.cohorts) }
            .all(\.$person.$id)
        let granted = try await RoleGrant.query(on: db).filter(\.$revokedAt == nil)
            .group(.or) { $0.filter(\.$operatorID ~~ scope.operators).filter(\.$campusID ~~ scope.campuses) }
            .all(\.$person.$id)
        return Set(enrolled).union(granted).union([principal.personID])
    }

    static func canSee(_ personID: Int, _ principal: Principal, on db: any Database) async throws -> Bool {
        if principal.isProgramManager || personID == principal.personID { return true }
        let scope = principal.readScope
        if scope.isEmpty { return false }
        let enrolled = try await Enrollment.query(on: db).filter(\.$person.$id == personID)
            .group(.or) { $0.filter(\.$operatorID ~~ scope.operators).filter(\.$campusID ~~ scope.campuses).filter(\.$cohort.$id ~~ scope.cohorts) }
            .count()
        if enrolled > 0 { return true }
        return try await RoleGrant.query(on: db).filter(\.$person.$id == personID).filter(\.$revokedAt == nil)
            .group(.or) { $0.filter(\.$operatorID ~~ scope.operators).filter(\.$campusID ~~ scope.campuses) }
            .count() > 0
    }
}

enum PersonResource: Resource {
    typealias Record = Person
    static let slug = "people"
    static let title = Localized("사람", "People")
    static let singular = Localized("사람", "Person")
    static let readRoles = Roles.staff
    static let writeRoles = Roles.campusManagers
    /// Program managers create people directly; an academy invites them (`PersonIntake`).
    static let customCreate = true

    /// A person's own scope is decided by `canRead`; changing the record needs a managing role somewhere.
    static func scope(of r: Person) -> RecordScope { .directory }

    static func canRead(_ r: Person, _ principal: Principal, on db: any Database) async throws -> Bool {
        try await PersonVisibility.canSee(try r.requireID(), principal, on: db)
    }

    static func subject(of r: Person) -> Int? { r.id }

    /// Program-level support changes anyone. An academy changes only what it keeps about people it trains or
    /// employs (never the account: name, e-mail, phone — see `apply`), and never a program manager or another
    /// academy's staff or mentor (issue 21).
    static func canWrite(_ r: Person, _ principal: Principal, on db: any Database) async throws -> Bool {
        if principal.isProgramManager { return true }
        let id = try r.requireID()
        let scope = principal.writeScope
        guard !scope.isEmpty, id != principal.personID else { return false }
        let grants = try await SessionStore.activeGrants(of: id, on: db)
        let ours = { (g: Grant) in g.operatorID.map { scope.operators.contains($0) } == true || g.campusID.map { scope.campuses.contains($0) } == true }
        if grants.contains(where: { $0.role == .programManager || (($0.role.isStaff || $0.role == .mentor) && !ours($0)) }) { return false }
        if grants.contains(where: ours) { return true }
        return try await Enrollment.query(on: db).filter(\.$person.$id == id)
            .group(.or) { $0.filter(\.$operatorID ~~ scope.operators).filter(\.$campusID ~~ scope.campuses) }
            .count() > 0
    }

    /// Whether the principal may change the account itself: name, e-mail, mobile.
    static func changesAccounts(_ principal: Principal) -> Bool { principal.isProgramManager }

    static func query(_ req: Request, _ principal: Principal) async throws -> QueryBuilder<Person> {
        var q = Person.query(on: req.db).sort(\.$name).sort(\.$id)
        if !principal.isProgramManager {
            q = q.filter(\.$id ~~ (try await PersonVisibility.ids(principal, on: req.db)))
        }
        if let text = req.searchText {
            let pattern = likePattern(text)
            q = q.group(.or) {
                $0.filter(\.$name, .custom("LIKE"), pattern).filter(\.$email, .custom("LIKE"), pattern)
                    .filter(\.$phone, .custom("LIKE"), pattern)
            }
        }
        if let role = req.filterValue("role").flatMap(Role.init(rawValue:)) {
            // Only roles the principal may see count: filtering must not tell which of its people another academy employs.
            let holders = try await RoleGrant.query(on: req.db).filter(\.$role == role.rawValue).filter(\.$revokedAt == nil).all()
                .filter { RoleGrants.shows(role: $0.role, operatorID: $0.operatorID, campusID: $0.campusID, employerID: $0.employerID, of: $0.$person.id, to: principal) }
                .map(\.$person.id)
            q = q.filter(\.$id ~~ Set(holders))
        }
        if let region = req.filterValue("region") { q = q.filter(\.$residenceRegion == region) }
        return q
    }

    static func filters(_ req: Request, _ principal: Principal) async throws -> [FieldSpec] {
        [
            FieldSpec(name: "role", label: Localized("역할", "Role"),
                      kind: .select(Role.allCases.map { .init(value: $0.rawValue, label: $0.name.in(req.lang)) })),
            FieldSpec(name: "region", label: Localized("거주 지역", "Lives in"), kind: .select(Options.regions(req.lang))),
        ]
    }

    static func columns(_ lang: Lang) -> [String] {
        [lang.pick("이름", "Name"), lang.pick("이메일", "E-mail"), lang.pick("휴대전화", "Mobile"), lang.pick("거주 지역", "Lives in")]
    }

    static func row(_ r: Person, _ req: Request) -> [HTML] {
        [Components.link(path(r), r.name), "\(r.email)", "\(r.phone ?? "")", "\(r.residenceRegion.map { Region.label($0, req.lang) } ?? "")"]
    }

    static func fields(_ req: Request, _ principal: Principal, creating: Bool) async throws -> [FieldSpec] {
        var fields = try await allFields(req, principal, creating: creating)
        if !creating && !changesAccounts(principal) {
            fields.removeAll { ["name", "email", "phone"].contains($0.name) }
        }
        return fields
    }

    static func allFields(_ req: Request, _ principal: Principal, creating: Bool) async throws -> [FieldSpec] {
        var fields = [
            FieldSpec(name: "name", label: Localized("이름", "Name"), hint: Localized("성과 이름을 붙여서 (예: 김민준)", "Family name first (e.g. 김민준)")),
            FieldSpec(name: "email", label: Localized("이메일", "E-mail"), kind: .email),
            FieldSpec(name: "phone", label: Localized("휴대전화", "Mobile"), kind: .tel, required: false, hint: Localized("010-1234-5678", "010-1234-5678")),
            FieldSpec(name: "birth_date", label: Localized("생년월일", "Date of birth"), kind: .date, required: false),
            FieldSpec(name: "residence_region", label: Localized("거주 지역", "Lives in"), kind: .select(Options.regions(req.lang)), required: false),
            FieldSpec(name: "resident_number", label: Localized("주민등록번호 또는 외국인등록번호", "Resident or alien registration number"), required: false,
                      hint: Localized("암호화해 저장하고 가려서 보여 줍니다. 수정할 때 비워 두면 그대로 둡니다.", "Stored encrypted and shown masked. Leave empty when editing to keep it.")),
            FieldSpec(name: "bank_name", label: Localized("훈련장려금 은행", "Bank for the training allowance"), required: false),
            FieldSpec(name: "bank_account", label: Localized("계좌번호", "Account number"), required: false,
                      hint: Localized("암호화해 저장합니다. 수정할 때 비워 두면 그대로 둡니다.", "Stored encrypted. Leave empty when editing to keep it.")),
        ]
        if creating {
            fields += [
                FieldSpec(name: "role", label: Localized("역할", "Role"), kind: .select(RoleGrants.grantable(by: principal).map {
                    .init(value: $0.rawValue, label: $0.name.in(req.lang))
                })),
                FieldSpec(name: "operator_id", label: Localized("소속 운영기관", "Operator"), kind: .select(try await Options.operators(req, principal.readScope)), required: false,
                          hint: Localized("운영기관·캠퍼스 역할과 교육생에게 필요합니다.", "Needed for operator and campus roles and for trainees.")),
                FieldSpec(name: "campus_id", label: Localized("소속 캠퍼스", "Campus"), kind: .select(try await Options.campuses(req, principal.writeScope)), required: false,
                          hint: Localized("캠퍼스 담당자에게 필요합니다.", "Needed for campus staff.")),
                FieldSpec(name: "employer_id", label: Localized("채용기업", "Employer"), kind: .select(try await Options.employers(req)), required: false,
                          hint: Localized("채용기업 담당자에게 필요합니다.", "Needed for employer accounts.")),
                FieldSpec(name: "password", label: Localized("처음 비밀번호", "First password"), kind: .password, required: false,
                          hint: Localized("12자 이상. 비워 두면 로그인할 수 없습니다.", "At least 12 characters. Leave empty for no login.")),
            ]
        }
        return fields
    }

    static func values(of r: Person, on db: any Database) async throws -> [String: String] {
        ["name": r.name, "email": r.email, "phone": r.phone ?? "", "birth_date": r.birthDate ?? "", "residence_region": r.residenceRegion ?? ""]
    }

    static func body(creating: Bool) -> Body {
        creating ? PersonIntake.body : Body([
            .filled("name", max: 50), .email("email", required: false), .phone("phone", required: false),
            .day("birth_date", required: false), .choice("residence_region", Region.self, required: false),
            .field("resident_number", .text(maxLength: 20, pattern: ResidentNumber.pattern), required: false, "YYMMDD-1234567"), .text("bank_name", max: 40, required: false),
            .field("bank_account", .text(maxLength: 30, pattern: BankAccount.pattern), required: false, "10 to 16 digits, dashes allowed"),
        ])
    }

    static func apply(_ reader: inout FieldReader, to r: Person, creating: Bool, req: Request, principal: Principal) async throws {
        // The account's own fields belong to the person: an academy's edit keeps them as they are.
        let keepsAccount = !creating && !changesAccounts(principal)
        let name = keepsAccount ? r.name : reader.text("name", max: 50)
        let email = keepsAccount ? r.email : reader.email("email")
        let phone = keepsAccount ? r.phone : reader.phone("phone", required: false)
        // Birth date and region are the person's too, seen by every academy that trains them: an academy fills them
        // in when empty but does not change what is there (program support and the person do).
        let birth = reader.day("birth_date", required: false)
        let region = reader.choice("residence_region", Region.self, required: false)
        if keepsAccount, let known = r.birthDate, birth?.description != known {
            reader.fail("birth_date", "이미 적힌 생년월일은 본인이나 사업 지원 담당자만 바꿀 수 있습니다.", "A date of birth already given is changed only by the person or programme support.")
        }
        if keepsAccount, let known = r.residenceRegion, region?.rawValue != known {
            reader.fail("residence_region", "이미 적힌 거주 지역은 본인이나 사업 지원 담당자만 바꿀 수 있습니다.", "A region already given is changed only by the person or programme support.")
        }
        let residentNumber = reader.text("resident_number", required: false, max: 20).flatMap { raw -> String? in
            guard let number = ResidentNumber.normalize(raw) else {
                reader.fail("resident_number", "YYMMDD-1234567 형식의 올바른 번호가 아닙니다.", "Not a valid number of the form YYMMDD-1234567.")
                return nil
            }
            return number
        }
        let bankName = reader.text("bank_name", required: false, max: 40)
        let bankAccount = reader.text("bank_account", required: false, max: 30).flatMap { raw -> String? in
            guard let account = BankAccount.normalize(raw) else {
                reader.fail("bank_account", "계좌번호는 숫자와 '-'로 10~16자리입니다.", "An account number has 10 to 16 digits, with dashes allowed.")
                return nil
            }
            return account
        }
        if let email, try await Person.query(on: req.db).filter(\.$email == email).filter(\.$id != r.id ?? 0).first() != nil {
            reader.fail("email", "이미 등록된 이메일입니다.", "This e-mail address is already registered.")
        }
        if creating {
            let grant = try await RoleGrants.read(&reader, principal: principal, on: req.db)
            // Not trimmed: spaces are part of a password (ASVS V2.1.3).
            let password = reader.values["password"] ?? ""
            if !password.isEmpty {
                Passwords.check(password, field: "password", personal: [reader.raw("name"), reader.raw("email")], into: &reader)
            }
            guard reader.errors.isEmpty, let grant else { return }
            req.storage[PendingGrant.self] = grant
            if !password.isEmpty { r.passwordHash = try await req.password.async.hash(password) }
        }
        // The numbers go to the academy that collects them: the one training the person now (for program support
        // registering a trainee, the trainee's academy).
        if residentNumber != nil || bankAccount != nil || !(reader.values["bank_name"] ?? "").isEmpty {
            let academy: Int?
            if creating {
                academy = (req.storage[PendingGrant.self]).flatMap { $0.role == .trainee ? $0.operatorID : nil }
            } else if principal.isProgramManager {
                academy = try await Enrollment.query(on: req.db).filter(\.$person.$id == r.requireID()).filter(\.$state ~~ Identifiers.activeStates)
                    .sort(\.$stateChangedAt, .descending).first()?.operatorID
            } else {
                academy = try await Identifiers.academies(principal, personID: r.requireID(), on: req.db).min()
            }
            if let academy {
                req.storage[PendingIdentifiersKey.self] = PendingIdentifiers(operatorID: academy, residentNumber: residentNumber,
                                                                             bankName: reader.values["bank_name"] != nil ? bankName : nil, bankAccount: bankAccount)
            } else {
                reader.fail(residentNumber != nil ? "resident_number" : "bank_account",
                            "이 사람을 지금 훈련하는 기관이 있어야 저장할 수 있습니다(번호는 그 기관만 봅니다).",
                            "These are kept for the academy training the person now, and there is none (only that academy sees them).")
            }
        }
        guard reader.errors.isEmpty, let name, let email else { return }
        if !creating {
            req.storage[AccountChangeKey.self] = [("이름", r.name != name), ("이메일", r.email != email), ("휴대전화", r.phone != phone)]
                .filter(\.1).map(\.0)
        }
        r.name = name
        r.email = email
        r.phone = phone
        r.birthDate = birth?.description
        r.residenceRegion = region?.rawValue
    }

    /// The academy's numbers, written with the person (only those given replace what was there).
    static func saveIdentifiers(_ r: Person, req: Request, principal: Principal, on db: any Database) async throws {
        guard let pending = req.storage[PendingIdentifiersKey.self] else { return }
        let held = try await HeldIdentifiers.row(person: try r.requireID(), operatorID: pending.operatorID, by: principal.personID, at: req.now, on: db)
        if let number = pending.residentNumber { try held.seal(.residentNumber, number, with: req.cipher) }
        if let account = pending.bankAccount { try held.seal(.bankAccount, account, with: req.cipher) }
        if let bank = pending.bankName { held.bankName = bank }
        held.updatedAt = req.now
        try await held.save(on: db)
    }

    static func afterSave(_ r: Person, creating: Bool, on db: any Database, req: Request, principal: Principal) async throws {
        try await saveIdentifiers(r, req: req, principal: principal, on: db)
        guard creating else {
            try await req.authChanged(of: try r.requireID(), on: db)   // the name and e-mail are part of their principal
            if let changed = req.storage[AccountChangeKey.self], !changed.isEmpty, try r.requireID() != principal.personID {
                try await Outbox.send(to: r, subject: Localized("[이음] 계정 정보가 바뀌었습니다", "[Ieum] Your account details were changed"),
                                      body: Localized("사업 지원 담당자가 회원님 계정의 \(changed.joined(separator: ", "))을(를) 바꾸었습니다. 직접 요청한 일이 아니라면 사업 관리자에게 알려 주세요.",
                                                      "Programme support changed the \(changed.joined(separator: ", ")) of your account. If you did not ask for this, tell the programme managers."),
                                      link: nil, now: req.now, on: db)
            }
            return
        }
        if let grant = req.storage[PendingGrant.self] {
            try await RoleGrants.create(grant, for: try r.requireID(), by: principal.personID, on: db)
        }
        try await AccessLog.record(req, actor: principal.personID, subject: try r.requireID(), action: "create", on: db)
    }

    static func output(_ r: Person, _ req: Request) async throws -> PersonOutput {
        let principal = try req.principal
        let id = try r.requireID()
        let grants = try await SessionStore.activeGrants(of: id, on: req.db).filter {
            RoleGrants.shows(role: $0.role.rawValue, operatorID: $0.operatorID, campusID: $0.campusID, employerID: $0.employerID, of: id, to: principal)
        }
        // Even masked, the numbers are the collecting academy's, shown while it trains the person.
        let masked = try await Identifiers.held(for: principal, personID: r.requireID(), on: req.db)?.masked(with: req.cipher)
        return PersonOutput(id: try r.requireID(), name: r.name, email: r.email, phone: r.phone, birthDate: r.birthDate,
                            residenceRegion: r.residenceRegion, residentNumber: masked?.residentNumber,
                            bankName: masked?.bankName, bankAccount: masked?.bankAccount, roles: grants.map(GrantOutput.init))
    }

    static func label(_ r: Person) -> String { r.name }

    static func details(_ r: Person, _ req: Request, _ principal: Principal) async throws -> HTML {
        try await PersonDetails.render(r, req, principal)
    }
}

struct PendingGrant: StorageKey { typealias Value = Grant }
struct PendingIdentifiers: Sendable { let operatorID: Int; let residentNumber: String?; let bankName: String?; let bankAccount: String? }
struct PendingIdentifiersKey: StorageKey { typealias Value = PendingIdentifiers }
/// Which of the account's own fields an edit changed, to tell the person.
struct AccountChangeKey: StorageKey { typealias Value = [String] }
