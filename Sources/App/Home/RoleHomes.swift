import Fluent
import IeumCore
import SQLKit
import Vapor

/// Program managers: the national target and where the trainees are.
enum ProgramHome {
    struct YearCount: Decodable {
        let year: String
        let n: Int
    }

    static func render(_ req: Request) async throws -> HTML {
        let lang = req.lang
        guard let program = try await Program.query(on: req.db).with(\.$yearTargets).sort(\.$id).first() else {
            return "<p class=\"empty\">\(lang.pick("등록된 사업이 없습니다.", "No program yet.")) <a href=\"\(ProgramResource.newRecord.url)\">\(lang.pick("사업 등록", "Create one"))</a></p>"
        }
        let sql = req.db as! any SQLDatabase
        // A trainee counts toward the target in the year their cohort starts, once they have been enrolled.
        let rows = try await sql.raw("""
            SELECT substr(c.starts_on, 1, 4) AS year, COUNT(DISTINCT t.enrollment_id) AS n
            FROM enrollment_transitions t
            JOIN enrollments e ON e.id = t.enrollment_id
            JOIN cohorts c ON c.id = e.cohort_id
            WHERE t.to_state = \(bind: EnrollmentState.enrolled.rawValue)
            GROUP BY substr(c.starts_on, 1, 4)
            """).all(decoding: YearCount.self)
        let byYear = Dictionary(rows.map { ($0.year, $0.n) }, uniquingKeysWith: +)
        var cumulative = 0
        let targets = program.yearTargets.sorted { $0.year < $1.year }
        let tableRows = targets.map { t -> [HTML] in
            let actual = byYear[String(t.year)] ?? 0
            cumulative += actual
            let pct = t.target > 0 ? Int((Double(actual) / Double(t.target) * 100).rounded()) : 0
            return ["\(t.year)", "\(Components.number(t.target))", "\(Components.number(actual))", "\(pct)%", "\(Components.number(cumulative))"]
        }
        let counts = try await stateCounts(req.db, scope: .all)
        return """
            <section class="panel">
            <h2>\(program.name)</h2>
            \(HomeCards.cards([
                (lang.pick("누적 목표", "Cumulative target"), program.cumulativeTarget, nil),
                (lang.pick("누적 입과", "Enrolled so far"), cumulative, nil),
                (lang.pick("수강 중", "Enrolled now"), counts[.enrolled] ?? 0, EnrollmentResource.records.url(["state": "enrolled"])),
                (lang.pick("수료", "Completed"), counts[.completed] ?? 0, EnrollmentResource.records.url(["state": "completed"])),
                (lang.pick("중도 탈락", "Dropped"), counts[.dropped] ?? 0, EnrollmentResource.records.url(["state": "dropped"])),
                (lang.pick("지원·선발 대기", "Applied or selected"), (counts[.applied] ?? 0) + (counts[.selected] ?? 0), EnrollmentResource.records.url(["state": "applied"])),
            ]))
            <h2>\(lang.pick("연도별 목표 대비 입과", "Enrolled against the yearly target"))</h2>
            \(Components.table(headers: [lang.pick("연도", "Year"), lang.pick("목표", "Target"), lang.pick("입과", "Enrolled"), lang.pick("달성률", "Achieved"), lang.pick("누적", "Cumulative")], rows: tableRows, empty: "", compact: true))
            </section>
            \(try await operatorTable(req))
            """
    }

    struct OperatorCount: Decodable {
        let id: Int
        let name: String
        let state: String?
        let n: Int
    }

