import Fluent
import Foundation
import IeumCore
import Vapor

/// The applicant's side: the form with drafts, submission before the deadline, withdrawal, the status page,
/// confirming or declining a place, and messages.
enum AdmissionController {
    static let applicantRoles: [Role] = [.applicant, .trainee]

    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        let routes = RecruitmentRoutes.self
        let applicant: [any Middleware] = [RequireRole(applicantRoles)]
        let owner: [any Middleware] = [AdmissionGuard(ownerOnly: true)], reader: [any Middleware] = [AdmissionGuard(ownerOnly: false)]
        pages.register(.GET, routes.form.template, guards: applicant, use: formPage)
        pages.register(.POST, routes.form.template, guards: applicant, action: saving,
                       next: { _, a in a.status == .draft ? routes.form(a.cohortID, query: ["saved": "1"]) : routes.admission(a.id!) },
                       retry: { req, values, errors in
                           guard let cohortID = req.parameters.get("cohortID", as: Int.self) else { throw AppError.notFound() }
                           let (r, cohort) = try await recruitment(req, cohortID: cohortID)
                           return try await form(req, r, cohort, draft: try await mine(req, r), values: values, errors: errors)
                       })
        pages.register(.POST, routes.formFile.template, guards: applicant, body: .collect(maxSize: "6mb"), use: uploadFile)
        pages.register(.GET, routes.mine.template, guards: applicant, use: minePage)
        for (action, path) in [("withdraw", routes.withdraw), ("confirm", routes.confirm), ("decline", routes.decline), ("reopen", routes.reopen)] {
            pages.register(.POST, path.template, guards: owner, action: Action { req in try await act(req, action) },
                           next: { _, a in routes.admission(try a.requireID()) }, confirm: { req, _ in try await question(req, action) })
        }
        pages.register(.GET, routes.admission.template, guards: reader, use: statusPage)
        pages.register(.GET, routes.admissionFile.template, guards: reader, use: file)

