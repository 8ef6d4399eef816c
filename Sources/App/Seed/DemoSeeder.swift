import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

/// Builds the demo program on an empty database. Deterministic: the same seed and the same day give
/// the same program, people and histories.
struct DemoSeeder {
    struct Login: Sendable {
        let role: Role
        let email: String
        let name: String
    }

    let db: any Database
    let passwordHash: String
    let cipher: FieldCipher
    /// The address certificates name as their issuer's home.
    let base: String
    let now: Date
    let today: Day
    /// Seconds since midnight (KST) now: today's scans stop here.
    let secondNow: Int
    var rng = SeededRandom(seed: 20_220_401)
    var logins: [Login] = []
    var personCount = 0

    init(db: any Database, passwordHash: String, cipher: FieldCipher, base: String, now: Date) {
        self.now = now
        self.base = base
        self.today = Day(now)
        self.secondNow = KoreanFormats.minuteOfDay(now) * 60
        self.db = db
        self.passwordHash = passwordHash
        self.cipher = cipher
    }

    static func isNeeded(on db: any Database) async throws -> Bool {
        try await Program.query(on: db).count() == 0
    }

    mutating func run() async throws {
        let program = Program(name: DemoCatalog.programName, startYear: 2022, endYear: 2027, cumulativeTarget: DemoCatalog.cumulativeTarget)
        try await program.create(on: db)
        let programID = try program.requireID()
        try await DemoCatalog.yearTargets.map { ProgramYearTarget(programID: programID, year: $0.0, target: $0.1) }.create(on: db)

        let pm = try await staff("박정민", "pm@ieum.demo", grant: Grant(role: .programManager, operatorID: nil, campusID: nil, employerID: nil))
        logins.append(Login(role: .programManager, email: "pm@ieum.demo", name: pm.name))

        var employers: [Employer] = []
        for (name, region, industry) in DemoCatalog.employers {
            let e = Employer(name: name, region: region.rawValue, industry: industry, verified: employers.count % 5 != 4)
            try await e.create(on: db)
            employers.append(e)
        }
        let hr = try await staff("윤서연", "hr@changwon-factory.demo",
                                 grant: Grant(role: .employer, operatorID: nil, campusID: nil, employerID: employers[0].id))
        logins.append(Login(role: .employer, email: hr.email, name: hr.name))

        for (opIndex, spec) in DemoCatalog.operators.enumerated() {
            let op = Operator(programID: programID, name: spec.name, summary: spec.summary, contactEmail: "contact@\(spec.key).demo")
            try await op.create(on: db)
            let opID = try op.requireID()
            let admin = try await staff(KoreanNames.name(using: &rng), "admin.\(spec.key)@ieum.demo",
                                        grant: Grant(role: .operatorAdmin, operatorID: opID, campusID: nil, employerID: nil))
            if opIndex == 0 { logins.append(Login(role: .operatorAdmin, email: admin.email, name: admin.name)) }
            var courses: [Course] = []
            for c in spec.courses {
                let course = Course(operatorID: opID, title: c.title, track: c.track, totalHours: c.hours, theoryHours: c.theory, projectHours: c.hours - c.theory)
                try await course.create(on: db)
                courses.append(course)
            }
            let signer = try await IssuerKeys.signer(forOperator: opID, cipher: cipher, on: db)
            for (campusIndex, c) in spec.campuses.enumerated() {
                let campus = Campus(operatorID: opID, name: c.name, region: c.region.rawValue, address: c.address)
                try await campus.create(on: db)
                let campusID = try campus.requireID()
                let campusStaff = try await staff(KoreanNames.name(using: &rng), "staff.\(spec.key)\(campusIndex + 1)@ieum.demo",
                                                  grant: Grant(role: .campusStaff, operatorID: opID, campusID: campusID, employerID: nil))
                if opIndex == 0 && campusIndex == 1 { logins.append(Login(role: .campusStaff, email: campusStaff.email, name: campusStaff.name)) }
                var mentors: [Person] = []
                for m in 1...2 {
                    let mentor = try await staff(KoreanNames.name(using: &rng), "mentor.\(spec.key)\(campusIndex + 1)\(m)@ieum.demo",
                                                 grant: Grant(role: .mentor, operatorID: opID, campusID: nil, employerID: nil))
                    if opIndex == 0 && campusIndex == 1 && m == 1 { logins.append(Login(role: .mentor, email: mentor.email, name: mentor.name)) }
                    mentors.append(mentor)
                }
                // The first academy's first campus leaves its last ended cohort open, for staff to try closing it.
                try await cohorts(for: campus, spec: c, campusIndex: campusIndex, courses: courses, employers: employers, actor: admin,
                                  closing: Closing(op: op, signer: signer, leaveLastOpen: opIndex == 0 && campusIndex == 0))
                if opIndex == 0 { try await codingWork(campus: campus, mentors: mentors, author: campusStaff) }
                let stage: DemoRecruitmentStage = opIndex > 0 ? .catalogueOnly : campusIndex == 0 ? .selected : .inProgress
                try await recruitment(for: RecruitingCampus(campus: campus, course: courses[(campusIndex + 1) % courses.count], admin: admin,
                                                            reviewers: mentors), stage: stage)
            }
        }
        try await DemoJobs.seed(employers: employers, poster: try hr.requireID(), today: today, now: now, rng: &rng, on: db)
    }

