import Fluent
import Foundation
import IeumCore

/// The demo's recruitment: every campus has a published intake in the catalogue; the first academy's Changwon
/// campus is mid-way (applications at every stage, reviews waiting for the demo mentor) and its Gwangju campus
/// has run its selection (places to confirm, a waitlist). The demo applicant has one application in each.
extension DemoSeeder {
    struct RecruitingCampus {
        let campus: Campus
        let course: Course
        let admin: Person
        let reviewers: [Person]
    }

    mutating func recruitment(for c: RecruitingCampus, stage: DemoRecruitmentStage) async throws {
        let short = c.campus.name.replacingOccurrences(of: " 캠퍼스", with: "")
        let start: Day = stage == .selected ? today.adding(days: 37) : today.adding(days: 95)
        let cohort = Cohort(courseID: try c.course.requireID(), campusID: try c.campus.requireID(), operatorID: c.campus.$operator.id,
                            name: "\(short) \(start.year)-\(start.month < 7 ? 1 : 2) \(c.course.track)반", startsOn: start.description,
                            endsOn: start.adding(months: 6).adding(days: -1).description, capacity: stage == .selected ? 20 : 30)
        try await cohort.create(on: db)
        try await ScheduleController.save(ScheduleController.Settings(), for: cohort, on: db)
        let region = Region(rawValue: c.campus.region)
        let r = RecruitmentSettings.defaults(for: cohort, campusRegion: region, actor: try c.admin.requireID(), now: now)
        // Every application's history runs forward from the day applications opened: drafted, sent, then moved on.
        let opened = today.adding(days: stage == .selected ? -60 : -21)
        r.opensOn = opened.description
        r.closesOn = (stage == .selected ? today.adding(days: -20) : today.adding(days: 10 + 3 * (c.campus.id! % 5))).description
        r.questionsJSON = JSONCoding.encode(ApplicationQuestion.parse("""
            long: 이 과정에서 만들어 보고 싶은 서비스는 무엇인가요?
            choice: 가장 자신 있는 언어 | Python | Java | JavaScript | C | 아직 없음
            short*: GitHub 또는 포트폴리오 주소
            """).questions)
        r.rulesJSON = JSONCoding.encode([EligibilityRule.age(min: 19, max: 34), .notInOtherFundedCourse,
                                         .employment(oneOf: [.unemployed, .student])])
        r.publishedAt = date(opened)
        if stage == .inProgress {
            r.testMinutes = 60
            r.testWeight = 30
            r.testClosesOn = Day(r.closesOn)!.adding(days: 3).description
        }
        try await r.save(on: db)

        // Elsewhere applications are still coming in.
        let count = stage == .selected ? 34 : stage == .inProgress ? 48 : 9 + c.campus.id! % 7
        var admissions: [Admission] = []
        for i in 0..<count {
            let demo = i == 0 && stage != .catalogueOnly
            let person = try await applicantPerson(demo: demo)
            let started = opened.adding(days: 1 + i % 5)
            let a = AdmissionController.newDraft(r, cohort: cohort, personID: try person.requireID(), now: date(started))
            a.birthDate = (demo ? Day(year: 2000, month: 4, day: 12)! : Day(year: Int.random(in: 1992...2006, using: &rng), month: Int.random(in: 1...12, using: &rng), day: Int.random(in: 1...28, using: &rng))!).description
            // One in four lives in the campus's region; the quota keeps at least 40% of the seats for them.
            a.residence = demo || Int.random(in: 0..<4, using: &rng) == 0 ? c.campus.region : Region.allCases.randomElement(using: &rng)!.rawValue
            a.gender = ["female", "male", "female", "male", "undisclosed"][Int.random(in: 0..<5, using: &rng)]
            a.education = EducationLevel.allCases.randomElement(using: &rng)!.rawValue
            a.school = ["창원대학교", "전남대학교", "부산대학교", "경상국립대학교", "조선대학교", "한국방송통신대학교"].randomElement(using: &rng)!
            a.employment = (i % 17 == 5 ? EmploymentStatus.employed : [.unemployed, .student].randomElement(using: &rng)!).rawValue
            if i % 19 == 7 { a.birthDate = "1986-06-06" }
            a.motivation = DemoCatalog.motivations[i % DemoCatalog.motivations.count]
            a.answersJSON = JSONCoding.encode(["q1": DemoCatalog.projectIdeas[i % DemoCatalog.projectIdeas.count],
                                               "q2": ["Python", "Java", "JavaScript", "C", "아직 없음"][i % 5]])
            try await a.create(on: db)
            try await AdmissionEvent(admissionID: a.requireID(), from: nil, to: .draft, actorID: person.id, note: nil, at: a.stateChangedAt).create(on: db)
            if stage != .selected && i >= count - 3 { continue } // drafts not yet sent
            let failures = try await Admissions.failures(a, recruitment: r, cohort: cohort, on: db)
            a.failuresJSON = JSONCoding.encode(failures)
            a.submittedAt = date(started.adding(days: 1 + i % 4))
            try await a.save(on: db)
            try await Admissions.move(a, to: failures.isEmpty ? .submitted : .ineligible, actor: person.id, now: a.submittedAt!, on: db)
            if failures.isEmpty { admissions.append(a) }
        }
        guard stage != .catalogueOnly else { return }
        let staffID = try c.admin.requireID()
        let reviewing: [Admission]
        if stage == .selected {
            for a in admissions { try await Admissions.move(a, to: .screening, actor: staffID, now: date(today.adding(days: -18)), on: db) }
            for a in admissions { try await Admissions.move(a, to: .review, actor: staffID, now: date(today.adding(days: -15)), on: db) }
            reviewing = admissions
        } else {
            // Gwangju: nine still to screen, six in screening, the demo applicant and six more due to take the coding
            // test, and the rest past the test (their answers wait in the grading queue, graded live on first start).
            let problem = try await admissionTest(for: cohort, author: c.admin)
            let screening = [admissions[0]] + Array(admissions[10...])
            for a in screening { try await Admissions.move(a, to: .screening, actor: staffID, now: date(today.adding(days: -9)), on: db) }
            let testing = [admissions[0]] + Array(admissions[16...])
            for a in testing { try await Admissions.move(a, to: .test, actor: staffID, now: date(today.adding(days: -8)), on: db) }
            reviewing = Array(admissions[22...])
            for (n, a) in reviewing.enumerated() {
                a.testStartedAt = date(today.adding(days: -7)).addingTimeInterval(Double(n * 900))
                try await a.save(on: db)
                let (language, source) = DemoAssignments.problems[1].solutions[n % 3]
                let s = Submission()
                s.$assignment.id = try problem.requireID()
                s.$person.id = a.personID
                s.cohortID = try cohort.requireID()
                s.operatorID = cohort.operatorID
                s.campusID = cohort.$campus.id
                s.attempt = 1
                s.language = language
                s.source = source
                s.submittedAt = a.testStartedAt!.addingTimeInterval(1_500)
                s.lateDays = 0
                s.state = SubmissionState.queued
                try await s.create(on: db)
                try await Admissions.move(a, to: .review, actor: staffID, now: date(today.adding(days: -4)), on: db)
            }
        }
        let pairs = ReviewAssignment.assign(applications: reviewing.map { $0.id! }, reviewers: try c.reviewers.map { try $0.requireID() },
                                            existing: [:], perApplication: r.reviewsPerApplication)
        let rubric = r.rubric
        for (index, pair) in pairs.enumerated() {
            let review = AdmissionReview()
            review.admissionID = pair.application
            review.recruitmentID = try r.requireID()
            review.reviewerID = pair.reviewer
            review.assignedBy = staffID
            review.assignedAt = date(today.adding(days: -4))
            review.comment = ""
            // In the Changwon intake the demo mentor still has a few to do.
            let pending = stage == .inProgress && pair.reviewer == c.reviewers.first?.id && index % 3 == 0
            if pending {
                review.scoresJSON = "{}"
            } else {
                let base = Int.random(in: 2...5, using: &rng)
                var scores: [String: Int] = [:]
                for (k, criterion) in rubric.criteria.enumerated() {
                    scores[criterion.key] = min(5, max(1, base + Int.random(in: -1...1, using: &rng) + (k == 1 && index % 11 == 3 ? -2 : 0)))
                }
                review.scoresJSON = JSONCoding.encode(scores)
                review.total = rubric.total(scores)
                review.comment = DemoCatalog.reviewComments[index % DemoCatalog.reviewComments.count]
                review.submittedAt = date(today.adding(days: -2))
            }
            try await review.create(on: db)
        }
        guard stage == .selected else { return }

        let reviews = Dictionary(grouping: try await AdmissionReview.query(on: db).filter(\.$recruitmentID == r.requireID()).all(), by: \.admissionID)
        let input = SelectionService.input(reviewing, recruitment: r, cohort: cohort, campusRegion: c.campus.region, reviews: reviews, seatsTaken: 0)
        // The demo applicant is kept among the selected, so they can confirm or decline their place.
        let overrides = [SelectionOverride(candidateID: reviewing[0].id!, kind: .select, reason: "지역 기업 채용 연계 대상자 (면접 평가 반영)")]
        let decisions = Selection.select(input.candidates.map(\.candidate), policy: input.policy, overrides: overrides)
        let selectedAt = date(today.adding(days: -1))
        try await SelectionService.apply(input, decisions: decisions, overrides: overrides, recruitment: r, admissions: reviewing,
                                         actor: staffID, now: selectedAt, on: db)
        let chosen = reviewing.filter { $0.status == .selected }
        for (n, a) in chosen.enumerated() where a.id != reviewing[0].id {
            if n % 3 == 2 { continue } // still to confirm
            if n == 4 {
                try await Admissions.move(a, to: .declined, actor: a.personID, now: selectedAt.addingTimeInterval(3600), on: db)
                try await SelectionService.fillSeat(leftBy: a, recruitment: r, now: selectedAt.addingTimeInterval(3600), on: db)
            } else {
                try await Admissions.move(a, to: .confirmed, actor: a.personID, now: selectedAt.addingTimeInterval(7200), on: db)
            }
        }
    }

