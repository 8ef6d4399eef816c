import Fluent
import Foundation
import IeumCore
import SQLKit

/// A national-scale program for load tests and benchmarks: about 90,000 trainees over six years in
/// 18 academies with 72 campuses in all 17 regions, and every scan of every cohort that has started,
/// about 14 million by mid-2026. Deterministic for a given size and day; only into a database without a program.
struct NationalSeeder {
    struct Progress: Sendable {
        let phase: String
        let done: Int
        let total: Int
    }

    let db: any Database
    let sql: any SQLDatabase
    let passwordHash: String
    let today: Day
    let secondNow: Int
    let trainees: Int
    let report: @Sendable (Progress) -> Void
    var rng = SeededRandom(seed: 90_000)

    static let operatorNames = ["한빛", "누리", "온새미로", "가람", "다온", "라온", "미리내", "바롬", "새봄", "아라", "초아", "하람",
                                "도담", "보람", "슬기", "한결", "여울", "해솔"]
    /// Yearly intake as a share of the cumulative target (10k, 12k, 14k, 16k, 18k, 20k of 90k).
    static let yearShares: [(Int, Double)] = [(2022, 10.0 / 90), (2023, 12.0 / 90), (2024, 14.0 / 90), (2025, 16.0 / 90), (2026, 18.0 / 90), (2027, 20.0 / 90)]
    static let cohortSize = 40

    init(db: any Database, passwordHash: String, now: Date, trainees: Int, report: @escaping @Sendable (Progress) -> Void) {
        self.db = db
        self.sql = db as! any SQLDatabase
        self.passwordHash = passwordHash
        self.today = Day(now)
        self.secondNow = KoreanFormats.minuteOfDay(now) * 60
        self.trainees = trainees
        self.report = report
    }

    struct Counts: Sendable {
        var operators = 0, campuses = 0, cohorts = 0, trainees = 0, enrollments = 0, trainingDays = 0, scans = 0, jobs = 0
    }