        api.register(routes.myAdmissionsJSON, guards: applicant, use: mineJSON)
        api.register(routes.saveAdmission, guards: applicant, action: saving) { req, a in try await output(a, on: req) }
        for (action, endpoint) in [("withdraw", routes.withdrawJSON), ("confirm", routes.confirmJSON), ("decline", routes.declineJSON)] {
            api.register(endpoint, guards: owner, action: Action { req in try await act(req, action) }) { req, a in try await output(a, on: req) }
        }
        api.register(routes.admissionJSON, guards: reader, use: json)
        pages.register(.GET, routes.messages.template, use: messagesPage)
        api.register(routes.messagesJSON, use: messagesJSON)
    }

    static func output(_ a: Admission, on req: Request) async throws -> AdmissionOutput {
        let history = try await AdmissionEvent.query(on: req.db).filter(\.$admissionID == a.requireID()).sort(\.$at).sort(\.$id).all()
        let name = try await Person.find(a.personID, on: req.db)?.name ?? ""
        return AdmissionOutput(a, name: name, history: history, lang: req.lang)
    }

    static func recruitment(_ req: Request, cohortID: Int) async throws -> (Recruitment, Cohort) {
        guard let r = try await Recruitment.query(on: req.db).filter(\.$cohortID == cohortID).filter(\.$publishedAt != nil).first(),
              let cohort = try await Cohort.query(on: req.db).filter(\.$id == cohortID).with(\.$course).with(\.$campus).first()
        else { throw AppError.notFound() }
        return (r, cohort)
    }

    static let closed = Localized("접수 기간이 아닙니다. 지원서를 내거나 고칠 수 없습니다.", "Applications are not open now; nothing can be sent or changed.")

    /// Saves the draft, or submits it (`submit`); a submission is judged against the eligibility rules at once.
    static func save(_ req: Request, cohortID: Int, values: [String: String], submit: Bool) async throws -> Admission {
        let principal = try req.principal
        let (r, cohort) = try await recruitment(req, cohortID: cohortID)
        let now = req.now
        guard r.isOpen(at: now) else { throw AppError.conflict(closed) }
        let existing = try await mine(req, r)
        if let existing, existing.status != .draft {
            throw AppError.conflict(Localized("이미 제출한 지원서입니다 (\(existing.status.name.ko)).", "This application was already sent (\(existing.status.name.en.lowercased())."))
        }
        let a = existing ?? newDraft(r, cohort: cohort, personID: principal.personID, now: now)
        let person = try await Person.find(principal.personID, on: req.db)!
        var phone = person.phone
        // The account's phone stands unless another is given.
        var values = values
        if (values["phone"] ?? "").isEmpty, let known = person.phone { values["phone"] = known }
        let files = try await files(of: a, on: req.db).map(\.questionKey)
        let unsettled = try AdmissionForm.apply(values, to: a, phone: &phone, questions: r.questions, filesGiven: Set(files), submitting: submit)
        // A program answers each field it sends; a person's draft keeps what they typed to put right later.
        if req.isAPI && !unsettled.isEmpty { throw ValidationFailure(unsettled) }
        a.updatedAt = now
        person.phone = phone
        do {
            try await write(a, person: person, recruitment: r, cohort: cohort, submit: submit, actor: principal.personID, now: now, on: req.db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw AppError.conflict(Localized("같은 지원서가 동시에 두 번 저장되었습니다. 새로 고친 뒤 다시 하세요.",
                                              "The same application was saved twice at once; reload and try again."))
        }
        return a
    }

    private static func write(_ a: Admission, person: Person, recruitment r: Recruitment, cohort: Cohort, submit: Bool, actor: Int, now: Date,
                              on db: any Database) async throws {
        try await db.writeTransaction { db in
            try await person.save(on: db)
            let isNew = a.id == nil
            try await a.save(on: db)
            if isNew { try await AdmissionEvent(admissionID: a.requireID(), from: nil, to: .draft, actorID: actor, note: nil, at: now).create(on: db) }
            guard submit else { return }
            let failures = try await Admissions.failures(a, recruitment: r, cohort: cohort, on: db)
            a.failuresJSON = JSONCoding.encode(failures)
            a.submittedAt = now
            try await a.save(on: db)
            try await Admissions.move(a, to: failures.isEmpty ? .submitted : .ineligible, actor: actor, now: now, on: db)
        }
    }

    static func newDraft(_ r: Recruitment, cohort: Cohort, personID: Int, now: Date) -> Admission {
        let a = Admission()
        a.recruitmentID = r.id!
        a.cohortID = r.cohortID
        a.operatorID = r.operatorID
        a.campusID = r.campusID
        a.personID = personID
        a.state = AdmissionState.draft.rawValue
        a.otherFundedCourse = false
        a.motivation = ""
        a.answersJSON = "{}"
        a.failuresJSON = "[]"
        a.stateChangedAt = now
        a.updatedAt = now
        return a
    }

    /// Withdrawing and giving up a place are asked once, saying what follows: a place given up goes to the next on
    /// the waiting list and is not given back.
    static func question(_ req: Request, _ action: String) async throws -> ConfirmationQuestion? {
        let a = try req.loaded(Admission.self)
        guard action == "withdraw" || action == "decline" else { return nil }
        let course = try await Cohort.query(on: req.db).filter(\.$id == a.cohortID).with(\.$course).first().map { "\($0.course.title) · \($0.name)" } ?? ""
        let open = try await Recruitment.find(a.recruitmentID, on: req.db)?.isOpen(at: req.now) ?? false
        let back = RecruitmentRoutes.admission(try a.requireID())
        let holdsPlace = a.status == .selected || a.status == .confirmed
        if action == "decline" || holdsPlace {
            return ConfirmationQuestion(
                title: Localized("등록 포기", "Give up the place"),
                consequence: Localized("「\(course)」 합격 자리를 포기합니다. 자리는 곧바로 예비 합격자 다음 순번에게 넘어가며, 되돌릴 수 없습니다.",
                                       "You give up your place in “\(course)”. It goes at once to the next person on the waiting list and cannot be given back."),
                confirm: Localized("자리 포기하기", "Give up my place"), back: back)
        }
        return ConfirmationQuestion(
            title: Localized("지원 취소", "Withdraw the application"),
            consequence: open
                ? Localized("「\(course)」 지원을 취소합니다. 접수 기간 안에는 지원서를 다시 열어 고쳐 낼 수 있지만, 심사는 처음부터 다시 받습니다.",
                            "You withdraw your application for “\(course)”. While applications are open you can reopen it and send it again, but it is judged afresh.")
                : Localized("「\(course)」 지원을 취소합니다. 접수 기간이 끝나 다시 지원할 수 없습니다.",
                            "You withdraw your application for “\(course)”. Applications are closed, so you cannot apply again."),
            confirm: Localized("지원 취소하기", "Withdraw"), back: back)
    }

    /// The applicant's own actions on their application.
    static func act(_ req: Request, _ action: String) async throws -> Admission {
        let a = try req.loaded(Admission.self)
        let principal = try req.principal
        let now = req.now
        let r = try await Recruitment.find(a.recruitmentID, on: req.db)!
        switch action {
        case "withdraw":
            guard a.status.canWithdraw else { throw AppError.conflict(AdmissionTransitionError.notAllowed(from: a.status, to: .withdrawn).message) }
            try await req.db.writeTransaction { db in
                let wasSelected = a.status == .selected
                try await Admissions.move(a, to: .withdrawn, actor: principal.personID, note: nil, now: now, on: db)
                if wasSelected { try await SelectionService.fillSeat(leftBy: a, recruitment: r, now: now, on: db) }
            }
        case "confirm":
            guard a.status == .selected else { throw AppError.conflict(AdmissionTransitionError.notAllowed(from: a.status, to: .confirmed).message) }
            if let by = a.confirmBy, now > by {
                throw AppError.conflict(Localized("등록 확정 기한(\(KoreanFormats.dateTime(by)))이 지났습니다.", "The deadline to confirm (\(KoreanFormats.dateTime(by)) KST) has passed."))
            }
            try await req.db.writeTransaction { db in try await Admissions.move(a, to: .confirmed, actor: principal.personID, now: now, on: db) }
        case "decline":
            guard a.status == .selected || a.status == .confirmed else {
                throw AppError.conflict(AdmissionTransitionError.notAllowed(from: a.status, to: .declined).message)
            }
            try await req.db.writeTransaction { db in
                try await Admissions.move(a, to: .declined, actor: principal.personID, now: now, on: db)
                try await SelectionService.fillSeat(leftBy: a, recruitment: r, now: now, on: db)
            }
        case "reopen":
            guard r.isOpen(at: now) else { throw AppError.conflict(closed) }
            try await req.db.writeTransaction { db in try await Admissions.move(a, to: .draft, actor: principal.personID, now: now, on: db) }
        default: throw AppError.notFound()
        }
        return a
    }

    // MARK: Handlers

    static func files(of a: Admission, on db: any Database) async throws -> [AdmissionFile] {
        guard let id = a.id else { return [] }
        return try await AdmissionFile.query(on: db).filter(\.$admissionID == id).all()
    }

    static func mine(_ req: Request, _ r: Recruitment) async throws -> Admission? {
        try await Admission.query(on: req.db).filter(\.$recruitmentID == r.requireID()).filter(\.$personID == req.principal.personID).first()
    }

    /// The form as the applicant left it (`values` nil: the saved draft and the account's phone), with its files.
    static func form(_ req: Request, _ r: Recruitment, _ cohort: Cohort, draft: Admission?, values: [String: String]?,
                     errors: [FieldError]) async throws -> Response {
        var shown = values ?? draft.map(AdmissionForm.values) ?? [:]
        // A saved draft's unsettled fields are marked too (they are not this request's refusal: the page is a 200).
        var marked = errors
        if values == nil {
            if draft?.unsettled["phone"] == nil { shown["phone"] = try await Person.find(req.principal.personID, on: req.db)?.phone ?? "" }
            if let draft { marked += AdmissionForm.problems(of: draft, questions: r.questions).filter { p in !errors.contains { $0.field == p.field } } }
        }
        var files: [AdmissionFile] = []
        if let draft { files = try await Self.files(of: draft, on: req.db) }
        let page = RecruitmentPages.applicationForm(req, recruitment: r, cohort: cohort, admission: draft, values: shown, errors: marked, files: files)
        if !errors.isEmpty { page.status = .unprocessableEntity }
        return page
    }

    @Sendable static func formPage(_ req: Request) async throws -> Response {
        guard let cohortID = req.parameters.get("cohortID", as: Int.self) else { throw AppError.notFound() }
        let (r, cohort) = try await recruitment(req, cohortID: cohortID)
        let a = try await mine(req, r)
        if let a, a.status != .draft { return req.redirect(to: RecruitmentRoutes.admission(a.id!)) }
        return try await form(req, r, cohort, draft: a, values: nil, errors: [])
    }

    /// The cohort is the page's (its address) or the API's `cohort_id`; the page's submit button or the API's
    /// `submit: true` hands the application in, anything else keeps it as a draft.
    static let saving = Action { req, values -> Admission in
        guard let cohortID = req.parameters.get("cohortID", as: Int.self) ?? Int(values["cohort_id"] ?? "") else {
            throw ValidationFailure([FieldError(field: "cohort_id", message: Localized("지원할 기수(cohort_id)를 보내세요.", "Send the cohort_id to apply to."))])
        }
        let submit = values["action"] == "submit" || ["true", "1"].contains(values["submit"]?.lowercased() ?? "")
        return try await save(req, cohortID: cohortID, values: values, submit: submit)
    }

    struct Upload: Content { var file: File? }

    /// Attaches a file answer (PDF, PNG or JPEG up to 5 MB) to the draft, making the draft if needed.
    @Sendable static func uploadFile(_ req: Request) async throws -> Response {
        guard let cohortID = req.parameters.get("cohortID", as: Int.self), let key = req.parameters.get("key") else { throw AppError.notFound() }
        let (r, cohort) = try await recruitment(req, cohortID: cohortID)
        guard let question = r.questions.first(where: { $0.key == key && $0.kind == .file }) else { throw AppError.notFound() }
        guard r.isOpen(at: req.now) else { throw AppError.conflict(closed) }
        let upload = try req.formContent(Upload.self)
        let principal = try req.principal
        let existing = try await mine(req, r)
        if let existing, existing.status != .draft { throw AppError.conflict(Localized("제출한 지원서는 고칠 수 없습니다.", "A sent application cannot be changed.")) }
        var error: Localized?
        var accepted: (Data, String, String)?
        if let f = upload?.file, f.data.readableBytes > 0 {
            let data = Data(buffer: f.data)
            if data.count > EvidenceFile.maxBytes { error = Localized("파일은 5MB까지 올릴 수 있습니다.", "The file may be at most 5 MB.") }
            else if let type = EvidenceFile.sniff(data) { accepted = (data, type, String(f.filename.prefix(200))) }
            else { error = Localized("PDF, PNG, JPEG 파일만 올릴 수 있습니다.", "Only PDF, PNG or JPEG files.") }
        } else {
            error = Localized("올릴 파일을 고르세요.", "Choose a file to upload.")
        }
        if let error {
            return try await form(req, r, cohort, draft: existing, values: nil, errors: [FieldError(field: "file_" + question.key, message: error)])
        }
        let (data, type, name) = accepted!
        let now = req.now
        let isNew = existing == nil
        let a = existing ?? newDraft(r, cohort: cohort, personID: principal.personID, now: now)
        try await req.db.writeTransaction { db in
            if isNew {
                try await a.create(on: db)
                try await AdmissionEvent(admissionID: a.requireID(), from: nil, to: .draft, actorID: principal.personID, note: nil, at: now).create(on: db)
            }
            let id = try a.requireID()
            try await AdmissionFile.query(on: db).filter(\.$admissionID == id).filter(\.$questionKey == key).delete()
            let file = AdmissionFile()
            file.admissionID = id
            file.questionKey = key
            file.name = name
            file.contentType = type
            file.content = data
            try await file.create(on: db)
            var answers = a.answers
            answers[key] = name
            a.answersJSON = JSONCoding.encode(answers)
            a.updatedAt = now
            try await a.save(on: db)
        }
        return req.redirect(to: RecruitmentRoutes.form(cohortID, query: ["saved": "1"]), redirectType: .normal)
    }

    @Sendable static func file(_ req: Request) async throws -> Response {
        let a = try req.loaded(Admission.self)
        guard let key = req.parameters.get("key"),
              let f = try await AdmissionFile.query(on: req.db).filter(\.$admissionID == a.requireID()).filter(\.$questionKey == key).first()
        else { throw AppError.notFound() }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: f.contentType)
        let ext = f.contentType == "application/pdf" ? "pdf" : f.contentType == "image/png" ? "png" : "jpg"
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"application-\(a.id ?? 0)-\(key).\(ext)\"")
        headers.replaceOrAdd(name: "Content-Security-Policy", value: "sandbox; default-src 'none'")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(data: f.content))
    }

    @Sendable static func minePage(_ req: Request) async throws -> Response {
        Layout.page(req, title: req.lang.pick("내 지원서", "My applications"),
                    body: try await RecruitmentPages.myAdmissionsSection(req, unread: try await ApplicantHome.unread(req)))
    }

    @Sendable static func mineJSON(_ req: Request) async throws -> [AdmissionOutput] {
        let mine = try await Admission.query(on: req.db).filter(\.$personID == req.principal.personID).sort(\.$id).all()
        var out: [AdmissionOutput] = []
        for a in mine { out.append(try await output(a, on: req)) }
        return out
    }

    @Sendable static func statusPage(_ req: Request) async throws -> Response {
        let a = try req.loaded(Admission.self)
        let out = try await output(a, on: req)
        let (r, cohort) = try await recruitment(req, cohortID: a.cohortID)
        let files = try await files(of: a, on: req.db)
        return try await RecruitmentPages.status(req, admission: a, output: out, recruitment: r, cohort: cohort, files: files)
    }

    @Sendable static func json(_ req: Request) async throws -> AdmissionOutput { try await output(try req.loaded(Admission.self), on: req) }

    static func messages(_ req: Request) async throws -> [OutboxMessage] {
        try await OutboxMessage.query(on: req.db).filter(\.$personID == req.principal.personID).sort(\.$createdAt, .descending).sort(\.$id, .descending).limit(100).all()
    }

    struct MessageOutput: Content {
        let id: Int
        let subject: String
        let body: String
        let link: String?
        let createdAt: Date
        let delivered: Bool
        enum CodingKeys: String, CodingKey { case id, subject, body, link, delivered; case createdAt = "created_at" }
    }

    @Sendable static func messagesJSON(_ req: Request) async throws -> [MessageOutput] {
        try await messages(req).map { MessageOutput(id: $0.id!, subject: $0.subject, body: $0.body, link: $0.link, createdAt: $0.createdAt, delivered: $0.sentAt != nil) }
    }

    @Sendable static func messagesPage(_ req: Request) async throws -> Response {
        let list = try await messages(req)
        let unread = list.filter { $0.readAt == nil }.compactMap(\.id)
        if !unread.isEmpty {
            try await OutboxMessage.query(on: req.db).filter(\.$id ~~ unread).set(\.$readAt, to: req.now).update()
        }
        return RecruitmentPages.messages(req, list)
    }
}

