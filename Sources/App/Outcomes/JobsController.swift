import Fluent
import Foundation
import IeumCore
import Vapor

enum JobsController {
    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        let roles: [Role] = Roles.staff + [.employer, .trainee]
        let routes = OutcomeRoutes.self
        let employer: [any Middleware] = [RequireRole(.employer), RequireVerifiedEmployer()]
        let reader: [any Middleware] = [JobGuard(mode: .read)], applicant: [any Middleware] = [RequireRole(.trainee), JobGuard(mode: .read)]
        let stage: [any Middleware] = employer + [ApplicationGuard()], managed: [any Middleware] = [RequireVerifiedEmployer(), JobGuard(mode: .manage)]
        pages.register(.GET, routes.jobs.template, roles: roles, use: listPage)
        pages.register(.GET, routes.newJob.template, guards: employer, use: newPage)
        pages.register(.POST, routes.jobs.template, guards: employer, action: posting, next: { _, job in OutcomeRoutes.job(job.id!) },
                       retry: { req, _, errors in OutcomePages.jobForm(req, values: try req.submittedValues(), errors: errors) })
        pages.register(.GET, routes.job.template, guards: reader, use: detailPage)
        pages.register(.POST, routes.applyToJob.template, guards: applicant, action: application,
                       next: { req, _ in OutcomeRoutes.job(try req.loaded(JobPosting.self).id!) })
        pages.register(.POST, routes.applicationStage.template, guards: stage, action: stageChange,
                       next: { _, application in OutcomeRoutes.job(application.$job.id) },
                       retry: reshowing { req in
                           // The job's page, with the refused move shown beside its applicant.
                           let jobID = try req.loaded(JobApplication.self).$job.id
                           guard let job = try await JobPosting.query(on: req.db).filter(\.$id == jobID).with(\.$employer).first() else { throw AppError.notFound() }
                           req.storage[LoadedRecordKey<JobPosting>.self] = job
                           return try await detailPage(req)
                       }, shownRefusals: [.conflict], confirm: confirmRejection)