    /// The Gwangju intake's test: one problem of the demo's coursework, set as a selection-test problem.
    func admissionTest(for cohort: Cohort, author: Person) async throws -> Assignment {
        let problem = DemoAssignments.problems[1]
        let a = Assignment()
        a.$cohort.id = try cohort.requireID()
        a.operatorID = cohort.operatorID
        a.campusID = cohort.$campus.id
        a.title = problem.title
        a.statement = problem.statement
        a.languages = "python3,c,cpp,java,javascript"
        a.cpuMilliseconds = 1_000
        a.memoryKilobytes = 262_144
        a.outputKilobytes = 1_024
        a.points = 100
        a.deadline = KoreanFormats.startOfDay(Day(cohort.startsOn)!)
        a.latePolicy = "refuse"
        a.comparison = "whitespace"
        a.testsVersion = 1
        a.createdBy = try author.requireID()
        a.purpose = Assignment.admissionTest
        try await a.create(on: db)
        for (position, test) in problem.tests.enumerated() {
            try await AssignmentTest(assignmentID: try a.requireID(), position: position + 1, name: test.2 ? "예제 \(position + 1)" : "숨김 \(position + 1)",
                                     input: test.0, expected: test.1, weight: 1, isSample: test.2).create(on: db)
        }
        return a
    }

    mutating func applicantPerson(demo: Bool) async throws -> Person {
        if demo, let known = try await Person.query(on: db).filter(\.$email == "applicant@ieum.demo").first() { return known }
        personCount += 1
        let name = demo ? "한지우" : KoreanNames.name(using: &rng)
        let email = demo ? "applicant@ieum.demo" : "\(KoreanNames.romanize(name))\(personCount)@example.kr"
        let person = Person(name: name, email: email, phone: phone(personCount), passwordHash: demo ? passwordHash : nil)
        try await person.create(on: db)
        try await RoleGrants.create(Grant(role: .applicant, operatorID: nil, campusID: nil, employerID: nil), for: try person.requireID(), by: nil, on: db)
        if demo { logins.append(Login(role: .applicant, email: email, name: name)) }
        return person
    }
}

enum DemoRecruitmentStage: Equatable {
    case catalogueOnly, inProgress, selected
}
