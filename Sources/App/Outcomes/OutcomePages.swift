import Foundation
import IeumCore
import Vapor

/// Pages of the graduate profile, jobs and the employer's pipeline.
enum OutcomePages {
    static func regionName(_ raw: String, _ lang: Lang) -> String { Region(rawValue: raw)?.name.in(lang) ?? raw }
    static func salary(_ low: Int, _ high: Int, _ lang: Lang) -> String {
        lang.pick("연 \(Components.number(low))~\(Components.number(high))만원", "\(Components.number(low * 10))k–\(Components.number(high * 10))k KRW a year")
    }

    // MARK: Profile

    static func profileEditor(_ req: Request, profile: GraduateProfileRecord, values: [String: String], errors: [FieldError],
                              work: [ProfileOutput.Work]) async throws -> Response {
        let lang = req.lang
        let principal = try req.principal
        let isGraduate = try await GraduateDirectory.graduate(principal.personID, on: req.db) != nil
        let consent: HTML
        if let at = profile.consentGivenAt {
            consent = """
                <div class="alert ok">\(lang.pick("\(KoreanFormats.dateTime(at))부터 인증된 채용기업이 이 프로필을 볼 수 있습니다. 볼 때마다 기록이 남습니다.",
                                                  "Since \(KoreanFormats.dateTime(at)) verified employers can see this profile; every view is recorded."))</div>
                <form method="post" action="\(OutcomeRoutes.consent.url)" class="inline">\(Layout.csrfField(req))<input type="hidden" name="consent" value="false">
                <button type="submit" class="button danger">\(lang.pick("공개 동의 철회", "Withdraw consent"))</button></form>
                """
        } else {
            consent = """
                <div class="alert">\(lang.pick("지금은 어떤 기업도 이 프로필을 볼 수 없습니다.", "No employer can see this profile now."))</div>
                <form method="post" action="\(OutcomeRoutes.consent.url)" class="form">\(Layout.csrfField(req))<input type="hidden" name="consent" value="true">
                <p>\(lang.pick("동의하면 이음이 인증한 채용기업이 이름, 수료한 과정과 캠퍼스, 아래 프로필, 고른 과제와 수료증을 볼 수 있고 추천 목록에 나타납니다. 연락처와 주민등록번호는 보이지 않습니다. 언제든 철회할 수 있으며, 철회하면 곧바로 보이지 않습니다.",
                               "If you agree, employers verified by Ieum can see your name, the course and campus you completed, this profile, the work you choose and your certificates, and you appear in their recommendations. Contact details and registration numbers are never shown. You can withdraw at any time, with immediate effect."))</p>
                <button type="submit" class="button primary">\(lang.pick("동의하고 공개", "Agree and share"))</button></form>
                """
        }
        let saved: HTML = req.query[String.self, at: "saved"] == "1" ? "<div class=\"alert ok\">\(lang.pick("저장했습니다.", "Saved."))</div>" : .empty
        let notice: HTML = isGraduate ? .empty : "<p class=\"muted\">\(lang.pick("수료한 뒤에 채용기업에 공개됩니다.", "Employers can see it once you have completed a course."))</p>"
        let body: HTML = """
            \(saved)\(notice)
            <h2>\(lang.pick("기업 공개 동의", "Sharing with employers"))</h2>
            \(consent)
            <h2>\(lang.pick("프로필", "Profile"))</h2>
            \(Components.form(req, action: OutcomeRoutes.profile.url, fields: ProfileController.fields(lang, work: work), values: values, errors: errors,
                              submit: Localized("저장", "Save")))
            """
        return Layout.page(req, title: lang.pick("내 프로필", "My profile"), body: body)
    }

