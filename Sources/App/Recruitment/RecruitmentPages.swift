import Fluent
import Foundation
import IeumCore
import Vapor

/// Pages of recruitment and selection, for applicants (catalogue, form, status), staff and reviewers.
enum RecruitmentPages {
    static func badge(_ state: AdmissionState, _ lang: Lang) -> HTML {
        let kind: String = switch state {
        case .selected, .confirmed, .enrolled: "ok"
        case .ineligible, .notSelected, .declined, .lapsed, .withdrawn: "bad"
        default: "info"
        }
        return Components.badge(state.name.in(lang), kind)
    }

    static func score(_ x: Double?) -> String { x.map { String(format: "%.1f", $0) } ?? "—" }

    // MARK: Applicants

    static func catalogue(_ req: Request, entries: [CatalogueEntry], region: String) -> Response {
        let lang = req.lang
        let regions = Set(entries.map(\.region))
        let options: [HTML] = Region.allCases.filter { regions.contains($0.rawValue) || $0.rawValue == region }.map {
            Components.option($0.rawValue, $0.name.in(lang), selected: $0.rawValue == region)
        }
        let cards = entries.map { e -> HTML in
            let status: HTML = e.open ? Components.badge(lang.pick("접수 중", "Open"), "ok")
                : Components.badge(lang.pick("접수 예정", "Opens \(e.opensOn)"), "info")
            return """
                <article class="panel">
                <h2><a href="\(RecruitmentRoutes.course(e.cohortID))">\(e.course)</a> \(status)</h2>
                <p>\(e.operatorName) · \(e.campus) (\(e.regionName)) · \(e.cohort)</p>
                \(Components.definitionList([
                    (lang.pick("교육 기간", "Dates"), "\(e.startsOn) ~ \(e.endsOn)"),
                    (lang.pick("시간", "Hours"), "\(e.totalHours)\(lang.pick("시간", " hours"))"),
                    (lang.pick("정원", "Seats"), "\(e.seats)\(lang.pick("명", ""))"),
                    (lang.pick("접수 마감", "Applications close"), "\(e.closesOn) 24:00 (KST)"),
                ]))
                </article>
                """
        }
        let body: HTML = """
            <p class="lead">\(lang.pick("민관 협력 디지털 인재 양성 사업의 모집 중인 과정입니다. 교육비는 무료이며, 로그인 없이 볼 수 있습니다.",
                                         "Courses of the public–private digital talent program now recruiting. Training is free; no account is needed to look."))</p>
            <form method="get" action="\(RecruitmentRoutes.catalogue.url)" class="toolbar"><label>\(lang.pick("지역", "Region"))<select name="region"><option value="">\(lang.pick("전체", "All"))</option>\(options)</select></label><button class="button" type="submit">\(lang.pick("보기", "Show"))</button></form>
            \(entries.isEmpty ? "<p class=\"empty\">\(lang.pick("지금 모집 중인 과정이 없습니다.", "No course is recruiting now."))</p>" : cards.joined())
            """
        return Layout.page(req, title: lang.pick("과정 모집", "Courses open for applications"), body: body)
    }