    static func operatorTable(_ req: Request) async throws -> HTML {
        let lang = req.lang
        let sql = req.db as! any SQLDatabase
        let rows = try await sql.raw("""
            SELECT o.id AS id, o.name AS name, e.state AS state, COUNT(e.id) AS n
            FROM operators o LEFT JOIN enrollments e ON e.operator_id = o.id
            GROUP BY o.id, o.name, e.state ORDER BY o.name
            """).all(decoding: OperatorCount.self)
        var order: [Int] = []
        var names: [Int: String] = [:]
        var counts: [Int: [String: Int]] = [:]
        for row in rows {
            if names[row.id] == nil { order.append(row.id); names[row.id] = row.name }
            if let state = row.state { counts[row.id, default: [:]][state] = row.n }
        }
        let table = order.map { id -> [HTML] in
            let c = counts[id] ?? [:]
            return [Components.link(OperatorResource.record(id), names[id]!)] + ["enrolled", "completed", "dropped"].map { "\(Components.number(c[$0] ?? 0))" }
        }
        return """
            <h2>\(lang.pick("운영기관별 현황", "By operator"))</h2>
            \(Components.table(headers: [lang.pick("운영기관", "Operator"), lang.pick("수강 중", "Enrolled"), lang.pick("수료", "Completed"), lang.pick("중도 탈락", "Dropped")], rows: table, empty: lang.pick("운영기관이 없습니다.", "No operators yet."), compact: true))
            """
    }

    static func stateCounts(_ db: any Database, scope: DataScope) async throws -> [EnrollmentState: Int] {
        var result: [EnrollmentState: Int] = [:]
        for state in EnrollmentState.allCases {
            var q = Enrollment.query(on: db).filter(\.$state == state.rawValue)
            if !scope.everything {
                q = q.group(.or) {
                    $0.filter(\.$operatorID ~~ scope.operators).filter(\.$campusID ~~ scope.campuses).filter(\.$cohort.$id ~~ scope.cohorts)
                }
            }
            result[state] = try await q.count()
        }
        return result
    }
}

/// Operator and campus staff, mentors: their academy's cohorts now running.
enum AcademyHome {
    static func render(_ req: Request, _ principal: Principal) async throws -> HTML {
        let lang = req.lang
        let scope = principal.readScope
        let counts = try await ProgramHome.stateCounts(req.db, scope: scope)
        let day = Day(req.now).description
        let running = try await Cohort.query(on: req.db)
            .group(.or) { $0.filter(\.$operatorID ~~ scope.operators).filter(\.$campus.$id ~~ scope.campuses).filter(\.$id ~~ scope.cohorts) }
            .filter(\.$startsOn <= day).filter(\.$endsOn >= day)
            .with(\.$campus).with(\.$course).sort(\.$startsOn).all()
        let today = try await StaffToday.load(req, scope: scope, running: running, decides: principal.hasAny(CorrectionsController.deciders))
        let rows = running.map { c -> [HTML] in
            [Components.link(CohortResource.path(c), c.name), "\(c.campus.name)", "\(c.startsOn) ~ \(c.endsOn)",
             "<a href=\"\(AttendanceRoutes.roster(c.id ?? 0))\">\(lang.pick("입실", "In")) \(today.checkIns(c, lang: lang))</a> · <a href=\"\(AttendanceRoutes.matrix(c.id ?? 0))\">\(lang.pick("현황표", "Matrix"))</a>"]
        }
        let screens = principal.hasAny([.operatorAdmin, .campusStaff])
            ? Set(running.map { $0.$campus.id }).sorted().compactMap { id -> HTML? in
                running.first { $0.$campus.id == id }.map { "<a class=\"button\" href=\"\(AttendanceRoutes.checkInScreen(id))\">\($0.campus.name) \(lang.pick("출결 QR 화면", "QR screen"))</a>" }
            } : []
        let operators = try await Operator.query(on: req.db).filter(\.$id ~~ scope.academyIDs).sort(\.$name).all()
        return """
            <section class="panel today">\(today.todo(lang, running: running))</section>
            <section class="panel">
            <h2>\(operators.map(\.name).joined(separator: ", "))</h2>
            \(HomeCards.cards([
                (lang.pick("수강 중", "Enrolled now"), counts[.enrolled] ?? 0, EnrollmentResource.records.url(["state": "enrolled"])),
                (lang.pick("선발", "Selected"), counts[.selected] ?? 0, EnrollmentResource.records.url(["state": "selected"])),
                (lang.pick("지원", "Applied"), counts[.applied] ?? 0, EnrollmentResource.records.url(["state": "applied"])),
                (lang.pick("수료", "Completed"), counts[.completed] ?? 0, EnrollmentResource.records.url(["state": "completed"])),
            ]))
            <h2>\(lang.pick("진행 중인 기수", "Cohorts running now"))</h2>
            \(Components.table(headers: [lang.pick("기수", "Cohort"), lang.pick("캠퍼스", "Campus"), lang.pick("기간", "Dates"), lang.pick("오늘 출결", "Today's attendance")], rows: rows, empty: lang.pick("진행 중인 기수가 없습니다.", "No cohort is running today.")))
            \(screens.isEmpty ? HTML.empty : "<div class=\"actions\">\(screens)</div>")
            \(principal.hasAny(Roles.campusManagers) ? try await recruiting(req, scope: scope) : .empty)
            </section>
            """
    }