    static func graduate(_ req: Request, _ p: ProfileOutput) -> Response {
        let lang = req.lang
        let work = p.featuredWork.map { w -> [HTML] in
            ["\(w.assignment)", "\(w.language)", "\(w.points.map { String(format: "%.0f", $0) } ?? "—") / \(String(format: "%.0f", w.outOf))"]
        }
        let certificates = p.certificates.map { c -> HTML in "<li>\(c.course) — <a href=\"\(c.verifyURL)\">\(lang.pick("진위 확인", "verify"))</a></li>" }
        let body: HTML = """
            <p class="lead">\(p.headline)</p>
            \(Components.definitionList([
                (lang.pick("수료 과정", "Completed"), "\(p.course ?? "—")"),
                (lang.pick("캠퍼스", "Campus"), "\(p.campus ?? "—") (\(p.campusRegion.map { regionName($0, lang) } ?? ""))"),
                (lang.pick("수료일", "Course ended"), "\(p.completedOn ?? "—")"),
                (lang.pick("기술", "Skills"), "\(p.skills.joined(separator: ", "))"),
                (lang.pick("희망 지역", "Regions"), "\(p.desiredRegions.map { regionName($0, lang) }.joined(separator: ", "))"),
                (lang.pick("희망 직무", "Job types"), "\(p.jobTypes.compactMap { JobType(rawValue: $0)?.name.in(lang) }.joined(separator: ", "))"),
            ]))
            <h2>\(lang.pick("프로젝트", "Projects"))</h2>
            <p class="prewrap">\(p.projects.isEmpty ? "—" : p.projects)</p>
            <h2>\(lang.pick("고른 과제", "Selected graded work"))</h2>
            \(Components.table(headers: [lang.pick("과제", "Assignment"), lang.pick("언어", "Language"), lang.pick("점수", "Score")], rows: work,
                               empty: lang.pick("고른 과제가 없습니다.", "No work selected.")))
            <h2>\(lang.pick("수료증", "Certificates"))</h2>
            <ul>\(certificates)</ul>
            <p class="muted">\(lang.pick("본인이 공개에 동의한 프로필입니다. 열람 기록이 남습니다.", "Shared with the graduate's consent; this view is recorded."))</p>
            """
        return Layout.page(req, title: p.name, body: body)
    }

    // MARK: Jobs

    static func jobs(_ req: Request, jobs: [JobOutput], applications: [ApplicationOutput], employer: Employer?, isGraduate: Bool,
                     fairMatch: JobPosting?) -> Response {
        let lang = req.lang
        let principal = req.principalIfAny
        var sections: [HTML] = []
        if let employer {
            sections.append(employer.verified
                ? "<div class=\"actions\"><a class=\"button primary\" href=\"\(OutcomeRoutes.newJob.url)\">\(lang.pick("새 채용 공고", "New job posting"))</a></div>"
                : "<div class=\"alert\">\(lang.pick("사업 운영진이 기업 정보를 확인하면 공고를 올리고 수료생 추천을 받을 수 있습니다.", "Once the program has verified your company you can post jobs and see recommended graduates."))</div>")
        }
        if let fairMatch {
            sections.append("<div class=\"alert ok\">\(lang.pick("채용 박람회 매칭 결과", "Hiring-fair match")): <a href=\"\(OutcomeRoutes.job(fairMatch.id!))\">\(fairMatch.title)</a> · \(fairMatch.employer.name)</div>")
        }
        if principal?.has(.trainee) == true {
            let rows = applications.map { a -> [HTML] in
                [Components.link(OutcomeRoutes.job(a.jobID), a.job), "\(a.employer)",
                 Components.badge(a.stage.name.in(lang), "stage-\(a.stage.rawValue)")]
            }
            sections.append("""
                <h2>\(lang.pick("내 지원", "My applications"))</h2>
                \(Components.table(headers: [lang.pick("공고", "Job"), lang.pick("기업", "Company"), lang.pick("단계", "Stage")], rows: rows,
                                   empty: lang.pick("아직 지원한 공고가 없습니다.", "No applications yet.")))
                <h2>\(isGraduate ? lang.pick("나에게 맞는 일자리", "Jobs that fit you") : lang.pick("모집 중인 일자리", "Open jobs"))</h2>
                \(isGraduate ? HTML.empty : "<p class=\"muted\">\(lang.pick("수료하면 프로필에 맞춘 추천과 지원이 열립니다.", "Recommendations and applying open once you complete a course."))</p>" as HTML)
                <p><a href="\(OutcomeRoutes.profile.url)">\(lang.pick("내 프로필과 공개 동의", "My profile and sharing"))</a></p>
                """)
        }
        let rows = jobs.map { j -> [HTML] in
            let fit: HTML = j.score.map { "<strong>\($0)</strong> <span class=\"muted\">\(j.reasons?.joined(separator: " · ") ?? "")</span>" }
                ?? j.applicants.map { "\(lang.pick("지원자 \($0)명", "\($0) applicants"))" as HTML } ?? .empty
            return [Components.link(OutcomeRoutes.job(j.id), j.title), "\(j.employer)", "\(regionName(j.region, lang))",
                    "\(JobType(rawValue: j.jobType)?.name.in(lang) ?? j.jobType)", "\(j.deadline)", fit]
        }
        sections.append(Components.table(
            headers: [lang.pick("공고", "Job"), lang.pick("기업", "Company"), lang.pick("지역", "Region"), lang.pick("직무", "Type"),
                      lang.pick("마감", "Apply by"), employer == nil ? lang.pick("적합도", "Fit") : lang.pick("지원", "Applied")],
            rows: rows, empty: lang.pick("채용 공고가 없습니다.", "No job postings.")))
        return Layout.page(req, title: lang.pick("채용", "Jobs"), body: HTML(raw: sections.map(\.raw).joined()))
    }

