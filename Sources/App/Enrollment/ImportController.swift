import Fluent
import IeumCore
import Vapor

struct ImportReport: Content {
    struct Problem: Content {
        let row: Int
        let column: String
        let message: String
    }

    /// New people registered by the file (program-level support only; an academy invites them instead).
    let imported: Int
    /// People the academy already saw, enrolled now.
    let linkedExisting: Int
    /// Rows sent an invitation: they appear once the person accepts.
    let invited: Int
    let encoding: String?
    let problems: [Problem]

    enum CodingKeys: String, CodingKey {
        case imported, invited, encoding, problems
        case linkedExisting = "linked_existing"
    }
}

/// Brings a list of trainees or applicants into a cohort from CSV. All or nothing: with one bad row
/// nothing is written and every bad row is reported.
enum ImportController {
    struct Outcome {
        var created = 0
        var linked = 0
        var invited = 0
        var encoding: SpreadsheetText.Encoding?
        var problems: [ImportProblem] = []
    }

    /// People the academy already sees are enrolled at once; every other row becomes an invitation, so the report
    /// and the lists are the same whether or not an address or number belongs to someone elsewhere (issue 21).
    /// Program-level support sees everyone and registers new people directly.
    static func run(_ req: Request, cohort: Cohort, data: Data, state: EnrollmentState) async throws -> Outcome {
        let principal = try req.principal
        let read = PersonImport.read(data)
        var outcome = Outcome(encoding: read.encoding, problems: read.problems)
        guard outcome.problems.isEmpty else { return outcome }
        let cohortID = try cohort.requireID()
        let support = principal.isProgramManager
        let visible = support ? nil : try await PersonVisibility.ids(principal, on: req.db)
        func sees(_ p: Person) -> Bool { visible?.contains(p.id ?? 0) ?? true }
        let emails = read.people.map(\.email)
        let phones = read.people.map(\.phone)
        let byEmail = Dictionary(try await Person.query(on: req.db).filter(\.$email ~~ emails).all().filter(sees).map { ($0.email, $0) },
                                 uniquingKeysWith: { a, _ in a })
        let byPhone = Dictionary(try await Person.query(on: req.db).filter(\.$phone ~~ phones).all().filter(sees)
            .compactMap { p in p.phone.map { ($0, p) } }, uniquingKeysWith: { a, _ in a })
        let already = Set(try await Enrollment.query(on: req.db).filter(\.$cohort.$id == cohortID).all(\.$person.$id))
        var existing: [Int: Person] = [:]
        for person in read.people {
            let a = byEmail[person.email], b = byPhone[person.phone]
            if let b, a?.id != b.id {
                outcome.problems.append(ImportProblem(row: person.row, column: "휴대전화", message: Localized(
                    "이 번호는 이미 다른 이메일로 등록된 사람의 번호입니다. 이메일과 번호를 확인하세요.",
                    "This number is already on record for someone with another e-mail. Check the e-mail and the number.")))
                continue
            }
            if let found = a {
                if already.contains(found.id!) {
                    outcome.problems.append(ImportProblem(row: person.row, column: "이메일", message: Localized(
                        "이미 이 기수에 등록된 사람입니다.", "This person is already in the cohort.")))
                }
                existing[person.row] = found
            }
        }
        if state == .enrolled || state == .selected {
            let seats = try await EnrollmentActions.seatsLeft(in: cohort, on: req.db)
            if read.people.count > seats {
                outcome.problems.append(ImportProblem(row: 0, column: "", message: Localized(
                    "남은 정원은 \(seats)명인데 \(read.people.count)명을 등록하려고 합니다.",
                    "Only \(seats) seats are left, but the file has \(read.people.count) people.")))
            }
        }
        guard outcome.problems.isEmpty else { return outcome }
        let now = req.now
        let known = existing
        let base = req.linkBase
        let counts = try await req.db.writeTransaction { db -> (created: Int, invited: Int) in
            var created = 0, invited = 0
            for person in read.people {
                let personID: Int
                if let found = known[person.row] {
                    personID = try found.requireID()
                } else if !support {
                    let target = Invitations.Target(email: person.email, name: person.name, phone: person.phone,
                                                    birthDate: person.birthDate?.description, region: person.region?.rawValue)
                    _ = try await Invitations.invite(target, to: .cohort(cohort, start: state), by: principal.personID,
                                                     base: base, now: now, on: db)
                    invited += 1
                    continue
                } else {
                    let newPerson = Person(name: person.name, email: person.email, phone: person.phone,
                                           birthDate: person.birthDate?.description, residenceRegion: person.region?.rawValue)
                    try await newPerson.create(on: db)
                    personID = try newPerson.requireID()
                    try await RoleGrants.create(Grant(role: .trainee, operatorID: cohort.operatorID, campusID: nil, employerID: nil),
                                                for: personID, by: principal.personID, on: db)
                    created += 1
                }
                let enrollment = try Enrollment(personID: personID, cohort: cohort, state: state.rawValue, at: now)
                try await enrollment.create(on: db)
                try await EnrollmentTransition(enrollmentID: try enrollment.requireID(), from: nil, to: state.rawValue,
                                               reason: "CSV", actorID: principal.personID, at: now).create(on: db)
            }
            try await KPIRollup.refresh(cohorts: [try cohort.requireID()], on: db)
            try await AccessLog.record(req, actor: principal.personID, subject: nil,
                                       action: "import \(read.people.count)", on: db)
            return (created, invited)
        }
        outcome.created = counts.created
        outcome.invited = counts.invited
        outcome.linked = read.people.count - counts.created - counts.invited
        return outcome
    }

