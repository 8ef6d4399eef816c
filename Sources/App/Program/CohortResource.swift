import Fluent
import IeumCore
import Vapor

struct CohortOutput: Content {
    let id: Int
    let courseID: Int
    let campusID: Int
    let operatorID: Int
    let name: String
    let startsOn: String
    let endsOn: String
    let capacity: Int

    enum CodingKeys: String, CodingKey {
        case id, name, capacity
        case courseID = "course_id"
        case campusID = "campus_id"
        case operatorID = "operator_id"
        case startsOn = "starts_on"
        case endsOn = "ends_on"
    }
}

enum CohortResource: Resource {
    typealias Record = Cohort
    static let slug = "cohorts"
    static let title = Localized("기수", "Cohorts")
    static let singular = Localized("기수", "Cohort")
    static let readRoles = Roles.staff
    static let writeRoles = Roles.campusManagers

    static func scope(of r: Cohort) -> RecordScope { .cohort(operatorID: r.operatorID, campusID: r.$campus.id, cohortID: r.id ?? 0) }

    static func query(_ req: Request, _ principal: Principal) async throws -> QueryBuilder<Cohort> {
        var q = Cohort.query(on: req.db).with(\.$campus).with(\.$course).sort(\.$startsOn, .descending).sort(\.$id)
        let scope = principal.readScope
        if !scope.everything {
            q = q.group(.or) {
                $0.filter(\.$operatorID ~~ scope.operators).filter(\.$campus.$id ~~ scope.campuses).filter(\.$id ~~ scope.cohorts)
            }
        }
        if let text = req.searchText { q = q.filter(\.$name, .custom("LIKE"), likePattern(text)) }
        if let op = req.filterID("operator_id") { q = q.filter(\.$operatorID == op) }
        if let campus = req.filterID("campus_id") { q = q.filter(\.$campus.$id == campus) }
        if let year = req.filterValue("year"), year.count == 4, Int(year) != nil {
            q = q.filter(\.$startsOn >= "\(year)-01-01").filter(\.$startsOn <= "\(year)-12-31")
        }
        return q
    }

    static func filters(_ req: Request, _ principal: Principal) async throws -> [FieldSpec] {
        let thisYear = Day(req.now).year
        return [
            FieldSpec(name: "operator_id", label: Localized("운영기관", "Operator"), kind: .select(try await Options.operators(req, principal.readScope))),
            FieldSpec(name: "campus_id", label: Localized("캠퍼스", "Campus"), kind: .select(try await Options.campuses(req, principal.readScope))),
            FieldSpec(name: "year", label: Localized("시작 연도", "Start year"),
                      kind: .select((2022...max(2022, thisYear + 1)).reversed().map { .init(value: String($0), label: String($0)) })),
        ]
    }

    static func columns(_ lang: Lang) -> [String] {
        [lang.pick("기수", "Cohort"), lang.pick("과정", "Course"), lang.pick("캠퍼스", "Campus"), lang.pick("기간", "Dates"), lang.pick("정원", "Seats"),
         lang.pick("진행", "Stage")]
    }

    static func row(_ r: Cohort, _ req: Request) -> [HTML] {
        [Components.link(path(r), r.name), "\(r.course.title)", "\(r.campus.name)", "\(r.startsOn) ~ \(r.endsOn)", "\(r.capacity)",
         stageBadge(r, today: Day(req.now), lang: req.lang)]
    }

    /// Where a cohort stands; an ended cohort not yet closed is what staff must act on (수료 처리).
    static func stageBadge(_ r: Cohort, today: Day, lang: Lang) -> HTML {
        if r.closedAt != nil { return Components.badge(lang.pick("수료 처리 완료", "Closed"), "muted") }
        if let end = Day(r.endsOn), end < today { return Components.badge(lang.pick("수료 처리 대기", "Awaits completion"), "warn") }
        if let start = Day(r.startsOn), start > today { return Components.badge(lang.pick("개강 전", "Not started"), "info") }
        return Components.badge(lang.pick("훈련 중", "Training"), "ok")
    }

    static func fields(_ req: Request, _ principal: Principal, creating: Bool) async throws -> [FieldSpec] {
        var fields = [
            FieldSpec(name: "name", label: Localized("기수 이름", "Cohort name"), hint: Localized("예: 백엔드 3기", "e.g. Backend cohort 3")),
            FieldSpec(name: "starts_on", label: Localized("개강일", "Start date"), kind: .date),
            FieldSpec(name: "ends_on", label: Localized("종강일", "End date"), kind: .date),
            FieldSpec(name: "capacity", label: Localized("정원", "Seats"), kind: .number),
        ]
        if creating {
            fields.insert(contentsOf: [
                FieldSpec(name: "course_id", label: Localized("과정", "Course"), kind: .select(try await Options.courses(req, principal.readScope))),
                FieldSpec(name: "campus_id", label: Localized("캠퍼스", "Campus"), kind: .select(try await Options.campuses(req, principal.writeScope))),
            ], at: 0)
        }
        return fields
    }

