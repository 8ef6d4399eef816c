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
        [lang.pick("기수", "Cohort"), lang.pick("과정", "Course"), lang.pick("캠퍼스", "Campus"), lang.pick("기간", "Dates"), lang.pick("정원", "Seats")]
    }

    static func row(_ r: Cohort, _ req: Request) -> [HTML] {
        [Components.link(path(r), r.name), "\(r.course.title)", "\(r.campus.name)", "\(r.startsOn) ~ \(r.endsOn)", "\(r.capacity)"]
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
        let enrollments = try await Enrollment.query(on: req.db).filter(\.$cohort.$id == id).with(\.$person)
            .sort(\.$state).all().sorted { $0.person.name < $1.person.name }
        req.listed(enrollments.map(\.$person.id), purpose: "cohort page")
        let rows = enrollments.map { e -> [HTML] in
            [Components.link(EnrollmentResource.path(e), e.person.name),
             Components.badge(EnrollmentState(rawValue: e.state)?.name.in(lang) ?? e.state, e.state)]
        }
        var counts: [String: Int] = [:]
        for e in enrollments { counts[e.state, default: 0] += 1 }
        let canWrite = canChange(r, principal)
        let schedule: HTML = """
            <a class="button" href="\(AttendanceRoutes.roster(id))">\(lang.pick("오늘 출결", "Today's attendance"))</a>
            <a class="button" href="\(AttendanceRoutes.matrix(id))">\(lang.pick("출결 현황표", "Attendance matrix"))</a>
            <a class="button" href="\(AttendanceRoutes.schedule(id))">\(lang.pick("훈련 일정", "Schedule"))</a>
            <a class="button" href="\(CompletionRoutes.completion(id))">\(r.closedAt == nil ? lang.pick("수료 처리", "Completion") : lang.pick("수료 결과", "Completion results"))</a>
            \(principal.hasAny(Roles.campusManagers) ? """
                <a class="button" href="\(RecruitmentRoutes.settings(id))">\(lang.pick("모집·선발", "Recruitment"))</a>
                """ as HTML : .empty)
            """
        let actions: HTML = canWrite ? """
            <div class="actions">
            \(schedule)
            <a class="button" href="\(EnrollmentResource.newRecord.url)?cohort_id=\(id)">\(lang.pick("수강생 추가", "Add a person"))</a>
            <a class="button" href="\(EnrollmentRoutes.importPeople(id))">\(lang.pick("CSV로 가져오기", "Import from CSV"))</a>
            <a class="button" href="\(InvitationRoutes.cohort(id))">\(lang.pick("보낸 초대", "Invitations"))</a>
            <a class="button" href="\(AssignmentRoutes.mentors(id))">\(lang.pick("멘토 배정", "Mentors"))</a>
            </div>
            """ : "<div class=\"actions\">\(schedule)</div>"
        let stateSummary = EnrollmentState.allCases.map { "\($0.name.in(lang)) \(counts[$0.rawValue] ?? 0)" }.joined(separator: " · ")
        return """
            \(Components.definitionList([
                (lang.pick("과정", "Course"), Components.link(CourseResource.path(course), course.title)),
                (lang.pick("캠퍼스", "Campus"), Components.link(CampusResource.path(campus), campus.name)),
                (lang.pick("기간", "Dates"), "\(r.startsOn) ~ \(r.endsOn)"),
                (lang.pick("정원", "Seats"), "\(r.capacity)"),
            ]))
            \(actions)
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