    mutating func run() async throws -> Counts {
        var counts = Counts()
        let program = Program(name: "디지털 인재 양성 사업 (전국 규모 데이터)", startYear: 2022, endYear: 2027, cumulativeTarget: trainees)
        try await program.create(on: db)
        let programID = try program.requireID()
        try await Self.yearShares.map { ProgramYearTarget(programID: programID, year: $0.0, target: Int((Double(trainees) * $0.1).rounded())) }.create(on: db)
        let pm = Person(name: "전국 사업관리자", email: "pm@national.ieum.example", phone: nil, passwordHash: passwordHash)
        try await pm.create(on: db)
        try await RoleGrants.create(Grant(role: .programManager, operatorID: nil, campusID: nil, employerID: nil), for: pm.requireID(), by: nil, on: db)

        // Academies and campuses: four per academy, spread over all 17 regions, a third in the capital region.
        var campuses: [Campus] = []
        var coursesByOperator: [Int: [Course]] = [:]
        let regions = Region.allCases
        for (i, name) in Self.operatorNames.enumerated() {
            let op = Operator(programID: programID, name: "\(name) 디지털 아카데미", summary: "전국 규모 시험 데이터", contactEmail: "contact\(i + 1)@national.ieum.example")
            try await op.create(on: db)
            let opID = try op.requireID()
            let admin = Person(name: "\(name) 운영자", email: "admin\(i + 1)@national.ieum.example", phone: nil, passwordHash: passwordHash)
            try await admin.create(on: db)
            try await RoleGrants.create(Grant(role: .operatorAdmin, operatorID: opID, campusID: nil, employerID: nil), for: admin.requireID(), by: nil, on: db)
            var courses: [Course] = []
            for (title, track) in [("클라우드 백엔드", "백엔드"), ("AI 서비스 개발", "AI"), ("풀스택 웹", "웹")] {
                let c = Course(operatorID: opID, title: title, track: track, totalHours: 960, theoryHours: 360, projectHours: 600)
                try await c.create(on: db)
                courses.append(c)
            }
            coursesByOperator[opID] = courses
            for k in 0..<4 {
                let region = regions[(i * 4 + k) % regions.count]
                let campus = Campus(operatorID: opID, name: "\(name) \(region.name.ko) 캠퍼스", region: region.rawValue, address: "\(region.name.ko)")
                try await campus.create(on: db)
                campuses.append(campus)
            }
            counts.operators += 1
        }
        counts.campuses = campuses.count
        try await addMentors(to: campuses)

        // Cohorts: each year's intake in two halves (March–August, July–December), 40 trainees each.
        struct Plan { let cohort: Cohort; let start: Day; let end: Day; let days: [Day] }
        var plans: [Plan] = []
        var campusTurn = 0
        for (year, share) in Self.yearShares {
            let cohortsThisYear = max(1, Int((Double(trainees) * share / Double(Self.cohortSize)).rounded()))
            for n in 0..<cohortsThisYear {
                let spring = n % 2 == 0
                let start = Day(year: year, month: spring ? 3 : 7, day: spring ? 2 : 1)!
                let end = spring ? Day(year: year, month: 8, day: 31)! : Day(year: year, month: 12, day: 31)!
                let campus = campuses[campusTurn % campuses.count]
                campusTurn += 1
                let course = coursesByOperator[campus.$operator.id]![n % 3]
                let cohort = Cohort(courseID: try course.requireID(), campusID: try campus.requireID(), operatorID: campus.$operator.id,
                                    name: "\(campus.name.replacingOccurrences(of: " 캠퍼스", with: "")) \(year)-\(n + 1)", startsOn: start.description,
                                    endsOn: end.description, capacity: Self.cohortSize)
                plans.append(Plan(cohort: cohort, start: start, end: end,
                                  days: TrainingCalendar.days(from: start, to: end, weekdays: [1, 2, 3, 4, 5], holidays: [])))
            }
        }
        for plan in plans { try await plan.cohort.create(on: db) }
        counts.cohorts = plans.count
        for (i, plan) in plans.enumerated() {
            let id = try plan.cohort.requireID()
            var insert = sql.insert(into: TrainingDayRecord.schema).columns("cohort_id", "day", "starts_at", "ends_at", "breaks")
            for day in plan.days {
                insert = insert.values(SQLBind(id), SQLBind(day.description), SQLBind(9 * 60), SQLBind(18 * 60), SQLBind("12:00-13:00"))
            }
            try await insert.run()
            let schedule = CohortSchedule()
            schedule.$cohort.id = id
            schedule.weekdays = "1,2,3,4,5"
            schedule.startsAt = 9 * 60
            schedule.endsAt = 18 * 60
            schedule.breaks = "12:00-13:00"
            schedule.holidays = ""
            try await schedule.create(on: db)
            counts.trainingDays += plan.days.count
            if i % 50 == 0 { report(Progress(phase: "cohorts", done: i, total: plans.count)) }
        }

        // Trainees, one enrollment each, and the scans of every cohort that has started.
        var personNumber = 0
        for (planIndex, plan) in plans.enumerated() {
            let cohortID = try plan.cohort.requireID()
            let region = campuses.first { $0.id == plan.cohort.$campus.id }!.region
            var people: [(email: String, name: String)] = []
            for _ in 0..<Self.cohortSize {
                personNumber += 1
                people.append((String(format: "t%06d@national.ieum.example", personNumber), KoreanNames.name(using: &rng)))
            }
            var insertPeople = sql.insert(into: Person.schema).columns("name", "email", "mobile", "residence_region", "password_hash")
            for (i, p) in people.enumerated() {
                let n = personNumber - people.count + i + 1
                insertPeople = insertPeople.values(SQLBind(p.name), SQLBind(p.email), SQLBind(String(format: "010-%04d-%04d", 5000 + n / 10_000, n % 10_000)),
                                                   SQLBind(region), SQLBind(passwordHash))
            }
            let personIDs = try await insertPeople.returning("id").all().map { try $0.decode(column: "id", as: Int.self) }
            var grants = sql.insert(into: RoleGrant.schema).columns("person_id", "role", "operator_id")
            for id in personIDs { grants = grants.values(SQLBind(id), SQLBind(Role.trainee.rawValue), SQLBind(plan.cohort.operatorID)) }
            try await grants.run()

            let started = plan.start <= today
            let finished = plan.end < today
            var states: [(person: Int, state: EnrollmentState, changed: Day)] = []
            for id in personIDs {
                let roll = Int.random(in: 0..<100, using: &rng)
                if !started {
                    states.append((id, .selected, plan.start.adding(days: -14)))
                } else if roll < (finished ? 12 : 6) {
                    let lastPossible = min(plan.end, today)
                    let span = max(1, plan.start.days(until: lastPossible))
                    states.append((id, .dropped, plan.start.adding(days: Int.random(in: 0..<span, using: &rng))))
                } else {
                    states.append((id, finished ? .completed : .enrolled, finished ? plan.end : plan.start))
                }
            }
            var insertEnrollments = sql.insert(into: Enrollment.schema)
                .columns("person_id", "cohort_id", "operator_id", "campus_id", "state", "drop_reason", "state_changed_at")
            for s in states {
                insertEnrollments = insertEnrollments.values(SQLBind(s.person), SQLBind(cohortID), SQLBind(plan.cohort.operatorID), SQLBind(plan.cohort.$campus.id),
                                                             SQLBind(s.state.rawValue), SQLBind(s.state == .dropped ? "취업" : nil),
                                                             SQLBind(KoreanFormats.startOfDay(s.changed).addingTimeInterval(9 * 3600)))
            }
            let enrollmentRows = try await insertEnrollments.returning("id", "person_id").all()
            var enrollmentOf: [Int: Int] = [:]
            for row in enrollmentRows { enrollmentOf[try row.decode(column: "person_id", as: Int.self)] = try row.decode(column: "id", as: Int.self) }
            // The history the KPIs read: who started training, and from which state each one left.
            var transitions = sql.insert(into: EnrollmentTransition.schema).columns("enrollment_id", "from_state", "to_state", "reason", "at")
            func step(_ person: Int, _ from: EnrollmentState?, _ to: EnrollmentState, _ on: Day, _ reason: String? = nil) {
                transitions = transitions.values(SQLBind(enrollmentOf[person]!), SQLBind(from?.rawValue), SQLBind(to.rawValue),
                                                 SQLBind(reason), SQLBind(KoreanFormats.startOfDay(on).addingTimeInterval(9 * 3600)))
            }
            for s in states {
                if s.state == .selected {
                    step(s.person, nil, .selected, s.changed)
                    continue
                }
                step(s.person, nil, .enrolled, plan.start)
                if s.state == .dropped { step(s.person, .enrolled, .dropped, s.changed, "취업") }
                if s.state == .completed { step(s.person, .enrolled, .completed, plan.end) }
            }
            try await transitions.run()
            counts.trainees += personIDs.count
            counts.enrollments += personIDs.count
            counts.jobs += try await hire(states.filter { $0.state == .completed }.map { ($0.person, enrollmentOf[$0.person]!) },
                                          plan: plan.cohort, end: plan.end, campusRegion: region, today: today)

            if started {
                var loader = ScanBulkLoader(sql: sql)
                for s in states {
                    let behaviour = AttendanceSimulation(using: &rng)
                    let last = s.state == .dropped ? s.changed : today
                    for day in plan.days where day <= last {
                        let midnight = KoreanFormats.startOfDay(day)
                        for (kind, second) in behaviour.day(.standard, using: &rng, until: day == today ? secondNow : nil) {
                            try await loader.add(.init(enrollmentID: enrollmentOf[s.person]!, personID: s.person, cohortID: cohortID,
                                                       campusID: plan.cohort.$campus.id, operatorID: plan.cohort.operatorID, day: day.description,
                                                       kind: kind, at: midnight.addingTimeInterval(Double(second))))
                        }
                    }
                }
                try await loader.flush()
                counts.scans += loader.written
            }
            report(Progress(phase: "trainees", done: planIndex + 1, total: plans.count))
        }
        return counts
    }