    static func course(_ req: Request, entry e: CatalogueEntry, questions: [ApplicationQuestion], mine: Admission?) -> Response {
        let lang = req.lang
        let rules: HTML = e.eligibility.isEmpty ? "<p>\(lang.pick("누구나 지원할 수 있습니다.", "Anyone may apply."))</p>"
            : "<ul>\(e.eligibility.map { "<li>\($0)</li>" as HTML })</ul>"
        let action: HTML
        if let mine {
            action = "<p>\(badge(mine.status, lang)) <a class=\"button primary\" href=\"\(mine.status == .draft ? RecruitmentRoutes.form(e.cohortID) : RecruitmentRoutes.admission(mine.id!))\">\(lang.pick("내 지원서 보기", "See your application"))</a></p>"
        } else if !e.open {
            action = "<p class=\"notice\">\(lang.pick("접수 기간: \(e.opensOn) ~ \(e.closesOn)", "Applications: \(e.opensOn) to \(e.closesOn)"))</p>"
        } else if req.principalIfAny == nil {
            action = """
                <p class="actions"><a class="button primary" href="\(SignUpRoutes.form.url(["next": RecruitmentRoutes.form(e.cohortID)]))">\(lang.pick("가입하고 지원하기", "Sign up and apply"))</a>
                <a class="button" href="\(SiteRoutes.login.url(["next": RecruitmentRoutes.form(e.cohortID)]))">\(lang.pick("로그인", "Log in"))</a></p>
                """
        } else if req.principalIfAny?.hasAny(AdmissionController.applicantRoles) == true {
            action = "<p class=\"actions\"><a class=\"button primary\" href=\"\(RecruitmentRoutes.form(e.cohortID))\">\(lang.pick("지원서 작성", "Apply"))</a></p>"
        } else {
            action = "<p class=\"muted\">\(lang.pick("지원은 지원자 계정으로 합니다.", "Applications are made from an applicant account."))</p>"
        }
        let steps = e.hasTest ? lang.pick("서류 검토 → 코딩 테스트 → 심사 → 선발", "Screening → coding test → review → selection")
            : lang.pick("서류 검토 → 심사 → 선발", "Screening → review → selection")
        let body: HTML = """
            <section class="panel">
            <p>\(e.operatorName) · \(e.campus) (\(e.regionName)) · \(e.cohort) · \(e.track)</p>
            \(Components.definitionList([
                (lang.pick("교육 기간", "Dates"), "\(e.startsOn) ~ \(e.endsOn)"),
                (lang.pick("시간", "Hours"), "\(e.totalHours)\(lang.pick("시간", " hours"))"),
                (lang.pick("정원", "Seats"), "\(e.seats)\(lang.pick("명", ""))"),
                (lang.pick("접수", "Applications"), "\(e.opensOn) ~ \(e.closesOn) 24:00 (KST)"),
                (lang.pick("선발 절차", "Selection"), HTML(stringLiteral: steps)),
            ]))
            \(e.residentShare > 0 ? "<p>\(lang.pick("정원의 \(e.residentShare)% 이상은 \(e.regionName) 거주자를 선발합니다.", "At least \(e.residentShare)% of seats go to residents of \(e.regionName)."))</p>" as HTML : .empty)
            <h2>\(lang.pick("지원 자격", "Who can apply"))</h2>
            \(rules)
            \(action)
            </section>
            """
        return Layout.page(req, title: "\(e.course) · \(e.cohort)", body: body)
    }

    static func signUp(_ req: Request, values: [String: String], errors: [FieldError], status: HTTPResponseStatus = .ok) -> Response {
        let lang = req.lang
        let body: HTML = """
            <div class="login">
            <p>\(lang.pick("과정에 지원하려면 계정을 만드세요. 이미 계정이 있으면", "Make an account to apply for a course. Already have one?")) <a href="\(SiteRoutes.login.url(["next": values["next"] ?? ""]))">\(lang.pick("로그인", "Log in"))</a></p>
            \(Components.form(req, action: SignUpRoutes.form.url, fields: SignUp.fields, values: values, errors: errors, submit: Localized("가입하기", "Sign up")))
            </div>
            """
        return Layout.page(req, title: lang.pick("지원자 가입", "Sign up to apply"), body: body, status: status)
    }

