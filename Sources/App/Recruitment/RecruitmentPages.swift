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
                <h2><a href="/apply/\(e.cohortID)">\(e.course)</a> \(status)</h2>
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
            <form method="get" action="/apply" class="toolbar"><label>\(lang.pick("지역", "Region"))<select name="region"><option value="">\(lang.pick("전체", "All"))</option>\(options)</select></label><button class="button" type="submit">\(lang.pick("보기", "Show"))</button></form>
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
            action = "<p>\(badge(mine.status, lang)) <a class=\"button primary\" href=\"\(mine.status == .draft ? "/apply/\(e.cohortID)/form" : "/admissions/\(mine.id!)")\">\(lang.pick("내 지원서 보기", "See your application"))</a></p>"
        } else if !e.open {
            action = "<p class=\"notice\">\(lang.pick("접수 기간: \(e.opensOn) ~ \(e.closesOn)", "Applications: \(e.opensOn) to \(e.closesOn)"))</p>"
        } else if req.principalIfAny == nil {
            action = """
                <p class="actions"><a class="button primary" href="/signup?next=/apply/\(e.cohortID)/form">\(lang.pick("가입하고 지원하기", "Sign up and apply"))</a>
                <a class="button" href="/login?next=/apply/\(e.cohortID)/form">\(lang.pick("로그인", "Log in"))</a></p>
                """
        } else if req.principalIfAny?.hasAny(AdmissionController.applicantRoles) == true {
            action = "<p class=\"actions\"><a class=\"button primary\" href=\"/apply/\(e.cohortID)/form\">\(lang.pick("지원서 작성", "Apply"))</a></p>"
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
            <p>\(lang.pick("과정에 지원하려면 계정을 만드세요. 이미 계정이 있으면", "Make an account to apply for a course. Already have one?")) <a href="/login?next=\(values["next"] ?? "")">\(lang.pick("로그인", "Log in"))</a></p>
            \(Components.form(req, action: "/signup", fields: SignUp.fields, values: values, errors: errors, submit: Localized("가입하기", "Sign up")))
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
        let saved: HTML = (try? req.query.get(String.self, at: "saved")) == "1" ? "<p class=\"notice\">\(lang.pick("임시 저장했습니다.", "Draft saved."))</p>" : .empty
        let uploads = r.questions.filter { $0.kind == .file }.map { q -> HTML in
            let have = files.first { $0.questionKey == q.key }
            let error = errors.first { $0.field == "file_" + q.key }
            return """
                <form method="post" action="/apply/\(cohort.id!)/form/files/\(q.key)" enctype="multipart/form-data" class="form">
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
            <form method="post" action="/apply/\(cohort.id!)/form" class="form" novalidate>
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
        let rows = mine.map { a -> [HTML] in
            let c = cohorts[a.cohortID]
            let href = a.status == .draft ? "/apply/\(a.cohortID)/form" : "/admissions/\(a.id!)"
            var note: HTML = "\(a.submittedAt.map { lang.pick("제출 ", "Sent ") + KoreanFormats.dateTime($0) } ?? "")"
            if a.status == .selected, let by = a.confirmBy {
                note = "\(lang.pick("\(KoreanFormats.dateTime(by))까지 등록 확정", "Confirm by \(KoreanFormats.dateTime(by))"))"
            }
            return [Components.link(href, "\(c?.course.title ?? "") (\(c?.name ?? ""))"), badge(a.status, lang), note]
        }
        return """
            \(Components.table(headers: [lang.pick("과정", "Course"), lang.pick("상태", "Status"), ""], rows: rows,
                               empty: lang.pick("아직 지원서가 없습니다.", "No applications yet.")))
            <p class="actions"><a class="button primary" href="/apply">\(lang.pick("모집 중인 과정 보기", "Courses open for applications"))</a>
            <a class="button" href="/messages">\(lang.pick("알림", "Messages"))\(unread > 0 ? " (\(unread))" : "")</a></p>
            """
    }

    static func status(_ req: Request, admission a: Admission, output: AdmissionOutput, recruitment r: Recruitment, cohort: Cohort,
                       files: [AdmissionFile]) async throws -> Response {
        let lang = req.lang
        let principal = try req.principal
        let own = a.personID == principal.personID
        let journey = AdmissionState.journey.filter { r.hasTest || $0 != .test }
        let reached = Set(output.history.compactMap { AdmissionState(rawValue: $0.state) })
        let steps = journey.map { s -> HTML in
            let done = reached.contains(s) || (s == .selected && reached.contains(.waitlisted))
            let current = a.status == s
            return "<li\(HTML(raw: current ? " aria-current=\"step\"" : ""))>\(done ? "✓ " : "")\(s.name.in(lang))</li>"
        }
        var actions: [HTML] = []
        func button(_ action: String, _ label: Localized, primary: Bool = false) -> HTML {
            "<form method=\"post\" action=\"/admissions/\(a.id!)/\(action)\" class=\"inline\">\(Layout.csrfField(req))<button class=\"button\(primary ? " primary" : "")\" type=\"submit\">\(label.in(lang))</button></form>"
        }
        if own && r.hasTest && (a.status == .test || a.testStartedAt != nil) {
            actions.append("<a class=\"button primary\" href=\"/admissions/\(a.id!)/test\">\(lang.pick("코딩 테스트", "Coding test"))</a>")
        }
        if own {
            if a.status == .selected { actions.append(button("confirm", Localized("등록 확정", "Confirm my place"), primary: true)) }
            if a.status == .selected || a.status == .confirmed { actions.append(button("decline", Localized("등록 포기", "Decline the place"))) }
            if a.status == .ineligible && r.isOpen(at: req.now) { actions.append(button("reopen", Localized("고쳐서 다시 내기", "Fix and send again"))) }
            if a.status.canWithdraw && a.status != .selected { actions.append(button("withdraw", Localized("지원 취소", "Withdraw"))) }
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
                return (q.prompt, Components.link("/admissions/\(a.id!)/files/\(q.key)", a.answers[q.key] ?? ""))
            }
            return (q.prompt, "\(a.answers[q.key] ?? "—")")
        }
        let staffTools: HTML = !own && principal.canWrite(.campus(operatorID: a.operatorID, campusID: a.campusID)) && [.submitted, .screening, .test, .review].contains(a.status) ? """
            <section class="panel"><h2>\(lang.pick("불합격 처리", "Mark as not selected"))</h2>
            <form method="post" action="/admissions/\(a.id!)/state" class="form">\(Layout.csrfField(req))<input type="hidden" name="to" value="not_selected">
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
            let text = m.body.components(separatedBy: "\n\n")
            let shown = lang == .ko ? text.first ?? m.body : text.last ?? m.body
            let subject = m.subject.components(separatedBy: " / ")
            return """
                <article class="panel"><h2>\(lang == .ko ? subject.first ?? m.subject : subject.last ?? m.subject) \(unread)</h2>
                <p class="muted">\(KoreanFormats.dateTime(m.createdAt))</p><p>\(shown)</p>
                \(m.link.map { "<p><a href=\"\($0)\">\(lang.pick("자세히 보기", "Open"))</a></p>" as HTML } ?? .empty)</article>
                """
        }
        return Layout.page(req, title: lang.pick("알림", "Messages"), body: list.isEmpty ? "<p class=\"empty\">\(lang.pick("알림이 없습니다.", "No messages."))</p>" : items.joined())
    }

    // MARK: Staff

    static func cohortLinks(_ req: Request, _ cohort: Cohort) -> HTML {
        let lang = req.lang
        let id = cohort.id!
        return """
            <nav class="actions" aria-label="\(lang.pick("모집 메뉴", "Recruitment menu"))"><a class="button" href="/cohorts/\(id)">\(lang.pick("기수", "Cohort"))</a>
            <a class="button" href="/cohorts/\(id)/recruitment">\(lang.pick("모집 설정", "Recruitment settings"))</a>
            <a class="button" href="/cohorts/\(id)/admissions">\(lang.pick("지원서", "Applications"))</a>
            <a class="button" href="/cohorts/\(id)/selection">\(lang.pick("선발", "Selection"))</a></nav>
            """
    }

    static func settings(_ req: Request, cohort: Cohort, recruitment r: Recruitment, isNew: Bool, values: [String: String], errors: [FieldError],
                         problems: [Assignment], status: HTTPResponseStatus = .ok) -> Response {
        let lang = req.lang
        let id = cohort.id!
        let published: HTML = r.publishedAt == nil
            ? "<p>\(Components.badge(lang.pick("비공개", "Not published"), "info"))</p>"
            : "<p>\(Components.badge(lang.pick("공개 중", "Published"), "ok")) <a href=\"/apply/\(id)\">\(lang.pick("공개 페이지 보기", "See the public page"))</a></p>"
        let toggle: HTML = isNew ? .empty : """
            <form method="post" action="/cohorts/\(id)/recruitment/publish" class="inline">\(Layout.csrfField(req))<input type="hidden" name="publish" value="\(r.publishedAt == nil ? "1" : "0")"><button class="button\(r.publishedAt == nil ? " primary" : "")" type="submit">\(r.publishedAt == nil ? lang.pick("모집 공개", "Publish") : lang.pick("공개 중단", "Unpublish"))</button></form>
            """
        let saved: HTML = (try? req.query.get(String.self, at: "saved")) == "1" ? "<p class=\"notice\">\(lang.pick("저장했습니다.", "Saved."))</p>" : .empty
        let body: HTML = """
            \(cohortLinks(req, cohort))
            \(saved)\(published)\(toggle)
            \(isNew ? "<p class=\"notice\">\(lang.pick("아직 모집 설정이 없습니다. 아래 기본값을 고쳐 저장하세요.", "No recruitment yet: adjust the defaults below and save."))</p>" as HTML : .empty)
            \(Components.form(req, action: "/cohorts/\(id)/recruitment", fields: RecruitmentSettings.fields(lang), values: values, errors: errors, submit: Localized("저장", "Save")))
            <section class="panel"><h2>\(lang.pick("코딩 테스트 문제", "Coding-test problems"))</h2>
            \(Components.table(headers: [lang.pick("문제", "Problem"), lang.pick("배점", "Points"), lang.pick("언어", "Languages")],
                               rows: problems.map { p in [Components.link("/assignments/\(p.id!)", p.title), "\(Int(p.points))", "\(p.languageList.map(\.name).joined(separator: ", "))"] },
                               empty: lang.pick("아직 문제가 없습니다. 테스트 시간이 0분이면 테스트 없이 심사로 넘어갑니다.", "No problems yet. With 0 test minutes, screening goes straight to review."), compact: true))
            <p><a class="button" href="/cohorts/\(id)/assignments/new?purpose=admission_test">\(lang.pick("문제 추가", "Add a problem"))</a></p>
            <p class="muted">\(lang.pick("문제와 채점은 과제와 같은 샌드박스를 씁니다. 문제의 테스트는 문제 페이지에서 추가합니다. 교육생의 과제 목록과 성적표에는 나오지 않습니다.", "Problems are graded in the same sandbox as assignments; add their tests on each problem's page. They never appear in trainees' assignment lists or gradebooks."))</p>
            </section>
            """
        return Layout.page(req, title: lang.pick("모집 설정", "Recruitment") + " · \(cohort.name)", body: body, status: status)
    }

    static func admissions(_ req: Request, cohort: Cohort, recruitment r: Recruitment?, output: AdmissionsOutput,
                           reviewers: [(Int, String)], errors: [FieldError]) async throws -> Response {
        let lang = req.lang
        let id = cohort.id!
        let f = output.funnel
        var cardItems: [(String, Int, String?)] = [(lang.pick("지원", "Applied"), f.applied, nil), (lang.pick("자격 충족", "Eligible"), f.eligible, nil)]
        if r?.hasTest == true { cardItems.append((lang.pick("테스트 응시", "Tested"), f.tested, nil)) }
        cardItems += [(lang.pick("심사 완료", "Reviewed"), f.reviewed, nil), (lang.pick("선발", "Selected"), f.selected, nil), (lang.pick("입과", "Enrolled"), f.enrolled, nil)]
        let cards = HomeCards.cards(cardItems)
        let needed = r?.reviewsPerApplication ?? 0
        let rows = output.applications.map { a -> [HTML] in
            let state = AdmissionState(rawValue: a.state) ?? .draft
            let spread: HTML = a.reviewsDone >= 2
                ? (a.reviewSpread >= Rubric.discussAt ? Components.badge(lang.pick("편차 \(score(a.reviewSpread)) — 논의 필요", "Spread \(score(a.reviewSpread)) — discuss"), "bad") : "\(score(a.reviewSpread))")
                : "—"
            let reviewed = state == .review || a.reviewsDone > 0
            return [Components.link("/admissions/\(a.id)", "#\(a.id) \(a.name)"), badge(state, lang),
                    a.resident ? Components.badge(lang.pick("지역 거주", "Resident"), "regional") : .empty,
                    a.testScore.map { "\(score($0))" as HTML } ?? (a.testStarted ? Components.badge(lang.pick("응시 중", "Taking"), "info") : "—"),
                    reviewed ? "\(a.reviewsDone)/\(needed)" : "—", "\(score(a.reviewScore))", spread, "\(a.rank.map(String.init) ?? "—")"]
        }
        var advance: [HTML] = []
        let counts = Dictionary(grouping: output.applications, by: \.state).mapValues(\.count)
        for (from, label) in [(AdmissionState.submitted, Localized("접수 → 서류 검토", "Submitted → screening")),
                              (.screening, r?.hasTest == true ? Localized("서류 검토 → 코딩 테스트", "Screening → coding test") : Localized("서류 검토 → 심사", "Screening → review")),
                              (.test, Localized("코딩 테스트 → 심사", "Coding test → review"))] where (counts[from.rawValue] ?? 0) > 0 {
            advance.append("""
                <form method="post" action="/cohorts/\(id)/admissions/advance" class="inline">\(Layout.csrfField(req))<input type="hidden" name="from" value="\(from.rawValue)"><button class="button" type="submit">\(label.in(lang)) (\(counts[from.rawValue] ?? 0))</button></form>
                """)
        }
        let inReview = output.applications.filter { $0.state == AdmissionState.review.rawValue && $0.assigned < needed }.count
        let reviewerField = FieldSpec(name: "reviewers", label: Localized("심사위원", "Reviewers"),
                                      kind: .checkboxes(reviewers.map { .init(value: String($0.0), label: $0.1) }),
                                      hint: Localized("지원서마다 \(needed)명씩, 일이 고르게 나뉘도록 배정합니다.", "\(needed) per application, with the work spread evenly."))
        let assign: HTML = inReview > 0 ? """
            <section class="panel"><h2>\(lang.pick("심사위원 배정이 필요한 지원서", "Applications needing reviewers")) (\(inReview))</h2>
            \(Components.form(req, action: "/cohorts/\(id)/admissions/reviewers", fields: [reviewerField], values: [:], errors: errors, submit: Localized("배정", "Assign")))</section>
            """ : .empty
        let body: HTML = """
            \(cohortLinks(req, cohort))
            \(r == nil ? "<p class=\"notice\">\(lang.pick("모집 설정이 없습니다.", "No recruitment is set up."))</p>" as HTML : .empty)
            \(cards)
            <div class="actions">\(advance)</div>
            \(assign)
            \(Components.table(headers: [lang.pick("지원서", "Application"), lang.pick("상태", "Status"), lang.pick("지역", "Region"), lang.pick("테스트", "Test"),
                                         lang.pick("심사", "Reviews"), lang.pick("심사 점수", "Review score"), lang.pick("심사 편차", "Spread"), lang.pick("순위", "Rank")],
                               rows: rows, empty: lang.pick("제출된 지원서가 없습니다.", "No applications have been sent.")))
            """
        return Layout.page(req, title: lang.pick("지원서", "Applications") + " · \(cohort.name)", body: body)
    }

    static func selection(_ req: Request, cohort: Cohort, output o: SelectionOutput, values: [String: String], errors: [FieldError]) -> Response {
        let lang = req.lang
        let id = cohort.id!
        let header: HTML = """
            <p>\(lang.pick("정원 \(o.seats)명 · 지역 거주자 최소 \(o.residentMinimum)명", "\(o.seats) seats · at least \(o.residentMinimum) regional residents"))</p>
            """
        let blockers: HTML = o.blockers.isEmpty ? .empty : "<div class=\"alert error\" role=\"alert\"><ul>\(o.blockers.map { "<li>\($0)</li>" as HTML })</ul></div>"
        let summary: HTML = errors.isEmpty ? .empty : "<div class=\"alert error\" role=\"alert\">\(lang.pick("고칠 곳이 \(errors.count)군데 있습니다.", "\(errors.count) field(s) need attention."))</div>"
        let rows = o.rows.map { row -> [HTML] in
            var cells: [HTML] = ["\(row.rank)", Components.link("/admissions/\(row.applicationID)", "#\(row.applicationID) \(row.name)"),
                                 row.resident ? Components.badge(lang.pick("지역 거주", "Resident"), "regional") : .empty]
            if o.hasTest { cells.append("\(score(row.testScore))") }
            cells += ["\(score(row.reviewScore))", "\(score(row.composite))",
                      AdmissionState(rawValue: row.outcome).map { badge($0, lang) } ?? "\(row.outcome)", "\(row.explanation)"]
            if !o.applied {
                let key = "override_\(row.applicationID)", reasonKey = "reason_\(row.applicationID)"
                let chosen = values[key] ?? ""
                let options: [HTML] = [("none", lang.pick("계산대로", "As computed")), ("select", lang.pick("선발", "Select")), ("exclude", lang.pick("제외", "Exclude"))].map {
                    Components.option($0.0, $0.1, selected: chosen == $0.0)
                }
                let error = errors.first { $0.field == reasonKey || $0.field == key }
                cells.append("""
                    <select name="\(key)" aria-label="\(lang.pick("결정", "Decision"))">\(options)</select>
                    <input name="\(reasonKey)" value="\(values[reasonKey] ?? "")" placeholder="\(lang.pick("사유", "Reason"))" aria-label="\(lang.pick("사유", "Reason"))"\(HTML(raw: error == nil ? "" : " aria-invalid=\"true\""))>
                    \(error.map { "<p class=\"field-error\">\($0.message.in(lang))</p>" as HTML } ?? .empty)
                    """)
            }
            return cells
        }
        var headers = [lang.pick("순위", "Rank"), lang.pick("지원서", "Application"), lang.pick("지역", "Region")]
        if o.hasTest { headers.append(lang.pick("테스트", "Test")) }
        headers += [lang.pick("심사", "Review"), lang.pick("종합", "Composite"), lang.pick("결과", "Outcome"), lang.pick("설명", "Explanation")]
        if !o.applied { headers.append(lang.pick("조정", "Override")) }
        let table = Components.table(headers: headers, rows: rows, empty: lang.pick("심사를 마친 지원서가 없습니다.", "No reviewed applications."))
        let body: HTML
        if o.applied {
            let confirmed = o.rows.filter { $0.outcome == AdmissionState.confirmed.rawValue }.count
            let waiting = o.rows.filter { $0.outcome == AdmissionState.waitlisted.rawValue }.count
            body = """
                \(cohortLinks(req, cohort))\(header)
                <p class="notice">\(lang.pick("선발을 확정했습니다. 선발된 지원자가 포기하거나 기한 안에 확정하지 않으면 대기자가 자동으로 선발됩니다.", "The selection is applied. When someone declines or does not confirm in time, the waitlist moves up automatically."))</p>
                <div class="actions">
                <form method="post" action="/cohorts/\(id)/selection/enroll" class="inline">\(Layout.csrfField(req))<button class="button primary" type="submit"\(HTML(raw: confirmed == 0 ? " disabled" : ""))>\(lang.pick("등록 확정자 입과 처리", "Enroll those who confirmed")) (\(confirmed))</button></form>
                <form method="post" action="/cohorts/\(id)/selection/close-waitlist" class="inline">\(Layout.csrfField(req))<button class="button" type="submit"\(HTML(raw: waiting == 0 ? " disabled" : ""))>\(lang.pick("대기자 마감", "Close the waitlist")) (\(waiting))</button></form>
                </div>
                \(table)
                """
        } else {
            body = """
                \(cohortLinks(req, cohort))\(header)\(blockers)\(summary)
                <p class="muted">\(lang.pick("아래는 지금 점수로 계산한 결과입니다. 조정에는 사유가 필요하며 기록됩니다.", "Below is the selection computed from the current scores. Overrides need a reason and are logged."))</p>
                <form method="post" action="/cohorts/\(id)/selection" class="form-wide">\(Layout.csrfField(req))
                \(table)
                <div class="actions"><button class="button" type="submit" name="action" value="preview">\(lang.pick("조정 반영해 다시 계산", "Recompute with overrides"))</button>
                <button class="button primary" type="submit" name="action" value="apply"\(HTML(raw: o.blockers.isEmpty ? "" : " disabled"))>\(lang.pick("선발 확정", "Apply the selection"))</button></div>
                </form>
                """
        }
        return Layout.page(req, title: lang.pick("선발", "Selection") + " · \(cohort.name)", body: body)
    }

    // MARK: Reviewers

    static func reviewList(_ req: Request, _ items: [ReviewListItem]) -> Response {
        let lang = req.lang
        let rows = items.map { i -> [HTML] in
            [Components.link("/admission-reviews/\(i.reviewID)", lang.pick("지원서 #\(i.applicationNumber)", "Application #\(i.applicationNumber)")), "\(i.course)",
             i.done ? Components.badge(lang.pick("완료 \(score(i.total))", "Done \(score(i.total))"), "ok") : Components.badge(lang.pick("심사 전", "To review"), "info")]
        }
        let saved: HTML = (try? req.query.get(String.self, at: "saved")) == "1" ? "<p class=\"notice\">\(lang.pick("심사를 저장했습니다.", "Review saved."))</p>" : .empty
        return Layout.page(req, title: lang.pick("지원서 심사", "Application reviews"), body: """
            \(saved)\(Components.table(headers: [lang.pick("지원서", "Application"), lang.pick("과정", "Course"), lang.pick("상태", "Status")], rows: rows,
                                       empty: lang.pick("배정된 지원서가 없습니다.", "No applications are assigned to you.")))
            """)
    }

    static func review(_ req: Request, _ v: ReviewedApplication, values: [String: String], errors: [FieldError]) -> Response {
        let lang = req.lang
        var facts: [(String, HTML)] = []
        if !v.blind {
            facts += [(lang.pick("이름", "Name"), "\(v.name ?? "")"), (lang.pick("생년월일", "Date of birth"), "\(v.birthDate ?? "—")"),
                      (lang.pick("성별", "Gender"), "\(v.gender.flatMap(Gender.init(rawValue:))?.name.in(lang) ?? "—")"),
                      (lang.pick("학교", "School"), "\(v.school ?? "—")")]
        }
        facts += [(lang.pick("학력", "Education"), "\(v.education ?? "—")"), (lang.pick("취업 상태", "Employment"), "\(v.employment ?? "—")"),
                  (lang.pick("거주지", "Lives in"), "\(v.residence ?? "—")"), (lang.pick("지원 동기", "Why"), "\(v.motivation)")]
        facts += v.answers.map { ($0.question, "\($0.answer.isEmpty ? "—" : $0.answer)") }
        let scale = (Rubric.lowest...Rubric.highest).map { FieldSpec.Option(value: String($0), label: String($0)) }
        let fields = v.rubric.criteria.map { FieldSpec(name: $0.key, label: Localized("\($0.name) (\($0.weight))", "\($0.name) (\($0.weight))"), kind: .select(scale)) }
            + [FieldSpec(name: "comment", label: Localized("의견", "Comment"), kind: .textarea, required: false)]
        let blind: HTML = v.blind ? "<p class=\"notice\">\(lang.pick("블라인드 심사: 이름·나이·성별·학교·사진은 보이지 않습니다.", "Blind review: name, age, gender, school and photo are hidden."))</p>" : .empty
        let body: HTML = """
            <p>\(v.course)</p>\(blind)
            <section class="panel">\(Components.definitionList(facts))</section>
            <section class="panel"><h2>\(lang.pick("평가 (1~5점)", "Scores (1–5)"))</h2>
            \(Components.form(req, action: "/admission-reviews/\(v.reviewID)", fields: fields, values: values, errors: errors, submit: Localized("심사 저장", "Save review")))</section>
            """
        return Layout.page(req, title: lang.pick("지원서 #\(v.applicationNumber) 심사", "Review of application #\(v.applicationNumber)"), body: body)
    }
}