    /// The first academy's running cohorts get mentors, assignments and attempts waiting to be graded.
    mutating func codingWork(campus: Campus, mentors: [Person], author: Person) async throws {
        let running = try await Cohort.query(on: db).filter(\.$campus.$id == campus.requireID())
            .filter(\.$startsOn <= today.description).filter(\.$endsOn >= today.description).all()
        for cohort in running {
            let trainees = try await Enrollment.query(on: db).filter(\.$cohort.$id == cohort.requireID())
                .filter(\.$state == EnrollmentState.enrolled.rawValue).sort(\.$id).range(..<12).all()
            try await DemoAssignments.seed(cohort: cohort, mentors: mentors, author: author, trainees: trainees, now: now, rng: &rng, on: db)
        }
    }

    mutating func staff(_ name: String, _ email: String, grant: Grant) async throws -> Person {
        personCount += 1
        let person = Person(name: name, email: email, phone: phone(900_000 + personCount), passwordHash: passwordHash)
        try await person.create(on: db)
        try await RoleGrants.create(grant, for: try person.requireID(), by: nil, on: db)
        return person
    }

    func phone(_ n: Int) -> String {
        "010-\(String(format: "%04d", 2000 + n / 10_000))-\(String(format: "%04d", n % 10_000))"
    }

    struct Schedule {
        let name: String
        let start: Day
        let end: Day
    }

    func schedules(for spec: DemoCatalog.CampusSpec, campusIndex: Int) -> [Schedule] {
        var result: [Schedule] = []
        var number = 1
        for year in spec.firstYear...(today.year + 1) {
            let springStart = campusIndex % 2 == 0
            let start = Day(year: year, month: springStart ? 3 : 7, day: springStart ? 2 : 1)!
            let end = springStart ? Day(year: year, month: 8, day: 31)! : Day(year: year, month: 12, day: 31)!
            // Only the next intake is open for applications; nothing further ahead exists yet.
            if start > today && result.contains(where: { $0.start > today }) { break }
            if start.year > 2027 { break }
            result.append(Schedule(name: "\(spec.name.replacingOccurrences(of: " 캠퍼스", with: "")) \(number)기", start: start, end: end))
            number += 1
        }
        return result
    }

    struct Closing {
        let op: Operator
        let signer: CredentialIssuer.Signer
        let leaveLastOpen: Bool
    }