    static func values(of r: Cohort, on db: any Database) async throws -> [String: String] {
        ["course_id": String(r.$course.id), "campus_id": String(r.$campus.id), "name": r.name,
         "starts_on": r.startsOn, "ends_on": r.endsOn, "capacity": String(r.capacity)]
    }

    static func body(creating: Bool) -> Body {
        Body((creating ? [.id("course_id"), .id("campus_id")] : []) + [
            .filled("name", max: 100, required: creating), .day("starts_on", required: creating), .day("ends_on", required: creating),
            .integer("capacity", 1...1000, required: creating),
        ])
    }

    static let longestRunDays = 3 * 366

    static func apply(_ reader: inout FieldReader, to r: Cohort, creating: Bool, req: Request, principal: Principal) async throws {
        let name = reader.text("name", max: 100)
        let starts = reader.day("starts_on")
        let ends = reader.day("ends_on")
        let capacity = reader.int("capacity", range: 1...1000)
        if let starts, let ends, ends <= starts {
            reader.fail("ends_on", "종강일은 개강일보다 뒤여야 합니다.", "The end date must come after the start date.")
        } else if let starts, let ends, starts.days(until: ends) > Self.longestRunDays {
            // Training courses run months, not decades; each day becomes a row of the schedule and of attendance.
            reader.fail("ends_on", "기수는 3년을 넘겨 운영할 수 없습니다.", "A cohort cannot run for more than three years.")
        }
        if creating {
            let course = try await reader.id("course_id").asyncMap { try await Course.find($0, on: req.db) } ?? nil
            let campus = try await reader.id("campus_id").asyncMap { try await Campus.find($0, on: req.db) } ?? nil
            if reader.raw("course_id").isEmpty == false, course == nil || !principal.canRead(.academy(course!.$operator.id)) {
                reader.fail("course_id", "목록에서 선택하세요.", "Choose one of the listed options.")
            }
            if reader.raw("campus_id").isEmpty == false,
               campus == nil || !principal.canWrite(.campus(operatorID: campus!.$operator.id, campusID: campus!.id!)) {
                reader.fail("campus_id", "목록에서 선택하세요.", "Choose one of the listed options.")
            }
            if let course, let campus, course.$operator.id != campus.$operator.id {
                reader.fail("campus_id", "과정과 같은 운영기관의 캠퍼스를 고르세요.", "Choose a campus of the course's own operator.")
            }
            if reader.errors.isEmpty, let course, let campus {
                r.$course.id = try course.requireID()
                r.$campus.id = try campus.requireID()
                r.operatorID = campus.$operator.id
            }
        } else if let capacity {
            let taken = try await Enrollment.query(on: req.db).filter(\.$cohort.$id == r.requireID())
                .filter(\.$state ~~ ["selected", "enrolled", "completed", "not_completed"]).count()
            if capacity < taken {
                reader.fail("capacity", "이미 \(taken)명이 선발·입과했습니다. 정원을 그보다 줄일 수 없습니다.",
                            "\(taken) people are already selected or enrolled; seats cannot be fewer.")
            }
        }
        guard reader.errors.isEmpty, let name, let starts, let ends, let capacity else { return }
        r.name = name
        r.startsOn = starts.description
        r.endsOn = ends.description
        r.capacity = capacity
    }

    /// New dates or another campus change the cohort's employment window and region.
    static func afterSave(_ r: Cohort, creating: Bool, on db: any Database, req: Request, principal: Principal) async throws {
        try await KPIRollup.refresh(cohorts: [try r.requireID()], on: db)
    }

    static func output(_ r: Cohort, _ req: Request) async throws -> CohortOutput {
        return CohortOutput(id: try r.requireID(), courseID: r.$course.id, campusID: r.$campus.id, operatorID: r.operatorID,
                     name: r.name, startsOn: r.startsOn, endsOn: r.endsOn, capacity: r.capacity)
    }

    static func label(_ r: Cohort) -> String { r.name }