/// Applicants: their applications at a glance, new messages, and the way to the catalogue.
enum ApplicantHome {
    static func unread(_ req: Request) async throws -> Int {
        try await OutboxMessage.query(on: req.db).filter(\.$personID == req.principal.personID).filter(\.$readAt == nil).count()
    }

    static func render(_ req: Request, _ principal: Principal) async throws -> HTML {
        """
        <section class="panel">
        <h2>\(req.lang.pick("내 지원서", "My applications"))</h2>
        \(try await RecruitmentPages.myAdmissionsSection(req, unread: try await unread(req)))
        </section>
        """
    }
}

extension RecruitmentPages {
    static func codingTest(_ req: Request, _ t: CodingTestOutput, admission a: Admission, errors: [FieldError], values: [String: String]) async throws -> Response {
        let lang = req.lang
        let id = a.id!
        var body: [HTML] = []
        if t.startedAt == nil {
            body.append("""
                <section class="panel"><p>\(lang.pick("시작하면 \(t.minutes)분 동안 문제를 풀 수 있습니다. 시간은 시작한 순간부터 잽니다. 한 번 시작하면 멈출 수 없습니다.",
                                                      "Once you start you have \(t.minutes) minutes; the time runs from that moment and cannot be paused."))</p>
                <p>\(lang.pick("문제마다 여러 번 낼 수 있고, 가장 높은 점수가 반영됩니다.", "You may answer each problem several times; the best counts."))</p>
                \(a.status == .test ? """
                    <form method="post" action="/admissions/\(id)/test/start">\(Layout.csrfField(req))<button class="button primary" type="submit">\(lang.pick("시험 시작", "Start the test"))</button></form>
                    """ as HTML : "<p class=\"notice\">\(lang.pick("코딩 테스트 단계가 되면 시작할 수 있습니다.", "You can start once your application reaches the test stage."))</p>" as HTML)
                </section>
                """)
        } else if let ends = t.endsAt {
            body.append(t.open
                ? "<p class=\"notice\">\(lang.pick("종료 시각 \(KoreanFormats.dateTime(ends)) (KST). 그 뒤에는 답안을 받지 않습니다.", "Ends at \(KoreanFormats.dateTime(ends)) KST; no answers are taken after that."))</p>"
                : "<p class=\"notice\">\(lang.pick("시험 시간이 끝났습니다.", "Your test time is over."))\(t.score.map { lang.pick(" 점수: \(score($0))점", " Score: \(score($0))") } ?? "")</p>")
        }
        for p in t.problems {
            let samples = p.samples.map { s -> HTML in
                "<div class=\"sample-io\"><div><h4>\(lang.pick("입력", "Input"))</h4><pre>\(s.input)</pre></div><div><h4>\(lang.pick("출력", "Output"))</h4><pre>\(s.expected)</pre></div></div>"
            }
            let attempts = p.attempts.map { at -> [HTML] in
                let pending = [SubmissionState.queued.rawValue, SubmissionState.grading.rawValue].contains(at.state)
                let badge: HTML = at.verdict.flatMap(Verdict.init(rawValue:)).map { Components.badge($0.name.in(lang), $0 == .accepted ? "ok" : "bad") }
                    ?? Components.badge(SubmissionState(rawValue: at.state)?.name.in(lang) ?? at.state, "info")
                // Followed in place, not by reloading: the code box of another problem may hold unsent work.
                let verdict: HTML = pending ? "<span data-follow=\"/submissions/\(at.id)/status\" data-follow-points=\"points-\(at.id)\">\(badge)</span>" : badge
                return ["\(KoreanFormats.clockTime(at.submittedAt))", verdict,
                        "<span id=\"points-\(at.id)\">\(at.points.map { String(format: "%.0f", $0) } ?? "—")</span>/\(String(format: "%.0f", p.points))"]
            }
            let grading = p.attempts.contains { [SubmissionState.queued.rawValue, SubmissionState.grading.rawValue].contains($0.state) }
            let refresh: HTML = grading ? "<p class=\"muted\" role=\"status\">\(lang.pick("채점 중인 답안은 끝나면 결과가 저절로 나타납니다.", "Answers being graded show their result by themselves.")) <a href=\"/admissions/\(id)/test#problem-\(p.id)\">\(lang.pick("새로 고침", "Refresh"))</a></p>" : .empty
            let mine = values["problem"] == String(p.id)
            // The code box keeps what was typed after an error, and otherwise holds the latest answer sent.
            let latest = p.attempts.first
            let sourceValue = mine ? values["source"] ?? "" : latest?.source ?? ""
            let languageValue = mine ? values["language"] ?? "" : latest?.language ?? ""
            let form: HTML = t.open ? """
                <form method="post" action="/admissions/\(id)/test/\(p.id)" class="form" novalidate>\(Layout.csrfField(req))
                \(Components.field(FieldSpec(name: "language", label: Localized("언어", "Language"),
                                             kind: .select(p.languages.compactMap(Language.named).map { .init(value: $0.id, label: $0.name) })),
                                   value: languageValue, error: mine ? errors.first { $0.field == "language" } : nil, lang: lang))
                \(Components.field(FieldSpec(name: "source", label: Localized("코드", "Code"), kind: .textarea),
                                   value: sourceValue, error: mine ? errors.first { $0.field == "source" } : nil, lang: lang))
                <button class="button primary" type="submit">\(lang.pick("답안 내기", "Send the answer"))</button></form>
                """ : mine ? keptAnswer(sourceValue, error: errors.first { $0.field == "source" }, lang) : .empty
            body.append("""
                <section class="panel" id="problem-\(p.id)"><h2>\(p.title) <small>(\(String(format: "%.0f", p.points))\(lang.pick("점", " points")))</small></h2>
                <section class="statement">\(HTML(raw: SafeMarkdown.html(p.statement)))</section>
                \(samples.isEmpty ? .empty : "<h3>\(lang.pick("예제", "Samples"))</h3>" as HTML)\(samples)
                \(form)
                \(p.attempts.isEmpty ? .empty : Components.table(headers: [lang.pick("낸 시각", "Sent"), lang.pick("결과", "Result"), lang.pick("점수", "Points")], rows: attempts, empty: "", compact: true))
                \(refresh)
                </section>
                """)
        }
        return Layout.page(req, title: lang.pick("코딩 테스트", "Coding test"), body: "\(body)")
    }

    /// An answer sent after the time ran out: not taken, but shown with the reason so what was typed is not lost.
    static func keptAnswer(_ source: String, error: FieldError?, _ lang: Lang) -> HTML {
        """
        <div class="field has-error"><label for="source-kept">\(lang.pick("받지 않은 답안 (복사해 두세요)", "The answer not taken (copy it to keep it)"))</label>
        <textarea id="source-kept" rows="8" readonly aria-describedby="source-kept-error">
        \(source)</textarea>
        \(error.map { "<p class=\"field-error\" id=\"source-kept-error\">\($0.message.in(lang))</p>" as HTML } ?? .empty)</div>
        """
    }
}