    mutating func cohorts(for campus: Campus, spec: DemoCatalog.CampusSpec, campusIndex: Int, courses: [Course],
                          employers: [Employer], actor: Person, closing: Closing) async throws {
        let all = schedules(for: spec, campusIndex: campusIndex)
        let lastEnded = all.lastIndex { $0.end < today }
        for (i, schedule) in all.enumerated() {
            let leftOpen = closing.leaveLastOpen && i == lastEnded
            let course = courses[i % courses.count]
            let capacity = [36, 38, 40, 42][i % 4]
            let cohort = Cohort(courseID: try course.requireID(), campusID: try campus.requireID(), operatorID: campus.$operator.id,
                                name: schedule.name, startsOn: schedule.start.description, endsOn: schedule.end.description, capacity: capacity)
            try await cohort.create(on: db)
            try await ScheduleController.save(ScheduleController.Settings(), for: cohort, on: db)
            let upcoming = schedule.start > today
            let count = upcoming ? capacity + 8 : capacity
            var transitions: [EnrollmentTransition] = []
            var jobs: [EmploymentRecord] = []
            var attending: [Enrollment] = []
            var finished: [(Enrollment, Person)] = []
            for seat in 0..<count {
                let isDemoTrainee = logins.contains { $0.role == .mentor } && !logins.contains { $0.role == .trainee } && !upcoming && schedule.end >= today
                let person = try await trainee(region: Region(rawValue: campus.region)!, operatorID: campus.$operator.id, demo: isDemoTrainee)
                if isDemoTrainee { logins.append(Login(role: .trainee, email: person.email, name: person.name)) }
                let path = statePath(schedule: schedule, seat: seat, capacity: capacity, leftOpen: leftOpen)
                let (enrollment, steps) = try await enroll(person, in: cohort, path: path, schedule: schedule, actor: actor)
                transitions += steps
                if !upcoming && (schedule.end >= today || leftOpen) && path.contains(.enrolled) { attending.append(enrollment) }
                if path.last == .completed || path.last == .notCompleted { finished.append((enrollment, person)) }
                if enrollment.state == EnrollmentState.completed.rawValue, let job = employment(enrollment, campus: campus, schedule: schedule, employers: employers, actor: actor) {
                    jobs.append(job)
                }
            }
            try await transitions.create(on: db)
            if !jobs.isEmpty { try await jobs.create(on: db) }
            if !finished.isEmpty {
                try await close(cohort, finished: finished, course: course, campus: campus, closing: closing, actor: actor, end: schedule.end)
            }
            // The cohort left open for closing has two trainees the rules will propose as not completed.
            try await scans(for: attending, in: cohort, from: schedule.start, filer: actor, strugglers: leftOpen ? 2 : 0)
        }
    }

    /// An ended cohort, closed a few days after its end: a decision per trainee and certificates for completers.
    /// These cohorts ended before Ieum kept their attendance, and their decisions say so.
    func close(_ cohort: Cohort, finished: [(Enrollment, Person)], course: Course, campus: Campus, closing: Closing,
               actor: Person, end: Day) async throws {
        let closedAt = date(end.adding(days: 3))
        cohort.closedAt = closedAt
        cohort.closedBy = actor.id
        try await cohort.update(on: db)
        let note = Localized("이음 도입 이전 기수: 운영기관의 출석부와 평가 기록으로 확정", "A cohort from before Ieum: decided from the operator's own registers")
        let facts = String(decoding: try JSONEncoder.sorted.encode(DecisionFacts(met: [note], unmet: [])), as: UTF8.self)
        var decisions: [CompletionDecision] = []
        var credentials: [IssuedCredential] = []
        for (enrollment, person) in finished {
            let decision = CompletionDecision()
            decision.$enrollment.id = try enrollment.requireID()
            decision.cohortID = try cohort.requireID()
            decision.operatorID = cohort.operatorID
            decision.campusID = cohort.$campus.id
            decision.proposed = enrollment.state
            decision.decided = enrollment.state
            decision.facts = facts
            decision.decidedBy = try actor.requireID()
            decision.decidedAt = closedAt
            decisions.append(decision)
            if enrollment.state == EnrollmentState.completed.rawValue {
                credentials.append(try CredentialIssuer.make(for: enrollment, person: person, course: course, cohort: cohort, campus: campus,
                                                             op: closing.op, base: base, signer: closing.signer, at: closedAt))
            }
        }
        try await decisions.create(on: db)
        if !credentials.isEmpty { try await credentials.create(on: db) }
    }