    /// Recruitments in scope whose cohort has not started: where each stands and what waits for staff.
    static func recruiting(_ req: Request, scope: DataScope) async throws -> HTML {
        let lang = req.lang
        let recruitments = try await Recruitment.query(on: req.db)
            .group(.or) { $0.filter(\.$operatorID ~~ scope.operators).filter(\.$campusID ~~ scope.campuses) }.all()
        let cohorts = try await Cohort.query(on: req.db).filter(\.$id ~~ recruitments.map(\.cohortID))
            .filter(\.$startsOn > Day(req.now).description).with(\.$campus).sort(\.$startsOn).all()
        guard !cohorts.isEmpty else { return .empty }
        let states = try await Admission.query(on: req.db).filter(\.$cohortID ~~ cohorts.compactMap(\.id)).all()
        let rows = cohorts.map { c -> [HTML] in
            let mine = states.filter { $0.cohortID == c.id }
            func n(_ s: AdmissionState) -> Int { mine.filter { $0.status == s }.count }
            let r = recruitments.first { $0.cohortID == c.id }!
            let stage: String = r.publishedAt == nil ? lang.pick("비공개", "Not published")
                : r.isOpen(at: req.now) ? lang.pick("접수 중 (~\(r.closesOn))", "Open until \(r.closesOn)") : lang.pick("접수 마감", "Closed")
            return [Components.link(RecruitmentRoutes.cohortAdmissions(c.id!), c.name), "\(c.campus.name)", "\(stage)",
                    "\(n(.submitted) + n(.screening))", "\(n(.test))", "\(n(.review))", "\(n(.selected) + n(.confirmed))"]
        }
        return """
            <h2>\(lang.pick("모집 중인 기수", "Cohorts recruiting"))</h2>
            \(Components.table(headers: [lang.pick("기수", "Cohort"), lang.pick("캠퍼스", "Campus"), lang.pick("접수", "Applications"),
                                         lang.pick("검토 대기", "To screen"), lang.pick("테스트", "Test"), lang.pick("심사", "Review"), lang.pick("선발", "Selected")],
                               rows: rows, empty: "", compact: true))
            """
    }
}