    static func applicationForm(_ req: Request, recruitment r: Recruitment, cohort: Cohort, admission: Admission?, values: [String: String],
                                errors: [FieldError], files: [AdmissionFile]) -> Response {
        let lang = req.lang
        let fields = AdmissionForm.fields(lang, questions: r.questions)
        let rows = fields.map { f in Components.field(f, value: values[f.name] ?? "", error: errors.first { $0.field == f.name }, lang: lang) }
        let summary: HTML = errors.isEmpty ? .empty : """
            <div class="alert error" role="alert">\(lang.pick("입력한 내용을 확인하세요. 고칠 곳이 \(errors.count)군데 있습니다.", "Please check the form: \(errors.count) field(s) need attention."))</div>
            """
        let savedNote = errors.isEmpty ? Localized("임시 저장했습니다.", "Draft saved.")
            : Localized("임시 저장했습니다. 표시된 칸도 적은 그대로 보관했지만, 제출하려면 고쳐야 합니다.",
                        "Draft saved. The marked fields are kept as you typed them, but they must be put right before you submit.")
        let saved: HTML = (try? req.query.get(String.self, at: "saved")) == "1" ? "<p class=\"notice\">\(savedNote.in(lang))</p>" : .empty
        let uploads = r.questions.filter { $0.kind == .file }.map { q -> HTML in
            let have = files.first { $0.questionKey == q.key }
            let error = errors.first { $0.field == "file_" + q.key }
            return """
                <form method="post" action="\(RecruitmentRoutes.formFile(cohort.id!, q.key))" enctype="multipart/form-data" class="form">
                \(Layout.csrfField(req))
                <div class="field\(error == nil ? "" : " has-error")"><label for="f-file_\(q.key)">\(q.prompt)\(q.required ? " *" : "")</label>
                <input id="f-file_\(q.key)" type="file" name="file" accept="application/pdf,image/png,image/jpeg">
                <small class="hint">\(have.map { lang.pick("올린 파일: ", "Uploaded: ") + $0.name } ?? lang.pick("PDF, PNG, JPEG · 5MB까지", "PDF, PNG or JPEG, up to 5 MB"))</small>
                \(error.map { "<p class=\"field-error\" id=\"f-file_\(q.key)-error\">\($0.message.in(lang))</p>" as HTML } ?? .empty)</div>
                <button class="button" type="submit">\(lang.pick("파일 올리기", "Upload"))</button>
                </form>
                """
        }
        let body: HTML = """
            <p class="muted">\(lang.pick("마감", "Closes")) \(r.closesOn) 24:00 (KST) · \(lang.pick("임시 저장한 뒤 나중에 이어 쓸 수 있습니다. 제출한 뒤에는 고칠 수 없습니다.", "Save a draft and come back; once sent it cannot be changed."))</p>
            \(saved)\(summary)
            <section class="panel"><h2>\(lang.pick("지원 자격", "Who can apply"))</h2>
            <ul>\(r.rules.map { "<li>\($0.description.in(lang))</li>" as HTML })</ul></section>
            \(uploads)
            <form method="post" action="\(RecruitmentRoutes.form(cohort.id!))" class="form" novalidate>
            \(Layout.csrfField(req))
            \(rows)
            <div class="actions"><button class="button" type="submit" name="action" value="save">\(lang.pick("임시 저장", "Save draft"))</button>
            <button class="button primary" type="submit" name="action" value="submit">\(lang.pick("제출하기", "Submit"))</button></div>
            </form>
            """
        return Layout.page(req, title: lang.pick("지원서", "Application") + " · \(cohort.course.title)", body: body)
    }

    /// The applicant's applications with where each stands (and the deadline to confirm a place); the
    /// applications page and the applicant's home show the same list.
    static func myAdmissionsSection(_ req: Request, unread: Int) async throws -> HTML {
        let lang = req.lang
        let mine = try await Admission.query(on: req.db).filter(\.$personID == req.principal.personID).sort(\.$updatedAt, .descending).all()
        let cohorts = Dictionary(uniqueKeysWithValues: try await Cohort.query(on: req.db).filter(\.$id ~~ mine.map(\.cohortID))
            .with(\.$course).all().map { ($0.id!, $0) })
        let recruitments = Dictionary(uniqueKeysWithValues: try await Recruitment.query(on: req.db).filter(\.$id ~~ mine.map(\.recruitmentID))
            .all().map { ($0.id!, $0) })
        let rows = mine.map { a -> [HTML] in
            let c = cohorts[a.cohortID]
            let href = a.status == .draft ? RecruitmentRoutes.form(a.cohortID) : RecruitmentRoutes.admission(a.id!)
            var note: HTML = "\(a.submittedAt.map { lang.pick("제출 ", "Sent ") + KoreanFormats.dateTime($0) } ?? "")"
            if a.status == .selected, let by = a.confirmBy {
                note = "\(lang.pick("\(KoreanFormats.dateTime(by))까지 등록 확정", "Confirm by \(KoreanFormats.dateTime(by))"))"
            }
            // The next step is the coding test: when it ends once started, or that it waits to be started.
            if a.status == .test, let r = recruitments[a.recruitmentID] {
                let test = RecruitmentRoutes.test(a.id!)
                if let ends = CodingTest.endsAt(a, r) {
                    note = ends > req.now
                        ? "<a href=\"\(test)\">\(lang.pick("코딩 테스트 진행 중 · \(KoreanFormats.dateTime(ends))까지", "Coding test under way, until \(KoreanFormats.dateTime(ends))"))</a>"
                        : "\(lang.pick("코딩 테스트를 마쳤습니다", "Coding test done"))"
                } else if let by = r.testDeadline, req.now >= by {
                    note = "\(lang.pick("코딩 테스트 시작 기한(\(r.testClosesOn ?? "") 24:00)이 지났습니다", "The time to start the coding test (until \(r.testClosesOn ?? "") 24:00) is over"))"
                } else {
                    let deadline: HTML = r.testClosesOn.map { "<br><small>\(lang.pick("\($0) 24:00까지 시작하세요", "Start by \($0) 24:00 KST"))</small>" } ?? .empty
                    note = "<a class=\"button primary\" href=\"\(test)\">\(lang.pick("코딩 테스트 시작하기 (\(r.testMinutes)분)", "Start the coding test (\(r.testMinutes) min)"))</a>\(deadline)"
                }
            }
            return [Components.link(href, "\(c?.course.title ?? "") (\(c?.name ?? ""))"), badge(a.status, lang), note]
        }
        return """
            \(Components.table(headers: [lang.pick("과정", "Course"), lang.pick("상태", "Status"), ""], rows: rows,
                               empty: lang.pick("아직 지원서가 없습니다.", "No applications yet.")))
            <p class="actions"><a class="button primary" href="\(RecruitmentRoutes.catalogue.url)">\(lang.pick("모집 중인 과정 보기", "Courses open for applications"))</a>
            <a class="button" href="\(RecruitmentRoutes.messages.url)">\(lang.pick("알림", "Messages"))\(unread > 0 ? " (\(unread))" : "")</a></p>
            """
    }