    /// A running cohort's scans from its first day until now; a drop-out's stop on the day they left.
    mutating func scans(for enrollments: [Enrollment], in cohort: Cohort, from start: Day, filer: Person, strugglers: Int = 0) async throws {
        guard !enrollments.isEmpty, let sql = db as? any SQLDatabase else { return }
        let days = try await TrainingDayRecord.query(on: db).filter(\.$cohort.$id == cohort.requireID())
            .filter(\.$day <= today.description).sort(\.$day).all().compactMap { Day($0.day) }
        var loader = ScanBulkLoader(sql: sql)
        let recent = Set(days.filter { $0 < today }.suffix(2))
        var corrections: [CorrectionRecord] = []
        for (index, e) in enrollments.enumerated() {
            let behaviour = index < strugglers ? AttendanceSimulation(diligence: 0.7 + 0.04 * Double(index)) : AttendanceSimulation(using: &rng)
            let lastDay = e.state == EnrollmentState.dropped.rawValue ? Day(e.stateChangedAt) : today
            for day in days where day <= lastDay {
                let midnight = KoreanFormats.startOfDay(day)
                let scans = behaviour.day(.standard, using: &rng, until: day == today ? secondNow : nil)
                // Forgot to check out on one of the last days: staff have asked for a correction, still to be decided.
                if recent.contains(day), corrections.count < 3, scans.contains(where: { $0.0 == .checkIn }), !scans.contains(where: { $0.0 == .checkOut }) {
                    let c = CorrectionRecord()
                    c.enrollmentID = try e.requireID(); c.personID = e.$person.id; c.cohortID = try cohort.requireID()
                    c.campusID = cohort.$campus.id; c.operatorID = cohort.operatorID; c.day = day.description
                    c.kind = CorrectionKind.missingScan.rawValue; c.scanKind = ScanKind.checkOut.rawValue; c.minute = 18 * 60
                    c.reason = "퇴실 태그 누락 — 출입카드 기록으로 18:00 퇴실 확인"; c.state = CorrectionState.pending
                    c.filedBy = try filer.requireID(); c.filedAt = midnight.addingTimeInterval(19 * 3600)
                    corrections.append(c)
                }
                for (kind, second) in scans {
                    try await loader.add(.init(enrollmentID: try e.requireID(), personID: e.$person.id, cohortID: try cohort.requireID(),
                                               campusID: cohort.$campus.id, operatorID: cohort.operatorID, day: day.description, kind: kind,
                                               at: midnight.addingTimeInterval(Double(second))))
                }
            }
        }
        try await loader.flush()
        for c in corrections { try await c.create(on: db) }
    }

    mutating func trainee(region: Region, operatorID: Int, demo: Bool) async throws -> Person {
        personCount += 1
        let name = KoreanNames.name(using: &rng)
        let email = demo ? "trainee@ieum.demo" : "\(KoreanNames.romanize(name))\(personCount)@example.kr"
        let lives = Int.random(in: 0..<100, using: &rng) < 75 ? region : Region.allCases.randomElement(using: &rng)!
        let birth = Day(year: Int.random(in: 1990...2003, using: &rng), month: Int.random(in: 1...12, using: &rng), day: Int.random(in: 1...28, using: &rng))!
        let person = Person(name: name, email: email, phone: phone(personCount), birthDate: birth.description,
                            residenceRegion: lives.rawValue, passwordHash: demo ? passwordHash : nil)
        // Demo registration numbers: the real birth date, a plausible 7th digit, random rest.
        let seventh = (birth.year >= 2000 ? 3 : 1) + Int.random(in: 0...1, using: &rng)
        let rest = String(format: "%06d", Int.random(in: 0..<1_000_000, using: &rng))
        let number = String(format: "%02d%02d%02d-", birth.year % 100, birth.month, birth.day) + "\(seventh)" + rest
        try await person.create(on: db)
        // Held by the academy that trains them, as it collects them for the allowance.
        let held = HeldIdentifiers(personID: try person.requireID(), operatorID: operatorID, collectedBy: nil, at: now)
        try held.seal(.residentNumber, number, with: cipher)
        held.bankName = DemoCatalog.banks.randomElement(using: &rng)!
        try held.seal(.bankAccount, String(format: "%06d-%02d-%06d", Int.random(in: 100_000..<1_000_000, using: &rng),
                                           Int.random(in: 1..<100, using: &rng), Int.random(in: 0..<1_000_000, using: &rng)), with: cipher)
        try await held.create(on: db)
        try await RoleGrants.create(Grant(role: .trainee, operatorID: operatorID, campusID: nil, employerID: nil),
                                    for: try person.requireID(), by: nil, on: db)
        return person
    }