    static func details(_ r: Cohort, _ req: Request, _ principal: Principal) async throws -> HTML {
        let lang = req.lang
        let id = try r.requireID()
        let course = try await r.$course.get(on: req.db)
        let campus = try await r.$campus.get(on: req.db)
        // A reader of every academy (a program manager) sees the cohort's figures with small counts hidden; a list
        // of its people would give them back, so it is for the academy's own staff and mentors (docs/KPIS.md).
        let listsPeople = !principal.readScope.everything
        let enrollments = listsPeople ? try await Enrollment.query(on: req.db).filter(\.$cohort.$id == id).with(\.$person)
            .sort(\.$state).all().sorted { $0.person.name < $1.person.name } : []
        if listsPeople { req.listed(enrollments.map(\.$person.id), purpose: "cohort page") }
        let canWrite = canChange(r, principal)
        return """
            \(try await CohortKPIs.breadcrumbs(req, cohort: r, campus: campus))
            \(Components.definitionList([
                (lang.pick("과정", "Course"), Components.link(CourseResource.path(course), course.title)),
                (lang.pick("캠퍼스", "Campus"), Components.link(CampusResource.path(campus), campus.name)),
                (lang.pick("기간", "Dates"), "\(r.startsOn) ~ \(r.endsOn)"),
                (lang.pick("정원", "Seats"), "\(r.capacity)"),
                (lang.pick("진행", "Stage"), stageBadge(r, today: Day(req.now), lang: lang)),
            ]))
            \(hub(r, principal: principal, canWrite: canWrite, lang: lang))
            \(try await CohortKPIs.section(req, cohort: r, campus: campus))
            \(listsPeople ? people(enrollments, lang: lang) : .empty)
            """
    }

    /// Everything about the cohort, grouped by the work it serves; each link only for those whose pages it opens.
    static func hub(_ r: Cohort, principal: Principal, canWrite: Bool, lang: Lang) -> HTML {
        let id = r.id ?? 0
        func link(_ href: String, _ ko: String, _ en: String) -> HTML { "<li><a href=\"\(href)\">\(lang.pick(ko, en))</a></li>" }
        func group(_ ko: String, _ en: String, _ links: [HTML]) -> HTML {
            links.isEmpty ? .empty : "<section class=\"hub-group\"><h3>\(lang.pick(ko, en))</h3><ul>\(links)</ul></section>"
        }
        let staff = principal.hasAny(Roles.campusManagers)
        var attendance = [link(AttendanceRoutes.roster(id), "오늘 출결", "Today's attendance"),
                          link(AttendanceRoutes.matrix(id), "출결 현황표", "Attendance matrix"),
                          link(AttendanceRoutes.schedule(id), "훈련 일정", "Schedule")]
        if staff { attendance.append(link(AttendanceRoutes.corrections.url(["cohort": String(id)]), "출결 정정 요청", "Attendance corrections")) }
        var learning = [link(AssignmentRoutes.cohortAssignments(id), "과제", "Assignments"),
                        link(AssignmentRoutes.gradebook(id), "성적표", "Gradebook")]
        if canWrite { learning.append(link(AssignmentRoutes.mentors(id), "멘토 배정", "Mentors")) }
        let people: [HTML] = canWrite ? [link(EnrollmentResource.newRecord.url(["cohort_id": String(id)]), "수강생 추가", "Add a person"),
                                         link(EnrollmentRoutes.importPeople(id), "CSV로 가져오기", "Import from CSV"),
                                         link(InvitationRoutes.cohort(id), "보낸 초대", "Invitations")] : []
        var stages = [link(CompletionRoutes.completion(id), r.closedAt == nil ? "수료 처리" : "수료 결과", r.closedAt == nil ? "Completion" : "Completion results")]
        if staff { stages.insert(link(RecruitmentRoutes.settings(id), "모집·선발", "Recruitment"), at: 0) }
        return """
            <div class="hub">
            \(group("출결", "Attendance", attendance))
            \(group("학습", "Learning", learning))
            \(group("사람", "People", people))
            \(group("모집·수료", "Recruitment and completion", stages))
            </div>
            """
    }

    static func people(_ enrollments: [Enrollment], lang: Lang) -> HTML {
        let second = Namesakes.secondLines(of: enrollments)
        let rows = enrollments.map { e -> [HTML] in
            ["\(Components.link(EnrollmentResource.path(e), e.person.name))\(second[e.id ?? 0].map { "<br><small class=\"muted\">\($0.in(lang))</small>" as HTML } ?? .empty)",
             Components.badge(EnrollmentState(rawValue: e.state)?.name.in(lang) ?? e.state, e.state)]
        }
        var counts: [String: Int] = [:]
        for e in enrollments { counts[e.state, default: 0] += 1 }
        let stateSummary = EnrollmentState.allCases.map { "\($0.name.in(lang)) \(counts[$0.rawValue] ?? 0)" }.joined(separator: " · ")
        return """
            <h2>\(lang.pick("수강생", "People in this cohort")) (\(enrollments.count))</h2>
            <p class="muted">\(stateSummary)</p>
            \(Components.table(headers: [lang.pick("이름", "Name"), lang.pick("상태", "Status")], rows: rows, empty: lang.pick("아직 수강생이 없습니다.", "Nobody is in this cohort yet.")))
            """
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