    static func report(_ outcome: Outcome, lang: Lang) -> ImportReport {
        ImportReport(imported: outcome.created, linkedExisting: outcome.linked, invited: outcome.invited, encoding: outcome.encoding?.rawValue,
                     problems: outcome.problems.map { .init(row: $0.row, column: $0.column, message: $0.message.in(lang)) })
    }

    static func startingState(_ raw: String?) throws -> EnrollmentState {
        guard let raw, !raw.isEmpty else { return .applied }
        guard let state = EnrollmentState(rawValue: raw), state == .applied || state == .enrolled else {
            throw AppError(status: .unprocessableEntity, code: "validation_failed", message: Localized(
                "처음 상태는 'applied' 또는 'enrolled'입니다.", "The starting state is 'applied' or 'enrolled'."))
        }
        return state
    }

    // MARK: Pages

    struct Upload: Content {
        var file: File?
        var state: String?
    }

    @Sendable static func form(_ req: Request) async throws -> Response {
        page(req, cohort: try req.loaded(Cohort.self), outcome: nil)
    }

    static func page(_ req: Request, cohort: Cohort, outcome: Outcome?, status: HTTPResponseStatus = .ok) -> Response {
        let lang = req.lang
        var result: HTML = .empty
        if let outcome {
            if outcome.problems.isEmpty {
                result = "<div class=\"alert ok\" role=\"status\">\(lang.pick("우리 기관에 이미 있는 \(outcome.linked)명을 등록했고, \(outcome.invited)명에게 초대장을 보냈습니다(받는 분이 수락하면 명단에 나타납니다). 새로 등록한 사람 \(outcome.created)명.", "Enrolled \(outcome.linked) people already with your academy and sent \(outcome.invited) invitation(s) (people appear once they accept). Newly registered: \(outcome.created)."))</div>"
            } else {
                let rows = outcome.problems.map { p -> [HTML] in [p.row > 0 ? "\(p.row)" : "—", "\(p.column)", "\(p.message.in(lang))"] }
                result = """
                    <div class="alert error" role="alert">\(lang.pick("파일에 고칠 곳이 \(outcome.problems.count)군데 있어 아무것도 가져오지 않았습니다.", "Nothing was imported: the file has \(outcome.problems.count) problem(s)."))</div>
                    \(Components.table(headers: [lang.pick("행", "Row"), lang.pick("열", "Column"), lang.pick("문제", "Problem")], rows: rows, empty: ""))
                    """
            }
        }
        let body: HTML = """
            <p><a href="\(CohortResource.path(cohort))">← \(cohort.name)</a></p>
            \(result)
            <div class="panel">
            <p>\(lang.pick("엑셀에서 CSV로 저장한 파일(UTF-8 또는 CP949)을 올리세요. 첫 줄은 열 이름입니다: 이름, 이메일, 휴대전화, 생년월일, 거주지역.", "Upload a CSV saved from Excel (UTF-8 or CP949). The first line names the columns: 이름 (name), 이메일 (e-mail), 휴대전화 (mobile), 생년월일 (date of birth), 거주지역 (region)."))</p>
            <p class="muted">\(lang.pick("한 행이라도 잘못되면 아무것도 가져오지 않고 잘못된 행을 모두 알려 드립니다. 우리 기관에 이미 있는 사람은 바로 등록하고, 그 밖의 주소로는 초대장을 보냅니다. 받는 분이 자기 계정에서 수락하면 명단에 나타납니다.", "If any row is wrong nothing is imported and every bad row is listed. People already with your academy are enrolled at once; every other address gets an invitation, and the person appears once they accept it in their own account."))</p>
            </div>
            <form method="post" action="\(EnrollmentRoutes.importPeople(cohort.id ?? 0))" enctype="multipart/form-data" class="form">
            <input type="hidden" name="_csrf" value="\(req.csrfToken)">
            <div class="field"><label for="f-file">\(lang.pick("CSV 파일", "CSV file")) <span class="req">*</span></label><input id="f-file" type="file" name="file" accept=".csv,text/csv" required></div>
            <div class="field"><label for="f-state">\(lang.pick("처음 상태", "Starting status"))</label><select id="f-state" name="state">\([EnrollmentState.applied, .enrolled].map { Components.option($0.rawValue, $0.name.in(lang), selected: false) })</select></div>
            <button type="submit" class="button primary">\(lang.pick("가져오기", "Import"))</button>
            </form>
            """
        return Layout.page(req, title: lang.pick("\(cohort.name) — CSV 가져오기", "\(cohort.name) — import CSV"), body: body, status: status)
    }