    /// The states an enrollment has passed through, decided by where the cohort stands today.
    mutating func statePath(schedule: Schedule, seat: Int, capacity: Int, leftOpen: Bool) -> [EnrollmentState] {
        let roll = Int.random(in: 0..<100, using: &rng)
        if schedule.start > today {
            return seat < capacity / 2 ? [.applied, .selected] : (roll < 10 ? [.applied, .dropped] : [.applied])
        }
        if schedule.end < today && !leftOpen {
            return roll < 14 ? [.applied, .selected, .enrolled, .dropped]
                : roll < 19 ? [.applied, .selected, .enrolled, .notCompleted] : [.applied, .selected, .enrolled, .completed]
        }
        return roll < 7 ? [.applied, .selected, .enrolled, .dropped] : [.applied, .selected, .enrolled]
    }

    mutating func enroll(_ person: Person, in cohort: Cohort, path: [EnrollmentState], schedule: Schedule,
                         actor: Person) async throws -> (Enrollment, [EnrollmentTransition]) {
        let start = date(schedule.start)
        let end = date(schedule.end)
        let dropDay = start.addingTimeInterval(Double(Int.random(in: 7...120, using: &rng)) * 86_400)
        let times: [EnrollmentState: Date] = [
            .applied: start.addingTimeInterval(-Double(Int.random(in: 25...45, using: &rng)) * 86_400),
            .selected: start.addingTimeInterval(-14 * 86_400),
            .enrolled: start,
            .completed: end,
            .notCompleted: end,
            .dropped: path.contains(.enrolled) ? min(dropDay, end) : start.addingTimeInterval(-20 * 86_400),
        ]
        let final = path.last!
        let reason = final == .dropped ? DemoCatalog.dropReasons.randomElement(using: &rng)!
            : final == .notCompleted ? "수료 기준 미달: 출석률 80% 미만 (운영기관 출석부)" : nil
        let enrollment = try Enrollment(personID: try person.requireID(), cohort: cohort, state: final.rawValue, at: times[final]!)
        enrollment.dropReason = final == .dropped ? reason : nil
        try await enrollment.create(on: db)
        let id = try enrollment.requireID()
        var steps: [EnrollmentTransition] = []
        var previous: EnrollmentState? = nil
        for state in path {
            steps.append(EnrollmentTransition(enrollmentID: id, from: previous?.rawValue, to: state.rawValue,
                                              reason: state == .dropped || state == .notCompleted ? reason : nil, actorID: previous == nil ? nil : actor.id, at: times[state]!))
            previous = state
        }
        return (enrollment, steps)
    }

    mutating func employment(_ e: Enrollment, campus: Campus, schedule: Schedule, employers: [Employer], actor: Person) -> EmploymentRecord? {
        guard Int.random(in: 0..<100, using: &rng) < 68 else { return nil }
        let startOffset = Int.random(in: 10...210, using: &rng)
        let startDate = date(schedule.end).addingTimeInterval(Double(startOffset) * 86_400)
        guard Day(startDate) <= today else { return nil }
        let local = employers.filter { $0.region == campus.region }
        let employer = (!local.isEmpty && Int.random(in: 0..<100, using: &rng) < 70) ? local.randomElement(using: &rng)! : employers.randomElement(using: &rng)!
        let record = EmploymentRecord()
        record.$enrollment.id = e.id!
        record.personID = e.$person.id
        record.operatorID = e.operatorID
        record.campusID = e.campusID
        record.$employer.id = employer.id
        record.employerName = employer.name
        record.jobTitle = DemoCatalog.jobTitles.randomElement(using: &rng)!
        record.region = employer.region
        record.startsOn = Day(startDate).description
        record.verification = ["insurance", "insurance", "contract", "employer"].randomElement(using: &rng)!
        record.createdBy = actor.id
        // Entered a few days to a few weeks after the start, as staff hear of it.
        record.createdAt = min(startDate.addingTimeInterval(Double(Int.random(in: 2...30, using: &rng)) * 86_400), now)
        return record
    }

    /// 09:00 KST on the day, as stored (UTC).
    func date(_ day: Day) -> Date { KoreanFormats.startOfDay(day).addingTimeInterval(9 * 3600) }
}