    static func jobForm(_ req: Request, values: [String: String], errors: [FieldError]) -> Response {
        Layout.page(req, title: req.t("새 채용 공고", "New job posting"),
                    body: Components.form(req, action: OutcomeRoutes.jobs.url, fields: JobsController.jobFields(req.lang), values: values, errors: errors,
                                          submit: Localized("공고 올리기", "Post the job")))
    }

    static func job(_ req: Request, job: JobOutput, applicants: [ApplicationOutput], recommended: [RecommendedGraduate],
                    fair: [RecommendedGraduate], owns: Bool,
                    graduate: Graduate?, application: JobApplication?, error: Localized?) -> Response {
        let lang = req.lang
        var body: [HTML] = ["""
            \(Components.definitionList([
                (lang.pick("기업", "Company"), "\(job.employer)"),
                (lang.pick("근무 지역", "Region"), "\(regionName(job.region, lang))"),
                (lang.pick("직무", "Job type"), "\(JobType(rawValue: job.jobType)?.name.in(lang) ?? job.jobType)"),
                (lang.pick("필요 기술", "Skills"), "\(job.skills.joined(separator: ", "))"),
                (lang.pick("연봉", "Salary"), "\(salary(job.salaryMin, job.salaryMax, lang))"),
                (lang.pick("채용 인원", "Openings"), "\(job.positions)"),
                (lang.pick("지원 마감", "Apply by"), "\(job.deadline)\(job.open ? "" : lang.pick(" (마감)", " (closed)"))"),
            ]))
            <p class="prewrap">\(job.description)</p>
            """]
        if let score = job.score {
            body.append("<p>\(lang.pick("나와의 적합도", "Fit for you")): <strong>\(score)</strong> — \(job.reasons?.joined(separator: " · ") ?? "")</p>")
        }
        if req.principalIfAny?.has(.trainee) == true {
            if let application {
                body.append("<div class=\"alert ok\">\(lang.pick("지원했습니다. 현재 단계", "You applied. Stage")): \(application.stage.name.in(lang))</div>")
            } else if graduate == nil {
                body.append("<p class=\"muted\">\(lang.pick("수료한 뒤에 지원할 수 있습니다.", "You can apply once you complete a course."))</p>")
            } else if graduate?.hasConsent != true {
                body.append("<div class=\"alert\">\(lang.pick("지원하면 기업이 프로필을 봅니다. 먼저 ", "Applying shows your profile to the employer: first ")) <a href=\"\(OutcomeRoutes.profile.url)\">\(lang.pick("프로필 공개에 동의하세요", "agree to share it"))</a>.</div>")
            } else if job.open {
                body.append("""
                    <form method="post" action="\(OutcomeRoutes.applyToJob(job.id))" class="form">\(Layout.csrfField(req))
                    <div class="field"><label for="f-message">\(lang.pick("기업에 남길 말 (선택)", "A note to the employer (optional)"))</label>
                    <textarea id="f-message" name="message" rows="3"></textarea></div>
                    <button type="submit" class="button primary">\(lang.pick("지원하기", "Apply"))</button></form>
                    """)
            }
        }
        if owns {
            let pipeline = applicants.map { a -> [HTML] in
                let stage = a.stage
                let who: HTML = a.personID.map { Components.link(OutcomeRoutes.graduate($0), a.name ?? "") }
                    ?? "<span class=\"muted\">\(lang.pick("공개 동의 철회", "Consent withdrawn"))</span>"
                let next = stage.allowedNext.map { Components.option($0.rawValue, $0.name.in(lang), selected: false) }
                let action = OutcomeRoutes.applicationStage(a.id)
                let form: HTML = next.isEmpty ? .empty : """
                    \(Components.sentErrors(req, action: action, labels: ["starts_on": Localized("입사일", "Starts on"), "to": Localized("다음 단계", "Next stage")]))<form method="post" action="\(action)" class="inline stage">\(Layout.csrfField(req))
                    <label class="sr" for="f-to-\(a.id)">\(lang.pick("다음 단계", "Next stage"))</label>
                    <select id="f-to-\(a.id)" name="to">\(next)</select>
                    \(stage.canMove(to: .hired) ? """
                        <label for="f-start-\(a.id)">\(lang.pick("입사일", "Starts on"))</label>
                        <input id="f-start-\(a.id)" type="date" name="starts_on" value="\(Components.sentValue(req, action: action, "starts_on"))">
                        """ as HTML : .empty)
                    <button type="submit" class="button">\(lang.pick("바꾸기", "Move"))</button></form>
                    """
                return [who, Components.badge(stage.name.in(lang), "stage-\(stage.rawValue)"), "\(KoreanFormats.dateTime(a.appliedAt))", form]
            }
            func rows(_ list: [RecommendedGraduate]) -> [[HTML]] {
                list.map { r in
                    [Components.link(OutcomeRoutes.graduate(r.personID), r.name), "\(r.course) · \(r.campus) (\(regionName(r.campusRegion, lang)))",
                     "<strong>\(r.score)</strong>", "\(r.reasons.joined(separator: " · "))"]
                }
            }
            let recs = rows(recommended)
            if !fair.isEmpty {
                body.append("""
                    <h2>\(lang.pick("채용 박람회 배정", "Matched at the hiring fair")) (\(fair.count))</h2>
                    \(Components.table(headers: [lang.pick("이름", "Name"), lang.pick("수료", "Completed"), lang.pick("점수", "Score"), lang.pick("이유", "Why")],
                                       rows: rows(fair), empty: ""))
                    """)
            }
            body.append("""
                <h2>\(lang.pick("지원자", "Applicants")) (\(applicants.count))</h2>
                \(Components.table(headers: [lang.pick("이름", "Name"), lang.pick("단계", "Stage"), lang.pick("지원일", "Applied"), lang.pick("다음 단계", "Next")],
                                   rows: pipeline, empty: lang.pick("아직 지원자가 없습니다.", "No applicants yet.")))
                <h2>\(lang.pick("추천 수료생", "Recommended graduates"))</h2>
                <p class="muted">\(lang.pick("공개에 동의한 수료생만, 기술 일치(60점)·훈련 지역(30점)/희망 지역(20점)·희망 직무(10점)로 점수를 매깁니다.",
                                             "Only graduates who agreed to share, scored on skills (60), the region they trained in (30) or asked for (20), and job type (10)."))</p>
                \(Components.table(headers: [lang.pick("이름", "Name"), lang.pick("수료", "Completed"), lang.pick("점수", "Score"), lang.pick("이유", "Why")],
                                   rows: recs, empty: lang.pick("조건에 맞는 수료생이 아직 없습니다.", "No graduate to recommend yet.")))
                """)
        }
        return Layout.page(req, title: job.title, body: HTML(raw: body.map(\.raw).joined()))
    }
}