    static func status(_ req: Request, admission a: Admission, output: AdmissionOutput, recruitment r: Recruitment, cohort: Cohort,
                       files: [AdmissionFile]) async throws -> Response {
        let lang = req.lang
        let principal = try req.principal
        let own = a.personID == principal.personID
        let journey = AdmissionState.journey.filter { r.hasTest || $0 != .test }
        // An application opened again starts its journey over: only the steps since its last draft are ticked.
        let restart = output.history.lastIndex { $0.state == AdmissionState.draft.rawValue } ?? output.history.startIndex
        let reached = Set(output.history[restart...].compactMap { AdmissionState(rawValue: $0.state) })
        let steps = journey.map { s -> HTML in
            let done = reached.contains(s) || (s == .selected && reached.contains(.waitlisted))
            let current = a.status == s
            return "<li\(HTML(raw: current ? " aria-current=\"step\"" : ""))>\(done ? "✓ " : "")\(s.name.in(lang))</li>"
        }
        var actions: [HTML] = []
        func button(_ action: Path1<Int>, _ label: Localized, primary: Bool = false) -> HTML {
            "<form method=\"post\" action=\"\(action(a.id!))\" class=\"inline\">\(Layout.csrfField(req))<button class=\"button\(primary ? " primary" : "")\" type=\"submit\">\(label.in(lang))</button></form>"
        }
        if own && r.hasTest && (a.status == .test || a.testStartedAt != nil) {
            actions.append("<a class=\"button primary\" href=\"\(RecruitmentRoutes.test(a.id!))\">\(lang.pick("코딩 테스트", "Coding test"))</a>")
        }
        if own {
            if a.status == .selected { actions.append(button(RecruitmentRoutes.confirm, Localized("등록 확정", "Confirm my place"), primary: true)) }
            if a.status == .selected || a.status == .confirmed { actions.append(button(RecruitmentRoutes.decline, Localized("등록 포기", "Decline the place"))) }
            if a.status == .ineligible && r.isOpen(at: req.now) { actions.append(button(RecruitmentRoutes.reopen, Localized("고쳐서 다시 내기", "Fix and send again"))) }
            if a.status == .withdrawn && r.isOpen(at: req.now) { actions.append(button(RecruitmentRoutes.reopen, Localized("다시 지원하기", "Apply again"))) }
            if a.status.canWithdraw && a.status != .selected { actions.append(button(RecruitmentRoutes.withdraw, Localized("지원 취소", "Withdraw"))) }
        }
        let failures: HTML = output.eligibilityFailures.isEmpty || a.status != .ineligible ? .empty : """
            <div class="alert error" role="alert"><p>\(lang.pick("지원 자격에 맞지 않습니다:", "You do not meet these conditions:"))</p><ul>\(output.eligibilityFailures.map { "<li>\($0)</li>" as HTML })</ul></div>
            """
        let confirm: HTML = a.status == .selected ? (a.confirmBy.map {
            "<p class=\"notice\">\(lang.pick("\(KoreanFormats.dateTime($0))까지 등록을 확정하세요. 기한이 지나면 대기자에게 자리가 넘어갑니다.", "Confirm by \(KoreanFormats.dateTime($0)) KST, or the place passes to the waitlist."))</p>"
        } ?? .empty) : .empty
        let history = output.history.map { e -> [HTML] in ["\(KoreanFormats.dateTime(e.at))", "\(e.stateName)", "\(e.note ?? "")"] }
        let answers = r.questions.map { q -> (String, HTML) in
            if q.kind == .file, files.contains(where: { $0.questionKey == q.key }) {
                return (q.prompt, Components.link(RecruitmentRoutes.admissionFile(a.id!, q.key), a.answers[q.key] ?? ""))
            }
            return (q.prompt, "\(a.answers[q.key] ?? "—")")
        }
        let staffTools: HTML = !own && principal.canWrite(.campus(operatorID: a.operatorID, campusID: a.campusID)) && [.submitted, .screening, .test, .review].contains(a.status) ? """
            <section class="panel"><h2>\(lang.pick("불합격 처리", "Mark as not selected"))</h2>
            <form method="post" action="\(RecruitmentRoutes.state(a.id!))" class="form">\(Layout.csrfField(req))<input type="hidden" name="to" value="not_selected">
            <div class="field"><label for="f-note">\(lang.pick("사유 (지원자에게 알립니다)", "Reason (the applicant is told)"))</label><input id="f-note" name="note" required></div>
            <button class="button" type="submit">\(lang.pick("불합격으로", "Not selected"))</button></form></section>
            """ : .empty
        let body: HTML = """
            <p>\(cohort.course.title) · \(cohort.name) · \(badge(a.status, lang))</p>
            <ol class="steps">\(steps)</ol>
            \(failures)\(confirm)
            \(output.explanation.map { "<p><strong>\(lang.pick("선발 결과", "Selection"))</strong>: \($0)</p>" as HTML } ?? .empty)
            \(output.testScore.map { "<p><strong>\(lang.pick("코딩 테스트", "Coding test"))</strong>: \(score($0))</p>" as HTML } ?? .empty)
            <div class="actions">\(actions)</div>
            <section class="panel"><h2>\(lang.pick("진행 기록", "History"))</h2>
            \(Components.table(headers: [lang.pick("시각", "When"), lang.pick("상태", "Status"), lang.pick("메모", "Note")], rows: history, empty: ""))</section>
            <section class="panel"><h2>\(lang.pick("제출한 내용", "What was sent"))</h2>
            \(Components.definitionList([
                (lang.pick("이름", "Name"), "\(output.name)"),
                (lang.pick("생년월일", "Date of birth"), "\(a.birthDate ?? "—")"),
                (lang.pick("거주지", "Lives in"), "\(a.residence.flatMap(Region.init(rawValue:))?.name.in(lang) ?? "—")"),
                (lang.pick("학력", "Education"), "\(a.education.flatMap(EducationLevel.init(rawValue:))?.name.in(lang) ?? "—")"),
                (lang.pick("학교", "School"), "\(a.school ?? "—")"),
                (lang.pick("취업 상태", "Employment"), "\(a.employment.flatMap(EmploymentStatus.init(rawValue:))?.name.in(lang) ?? "—")"),
                (lang.pick("지원 동기", "Why"), "\(a.motivation)"),
            ] + answers))</section>
            \(staffTools)
            """
        return Layout.page(req, title: lang.pick("지원 현황", "Application status"), body: body)
    }

    static func messages(_ req: Request, _ list: [OutboxMessage]) -> Response {
        let lang = req.lang
        let items = list.map { m -> HTML in
            let unread: HTML = m.readAt == nil ? Components.badge(lang.pick("새 알림", "New"), "info") : .empty
            let shown = Outbox.text(of: m.body, in: lang)
            let subject = m.subject.components(separatedBy: " / ")
            return """
                <article class="panel"><h2>\(lang == .ko ? subject.first ?? m.subject : subject.last ?? m.subject) \(unread)</h2>
                <p class="muted">\(KoreanFormats.dateTime(m.createdAt))</p><p class="message-text">\(shown)</p>
                \(m.link.map { "<p><a href=\"\($0)\">\(lang.pick("자세히 보기", "Open"))</a></p>" as HTML } ?? .empty)</article>
                """
        }
        return Layout.page(req, title: lang.pick("알림", "Messages"), body: list.isEmpty ? "<p class=\"empty\">\(lang.pick("알림이 없습니다.", "No messages."))</p>" : items.joined())
    }
}

