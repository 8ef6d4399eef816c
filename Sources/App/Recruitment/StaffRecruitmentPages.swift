import Fluent
import Foundation
import IeumCore
import Vapor

extension RecruitmentPages {
    // MARK: Staff

    static func cohortLinks(_ req: Request, _ cohort: Cohort) -> HTML {
        let lang = req.lang
        let id = cohort.id!
        return """
            <nav class="actions" aria-label="\(lang.pick("모집 메뉴", "Recruitment menu"))"><a class="button" href="\(CohortResource.record(id))">\(lang.pick("기수", "Cohort"))</a>
            <a class="button" href="\(RecruitmentRoutes.settings(id))">\(lang.pick("모집 설정", "Recruitment settings"))</a>
            <a class="button" href="\(RecruitmentRoutes.cohortAdmissions(id))">\(lang.pick("지원서", "Applications"))</a>
            <a class="button" href="\(RecruitmentRoutes.selection(id))">\(lang.pick("선발", "Selection"))</a></nav>
            """
    }

    static func settings(_ req: Request, cohort: Cohort, recruitment r: Recruitment, isNew: Bool, values: [String: String], errors: [FieldError],
                         problems: [Assignment], status: HTTPResponseStatus = .ok) -> Response {
        let lang = req.lang
        let id = cohort.id!
        let published: HTML = r.publishedAt == nil
            ? "<p>\(Components.badge(lang.pick("비공개", "Not published"), "info"))</p>"
            : "<p>\(Components.badge(lang.pick("공개 중", "Published"), "ok")) <a href=\"\(RecruitmentRoutes.course(id))\">\(lang.pick("공개 페이지 보기", "See the public page"))</a></p>"
        let toggle: HTML = isNew ? .empty : """
            <form method="post" action="\(RecruitmentRoutes.publish(id))" class="inline">\(Layout.csrfField(req))<input type="hidden" name="publish" value="\(r.publishedAt == nil ? "1" : "0")"><button class="button\(r.publishedAt == nil ? " primary" : "")" type="submit">\(r.publishedAt == nil ? lang.pick("모집 공개", "Publish") : lang.pick("공개 중단", "Unpublish"))</button></form>
            """
        let saved: HTML = (try? req.query.get(String.self, at: "saved")) == "1" ? "<p class=\"notice\">\(lang.pick("저장했습니다.", "Saved."))</p>" : .empty
        let body: HTML = """
            \(cohortLinks(req, cohort))
            \(saved)\(published)\(toggle)
            \(isNew ? "<p class=\"notice\">\(lang.pick("아직 모집 설정이 없습니다. 아래 기본값을 고쳐 저장하세요.", "No recruitment yet: adjust the defaults below and save."))</p>" as HTML : .empty)
            \(Components.form(req, action: RecruitmentRoutes.settings(id), fields: RecruitmentSettings.fields(lang), values: values, errors: errors, submit: Localized("저장", "Save")))
            <section class="panel"><h2>\(lang.pick("코딩 테스트 문제", "Coding-test problems"))</h2>
            \(Components.table(headers: [lang.pick("문제", "Problem"), lang.pick("배점", "Points"), lang.pick("언어", "Languages")],
                               rows: problems.map { p in [Components.link(AssignmentRoutes.assignment(p.id!), p.title), "\(Int(p.points))", "\(p.languageList.map(\.name).joined(separator: ", "))"] },
                               empty: lang.pick("아직 문제가 없습니다. 테스트 시간이 0분이면 테스트 없이 심사로 넘어갑니다.", "No problems yet. With 0 test minutes, screening goes straight to review."), compact: true))
            <p><a class="button" href="\(AssignmentRoutes.newAssignment(id))?purpose=admission_test">\(lang.pick("문제 추가", "Add a problem"))</a></p>
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
            return [Components.link(RecruitmentRoutes.admission(a.id), "#\(a.id) \(a.name)"), badge(state, lang),
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
                <form method="post" action="\(RecruitmentRoutes.advance(id))" class="inline">\(Layout.csrfField(req))<input type="hidden" name="from" value="\(from.rawValue)"><button class="button" type="submit">\(label.in(lang)) (\(counts[from.rawValue] ?? 0))</button></form>
                """)
        }
        let inReview = output.applications.filter { $0.state == AdmissionState.review.rawValue && $0.assigned < needed }.count
        let reviewerField = FieldSpec(name: "reviewers", label: Localized("심사위원", "Reviewers"),
                                      kind: .checkboxes(reviewers.map { .init(value: String($0.0), label: $0.1) }),
                                      hint: Localized("지원서마다 \(needed)명씩, 일이 고르게 나뉘도록 배정합니다.", "\(needed) per application, with the work spread evenly."))
        let assign: HTML = inReview > 0 ? """
            <section class="panel"><h2>\(lang.pick("심사위원 배정이 필요한 지원서", "Applications needing reviewers")) (\(inReview))</h2>
            \(Components.form(req, action: RecruitmentRoutes.reviewers(id), fields: [reviewerField], values: [:], errors: errors, submit: Localized("배정", "Assign")))</section>
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
            var cells: [HTML] = ["\(row.rank)", Components.link(RecruitmentRoutes.admission(row.applicationID), "#\(row.applicationID) \(row.name)"),
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
                <form method="post" action="\(RecruitmentRoutes.enroll(id))" class="inline">\(Layout.csrfField(req))<button class="button primary" type="submit"\(HTML(raw: confirmed == 0 ? " disabled" : ""))>\(lang.pick("등록 확정자 입과 처리", "Enroll those who confirmed")) (\(confirmed))</button></form>
                <form method="post" action="\(RecruitmentRoutes.closeWaitlistPage(id))" class="inline">\(Layout.csrfField(req))<button class="button" type="submit"\(HTML(raw: waiting == 0 ? " disabled" : ""))>\(lang.pick("대기자 마감", "Close the waitlist")) (\(waiting))</button></form>
                </div>
                \(table)
                """
        } else {
            body = """
                \(cohortLinks(req, cohort))\(header)\(blockers)\(summary)
                <p class="muted">\(lang.pick("아래는 지금 점수로 계산한 결과입니다. 조정에는 사유가 필요하며 기록됩니다.", "Below is the selection computed from the current scores. Overrides need a reason and are logged."))</p>
                <form method="post" action="\(RecruitmentRoutes.selection(id))" class="form-wide">\(Layout.csrfField(req))
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
            [Components.link(RecruitmentRoutes.review(i.reviewID), lang.pick("지원서 #\(i.applicationNumber)", "Application #\(i.applicationNumber)")), "\(i.course)",
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
            \(Components.form(req, action: RecruitmentRoutes.review(v.reviewID), fields: fields, values: values, errors: errors, submit: Localized("심사 저장", "Save review")))</section>
            """
        return Layout.page(req, title: lang.pick("지원서 #\(v.applicationNumber) 심사", "Review of application #\(v.applicationNumber)"), body: body)
    }
}