    /// Practitioner mentors: twelve per campus (about one for every eight trainees in training at a time).
    private mutating func addMentors(to campuses: [Campus]) async throws {
        var number = 0
        for campus in campuses {
            var people = sql.insert(into: Person.schema).columns("name", "email", "password_hash")
            for _ in 0..<12 {
                number += 1
                people = people.values(SQLBind(KoreanNames.name(using: &rng)), SQLBind(String(format: "m%04d@national.ieum.example", number)), SQLBind(passwordHash))
            }
            let ids = try await people.returning("id").all().map { try $0.decode(column: "id", as: Int.self) }
            var grants = sql.insert(into: RoleGrant.schema).columns("person_id", "role", "operator_id", "campus_id")
            for id in ids { grants = grants.values(SQLBind(id), SQLBind(Role.mentor.rawValue), SQLBind(campus.$operator.id), SQLBind(try campus.requireID())) }
            try await grants.run()
        }
    }

    static let employers = ["(주)한빛소프트웨어", "(주)가람데이터", "누리클라우드(주)", "(주)바른정보기술", "(주)솔빛시스템", "다온테크(주)"]
    static let jobTitles = ["백엔드 개발자", "AI 엔지니어", "웹 개발자", "데이터 엔지니어", "클라우드 엔지니어"]

    /// Jobs for about 70% of completers, most in the campus's region, starting up to 8 months after the end and
    /// recorded a few weeks later (so some fall outside the 6/7-month window); only what is on record by today.
    private mutating func hire(_ completers: [(person: Int, enrollment: Int)], plan: Cohort, end: Day, campusRegion: String, today: Day) async throws -> Int {
        var insert = sql.insert(into: EmploymentRecord.schema).columns(
            "enrollment_id", "person_id", "operator_id", "campus_id", "employer_name", "job_title", "region", "starts_on", "verification", "created_at")
        var count = 0
        for c in completers where Int.random(in: 0..<100, using: &rng) < 70 {
            let starts = end.adding(days: Int.random(in: 1...240, using: &rng))
            let recorded = starts.adding(days: Int.random(in: 3...40, using: &rng))
            guard recorded <= today else { continue }
            let region = Int.random(in: 0..<100, using: &rng) < 60 ? campusRegion : Region.allCases.randomElement(using: &rng)!.rawValue
            insert = insert.values(SQLBind(c.enrollment), SQLBind(c.person), SQLBind(plan.operatorID), SQLBind(plan.$campus.id),
                                   SQLBind(Self.employers.randomElement(using: &rng)!), SQLBind(Self.jobTitles.randomElement(using: &rng)!),
                                   SQLBind(region), SQLBind(starts.description), SQLBind("insurance"),
                                   SQLBind(KoreanFormats.startOfDay(recorded).addingTimeInterval(10 * 3600)))
            count += 1
        }
        if count > 0 { try await insert.run() }
        return count
    }
}