/// Trainees: their own courses and where they stand.
enum TraineeHome {
    static func render(_ req: Request, _ principal: Principal) async throws -> HTML {
        let lang = req.lang
        let today = Day(req.now)
        let mine = try await Enrollment.query(on: req.db).filter(\.$person.$id == principal.personID)
            .with(\.$cohort) { $0.with(\.$campus) { $0.with(\.$operator) }.with(\.$course) }.sort(\.$createdAt, .descending).all()
        var cards: [HTML] = []
        for e in mine {
            let cohort = e.cohort
            let state = EnrollmentState(rawValue: e.state)
            var progress: HTML = .empty
            if e.state == EnrollmentState.enrolled.rawValue, let start = Day(cohort.startsOn), let end = Day(cohort.endsOn) {
                let total = max(1, start.days(until: end) + 1)
                let done = min(total, max(0, start.days(until: today) + 1))
                let percent = done * 100 / total
                progress = """
                    <div class="actions"><a class="button primary big" href="\(AttendanceRoutes.checkIn.url)">\(lang.pick("출결 체크", "Check in or out"))</a>
                    <a class="button" href="\(AttendanceRoutes.mine.url)">\(lang.pick("내 출결", "My attendance"))</a></div>
                    <p>\(lang.pick("개강 후 \(done)일째 / 전체 \(total)일 (종강까지 \(total - done)일)", "Day \(done) of \(total) (\(total - done) days to go)"))</p>
                    <progress max="\(total)" value="\(done)" aria-label="\(lang.pick("과정 진행", "Course progress"))">\(percent)%</progress>
                    \(try await TraineeToday.panel(req, enrollment: e))
                    """
            }
            cards.append("""
                <section class="panel">
                <h2>\(cohort.course.title) \(Components.badge(state?.name.in(lang) ?? e.state, e.state))</h2>
                \(progress)
                \(Components.definitionList([
                    (lang.pick("기수", "Cohort"), "\(cohort.name)"),
                    (lang.pick("기간", "Dates"), "\(cohort.startsOn) ~ \(cohort.endsOn)"),
                    (lang.pick("운영기관", "Operator"), "\(cohort.campus.operator.name)"),
                    (lang.pick("캠퍼스", "Campus"), "\(cohort.campus.name) · \(cohort.campus.address)"),
                    (lang.pick("교육시간", "Hours"), "\(lang.pick("총 \(cohort.course.totalHours)시간 (이론 \(cohort.course.theoryHours) · 프로젝트 \(cohort.course.projectHours))", "\(cohort.course.totalHours) h (theory \(cohort.course.theoryHours), project \(cohort.course.projectHours))"))"),
                ]))
                </section>
                """)
        }
        let jobs = try await EmploymentRecord.query(on: req.db).filter(\.$personID == principal.personID).all()
        let jobRows = jobs.map { j -> [HTML] in ["\(j.employerName)", "\(j.jobTitle)", "\(Region.label(j.region, lang))", "\(j.startsOn)"] }
        let jobSection: HTML = jobRows.isEmpty ? .empty : """
            <h2>\(lang.pick("나의 취업", "My employment"))</h2>
            \(Components.table(headers: [lang.pick("회사", "Company"), lang.pick("직무", "Job"), lang.pick("지역", "Region"), lang.pick("입사일", "Start")], rows: jobRows, empty: ""))
            """
        let none: HTML = mine.isEmpty ? "<p class=\"empty\">\(lang.pick("수강 기록이 없습니다.", "You have no courses yet."))</p>" : .empty
        return "\(none)\(cards)\(jobSection)"
    }
}

/// Employers: what needs them (new applicants per posting), their postings, and the graduates they have hired.
enum EmployerHome {
    static let latestHires = 5