    /// A file and the status its people start in: the page's upload, or the API's CSV body with `?state=`.
    struct Submission: Sendable {
        let data: Data?
        let state: String?
    }

    static func submission(_ req: Request) throws -> Submission {
        if req.content.contentType == .formData {
            let upload = try req.formContent(Upload.self)
            return Submission(data: upload?.file.flatMap { $0.data.readableBytes > 0 ? Data(buffer: $0.data) : nil }, state: upload?.state)
        }
        return Submission(data: req.body.data.flatMap { $0.readableBytes > 0 ? Data(buffer: $0) : nil },
                          state: try? req.query.get(String.self, at: "state"))
    }

    static let importing = Action(reading: submission, shown: { _ in [:] }) { req, submission -> Outcome in
        guard let data = submission.data else {
            if req.content.contentType == .formData {
                return Outcome(problems: [ImportProblem(row: 0, column: "", message: Localized("파일을 고르세요.", "Choose a file."))])
            }
            throw AppError.badRequest(Localized("CSV 내용을 본문으로 보내세요.", "Send the CSV as the request body."))
        }
        return try await run(req, cohort: try req.loaded(Cohort.self), data: data, state: try startingState(submission.state))
    }

    /// The page shows what was done and what was refused, row by row.
    static func show(_ req: Request, _ outcome: Outcome) throws -> Response {
        page(req, cohort: try req.loaded(Cohort.self), outcome: outcome, status: outcome.problems.isEmpty ? .ok : .unprocessableEntity)
    }

    static func answer(_ req: Request, _ outcome: Outcome) throws -> Response {
        let response = Response(status: outcome.problems.isEmpty ? .created : .unprocessableEntity)
        try response.content.encode(report(outcome, lang: req.lang))
        return response
    }
}