        api.register(routes.jobsJSON, guards: [RequireRole(roles)], use: listJSON)
        api.register(routes.postJob, guards: employer, action: posting, location: { _, job in routes.jobJSON.template.filled([String(try job.requireID())]) }) { req, job in try await output(job, today: Day(req.now), lang: req.lang) }
        api.register(routes.jobJSON, guards: reader, use: detailJSON)
        api.register(routes.recommendationsJSON, guards: managed, use: recommendationsJSON)
        api.register(routes.applicationsJSON, guards: managed, use: applicationsJSON)
        api.register(routes.applyJSON, guards: applicant, action: application) { req, application in
            let job = try req.loaded(JobPosting.self)
            return ApplicationOutput(id: application.id!, jobID: job.id!, job: job.title, employer: job.employer.name,
                                     personID: application.personID, name: nil, stage: application.stage, appliedAt: application.createdAt,
                                     stageChangedAt: application.stageChangedAt, employmentID: nil)
        }
        api.register(routes.stageJSON, guards: stage, action: stageChange) { req, a in try await moved(req, a) }
        api.register(routes.myApplicationsJSON, guards: [RequireRole(.trainee)], use: myApplicationsJSON)
    }

    static func output(_ job: JobPosting, today: Day, score: MatchScore? = nil, lang: Lang) -> JobOutput {
        JobOutput(id: job.id!, employerID: job.$employer.id, employer: job.$employer.value?.name ?? "", title: job.title,
                  description: job.description, region: job.region, skills: job.skillList, jobType: job.jobType,
                  salaryMin: job.salaryMin, salaryMax: job.salaryMax, positions: job.positions, deadline: job.deadline,
                  open: job.isOpen(today: today), score: score?.total, reasons: score?.reasons.map { $0.in(lang) })
    }

    // MARK: Lists

    /// What /jobs shows this person: an employer its postings, a graduate the open ones best first, staff all.
    static func visibleJobs(_ req: Request) async throws -> [JobOutput] {
        let principal = try req.principal
        let today = Day(req.now)
        if principal.has(.employer) {
            let jobs = try await JobPosting.query(on: req.db).filter(\.$employer.$id ~~ principal.employerIDs).with(\.$employer)
                .sort(\.$deadline, .descending).all()
            var counts: [Int: Int] = [:]
            for a in try await JobApplication.query(on: req.db).filter(\.$job.$id ~~ jobs.compactMap(\.id)).all() { counts[a.$job.id, default: 0] += 1 }
            return jobs.map { job in
                var out = output(job, today: today, lang: req.lang)
                out.applicants = counts[job.id!] ?? 0
                return out
            }
        }
        if principal.has(.trainee) {
            if let graduate = try await GraduateDirectory.graduate(principal.personID, on: req.db) {
                return try await GraduateDirectory.recommendations(for: graduate, today: today, on: req.db)
                    .map { output($0.item, today: today, score: $0.score, lang: req.lang) }
            }
            return try await JobPosting.query(on: req.db).filter(\.$deadline >= today.description).with(\.$employer).sort(\.$deadline).all()
                .filter { $0.employer.verified }.map { output($0, today: today, lang: req.lang) }
        }
        return try await JobPosting.query(on: req.db).with(\.$employer).sort(\.$deadline, .descending).range(..<200).all()
            .map { output($0, today: today, lang: req.lang) }
    }

    @Sendable static func listJSON(_ req: Request) async throws -> [JobOutput] { try await visibleJobs(req) }

    @Sendable static func listPage(_ req: Request) async throws -> Response {
        let principal = try req.principal
        var applications: [ApplicationOutput] = []
        if principal.has(.trainee) { applications = try await myApplications(req) }
        let employer = try await RequireVerifiedEmployer.employer(of: principal, on: req.db)
        let fairMatch = principal.has(.trainee) ? try await HiringFair.match(forPerson: principal.personID, on: req.db) : nil
        return OutcomePages.jobs(req, jobs: try await visibleJobs(req), applications: applications, employer: employer,
                                 isGraduate: try await GraduateDirectory.graduate(principal.personID, on: req.db) != nil, fairMatch: fairMatch)
    }

    // MARK: Posting

    static func jobFields(_ lang: Lang) -> [FieldSpec] {
        [
            FieldSpec(name: "title", label: Localized("공고 제목", "Title")),
            FieldSpec(name: "description", label: Localized("하는 일", "What the job is"), kind: .textarea),
            FieldSpec(name: "region", label: Localized("근무 지역", "Region"), kind: .select(Options.regions(lang))),
            FieldSpec(name: "job_type", label: Localized("직무", "Job type"),
                      kind: .select(JobType.allCases.map { .init(value: $0.rawValue, label: $0.name.in(lang)) })),
            FieldSpec(name: "skills", label: Localized("필요 기술", "Skills"), hint: Localized("쉼표로 구분", "Separated by commas")),
            FieldSpec(name: "salary_min", label: Localized("연봉 하한 (만원)", "Salary from (10,000 KRW a year)"), kind: .number),
            FieldSpec(name: "salary_max", label: Localized("연봉 상한 (만원)", "Salary to (10,000 KRW a year)"), kind: .number),
            FieldSpec(name: "positions", label: Localized("채용 인원", "Openings"), kind: .number),
            FieldSpec(name: "deadline", label: Localized("지원 마감일", "Apply by"), kind: .date),
        ]
    }

    static func create(_ req: Request) async throws -> JobPosting {
        let employer = try req.stored(CurrentEmployerKey.self)
        var reader = try req.reader()
        let title = reader.text("title", max: 120)
        let description = reader.text("description", max: 4000)
        let region = reader.choice("region", Region.self)
        let type = reader.choice("job_type", JobType.self)
        let skills = SkillList.parse(reader.text("skills", max: 600) ?? "")
        if reader.errors.first(where: { $0.field == "skills" }) == nil {
            if skills.isEmpty { reader.fail("skills", "필요한 기술을 하나 이상 적으세요.", "Name at least one skill.") }
            if skills.count > SkillList.maximum { reader.fail("skills", "기술은 \(SkillList.maximum)개까지입니다.", "At most \(SkillList.maximum) skills.") }
        }
        let low = reader.int("salary_min", range: 1_000...100_000)
        let high = reader.int("salary_max", range: 1_000...100_000)
        if let low, let high, high < low { reader.fail("salary_max", "상한은 하한보다 작을 수 없습니다.", "The upper end cannot be below the lower end.") }
        let positions = reader.int("positions", range: 1...500)
        let deadline = reader.day("deadline")
        if let deadline, deadline < Day(req.now) { reader.fail("deadline", "마감일은 오늘 이후여야 합니다.", "The deadline cannot be in the past.") }
        try reader.finish()
        guard let title, let description, let region, let type, let low, let high, let positions, let deadline else {
            throw AppError.badRequest(Localized("공고를 읽을 수 없습니다.", "The posting could not be read."))
        }
        let job = JobPosting()
        job.$employer.id = try employer.requireID()
        job.title = title
        job.description = description
        job.region = region.rawValue
        job.jobType = type.rawValue
        job.skills = SkillList.text(skills)
        job.salaryMin = low
        job.salaryMax = high
        job.positions = positions
        job.deadline = deadline.description
        job.createdBy = try req.principal.personID
        job.createdAt = req.now
        try await job.create(on: req.db)
        job.$employer.value = employer
        return job
    }

    @Sendable static func newPage(_ req: Request) async throws -> Response {
        OutcomePages.jobForm(req, values: ["positions": "1", "region": try req.stored(CurrentEmployerKey.self).region], errors: [])
    }

    static let posting = Action { req in try await create(req) }

    // MARK: One job

    /// Recommended graduates for the employer's job; each one shown is written to the access log.
    static func recommended(_ req: Request, job: JobPosting) async throws -> [RecommendedGraduate] {
        let principal = try req.principal
        let ranked = try await GraduateDirectory.recommendations(for: job, on: req.db)
        for r in ranked {
            try await AccessLog.record(req, actor: principal.personID, subject: r.item.person.id, action: "recommend graduate",
                                       detail: "job \(job.id!)")
        }
        return ranked.map { r in
            RecommendedGraduate(personID: r.item.person.id!, name: r.item.person.name, course: r.item.course.title, campus: r.item.campus.name,
                                campusRegion: r.item.campus.region, skills: r.item.profile.skillList, score: r.score.total,
                                reasons: r.score.reasons.map { $0.in(req.lang) })
        }
    }

    /// The job's applicants as its employer sees them: a graduate who withdrew consent is only a stage.
    static func applicants(_ req: Request, job: JobPosting) async throws -> [ApplicationOutput] {
        let principal = try req.principal
        let applications = try await JobApplication.query(on: req.db).filter(\.$job.$id == job.id!).sort(\.$createdAt).all()
        let ids = applications.map(\.personID)
        let consenting = Set(try await GraduateProfileRecord.query(on: req.db).filter(\.$personID ~~ ids).filter(\.$consentGivenAt != nil).all().map(\.personID))
        let names = Dictionary(try await Person.query(on: req.db).filter(\.$id ~~ Array(consenting)).all().map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        var out: [ApplicationOutput] = []
        for a in applications {
            let visible = consenting.contains(a.personID)
            if visible {
                try await AccessLog.record(req, actor: principal.personID, subject: a.personID, action: "list applicants", detail: "job \(job.id!)")
            }
            out.append(ApplicationOutput(id: a.id!, jobID: job.id!, job: job.title, employer: job.$employer.value?.name ?? "",
                                         personID: visible ? a.personID : nil, name: visible ? names[a.personID] : nil, stage: a.stage,
                                         appliedAt: a.createdAt, stageChangedAt: a.stageChangedAt, employmentID: a.employmentID))
        }
        return out
    }

    /// The applicant's name as the employer may see it: only while their consent stands.
    static func visibleName(_ a: JobApplication, on db: any Database) async throws -> String? {
        guard try await GraduateProfileRecord.query(on: db).filter(\.$personID == a.personID).filter(\.$consentGivenAt != nil).first() != nil
        else { return nil }
        return try await Person.find(a.personID, on: db)?.name
    }

    /// An application as its employer sees it after moving it on: as in the job's list of applicants.
    static func moved(_ req: Request, _ a: JobApplication) async throws -> ApplicationOutput {
        let employer = try await a.job.$employer.get(on: req.db)
        let name = try await visibleName(a, on: req.db)
        let visible = name != nil
        return ApplicationOutput(id: a.id!, jobID: a.$job.id, job: a.job.title, employer: employer.name, personID: visible ? a.personID : nil,
                                 name: name, stage: a.stage, appliedAt: a.createdAt, stageChangedAt: a.stageChangedAt, employmentID: a.employmentID)
    }

    @Sendable static func detailJSON(_ req: Request) async throws -> JobOutput {
        let job = try req.loaded(JobPosting.self)
        let principal = try req.principal
        var score: MatchScore?
        if principal.has(.trainee), let graduate = try await GraduateDirectory.graduate(principal.personID, on: req.db) { score = graduate.score(for: job) }
        return output(job, today: Day(req.now), score: score, lang: req.lang)
    }

    @Sendable static func recommendationsJSON(_ req: Request) async throws -> [RecommendedGraduate] {
        try await recommended(req, job: try req.loaded(JobPosting.self))
    }

    @Sendable static func applicationsJSON(_ req: Request) async throws -> [ApplicationOutput] {
        try await applicants(req, job: try req.loaded(JobPosting.self))
    }

    @Sendable static func detailPage(_ req: Request) async throws -> Response {
        let job = try req.loaded(JobPosting.self)
        let principal = try req.principal
        let owns = principal.employerIDs.contains(job.$employer.id) && job.employer.verified
        var graduate: Graduate?
        var mine: JobApplication?
        if principal.has(.trainee) {
            graduate = try await GraduateDirectory.graduate(principal.personID, on: req.db)
            mine = try await JobApplication.query(on: req.db).filter(\.$job.$id == job.id!).filter(\.$personID == principal.personID).first()
        }
        return OutcomePages.job(req, job: output(job, today: Day(req.now), score: graduate?.score(for: job), lang: req.lang),
                                applicants: owns ? try await applicants(req, job: job) : [],
                                recommended: owns ? try await recommended(req, job: job) : [],
                                fair: owns ? try await HiringFair.matches(for: job, req) : [],
                                owns: owns, graduate: graduate, application: mine, error: nil)
    }
}