    static func render(_ req: Request, _ principal: Principal) async throws -> HTML {
        let lang = req.lang
        let employers = try await Employer.query(on: req.db).filter(\.$id ~~ principal.employerIDs).all()
        var sections: [HTML] = [try await postings(req, employerIDs: principal.employerIDs)]
        for employer in employers {
            let hires = try await EmploymentRecord.query(on: req.db).filter(\.$employer.$id == employer.requireID())
                .sort(\.$startsOn, .descending).all()
            let rows = hires.map { h -> [HTML] in ["\(h.jobTitle)", "\(Region.label(h.region, lang))", "\(h.startsOn)"] }
            let headers = [lang.pick("직무", "Job"), lang.pick("근무 지역", "Region"), lang.pick("입사일", "Start")]
            // The latest few; the rest folded away, so the postings stay what the page is about.
            let latest = Self.latestHires
            let earlier: HTML = rows.count <= latest ? .empty : """
                <details><summary>\(lang.pick("이전 채용 \(rows.count - latest)건 더 보기", "\(rows.count - latest) earlier hires"))</summary>
                \(Components.table(headers: headers, rows: Array(rows.dropFirst(latest)), empty: ""))</details>
                """
            sections.append("""
                <section class="panel">
                <h2>\(Components.link(EmployerResource.path(employer), employer.name))</h2>
                \(Components.definitionList([
                    (lang.pick("지역", "Region"), "\(Region.label(employer.region, lang))"),
                    (lang.pick("인증", "Verified"), "\(employer.verified ? lang.pick("인증됨", "Verified") : lang.pick("인증 대기", "Awaiting verification"))"),
                    (lang.pick("사업 수료생 채용", "Program graduates hired"), "\(Components.number(hires.count))"),
                ]))
                \(Components.table(headers: headers, rows: Array(rows.prefix(latest)), empty: lang.pick("아직 채용 기록이 없습니다.", "No hires recorded yet.")))
                \(earlier)
                </section>
                """)
        }
        return sections.joined()
    }

    /// Each posting with its applicants by stage; those who applied and wait for a first answer come first.
    static func postings(_ req: Request, employerIDs: Set<Int>) async throws -> HTML {
        let lang = req.lang
        let today = Day(req.now)
        let jobs = try await JobPosting.query(on: req.db).filter(\.$employer.$id ~~ Array(employerIDs)).sort(\.$deadline, .descending).all()
        let applications = try await JobApplication.query(on: req.db).filter(\.$job.$id ~~ jobs.compactMap(\.id)).all()
        let byJob = Dictionary(grouping: applications, by: \.$job.id)
        func count(_ job: JobPosting, _ stage: ApplicationStage) -> Int { byJob[job.id ?? 0, default: []].filter { $0.stage == stage }.count }
        let waiting = jobs.map { count($0, .applied) }.reduce(0, +)
        let rows = jobs.map { j -> [HTML] in
            let new = count(j, .applied)
            return [Components.link(OutcomeRoutes.job(j.id ?? 0), j.title),
                    j.isOpen(today: today) ? Components.badge(lang.pick("모집 중 (~\(j.deadline))", "Open until \(j.deadline)"), "ok") : Components.badge(lang.pick("마감", "Closed"), "muted"),
                    new > 0 ? "<strong>\(new)</strong>" : "0", "\(count(j, .interview))", "\(count(j, .offer))", "\(count(j, .hired))"]
        }
        let todo: HTML = waiting > 0
            ? "<ul class=\"todo\"><li>\(lang.pick("첫 답을 기다리는 지원자 \(waiting)명", "\(waiting) applicants wait for a first answer"))</li></ul>"
            : "<p class=\"muted\">\(lang.pick("답을 기다리는 지원자가 없습니다.", "No applicant is waiting for an answer."))</p>"
        return """
            <section class="panel today">
            <h2>\(lang.pick("오늘 할 일", "Needs you today"))</h2>
            \(todo)
            <h2>\(lang.pick("채용 공고", "Job postings"))</h2>
            \(Components.table(headers: [lang.pick("공고", "Posting"), lang.pick("상태", "Status"), lang.pick("새 지원", "New"), lang.pick("면접", "Interview"),
                                         lang.pick("제안", "Offer"), lang.pick("채용", "Hired")], rows: rows,
                               empty: lang.pick("아직 올린 공고가 없습니다.", "No postings yet.")))
            <p><a class="button primary" href="\(OutcomeRoutes.newJob.url)">\(lang.pick("새 공고 올리기", "Post a job"))</a></p>
            </section>
            """
    }
}
