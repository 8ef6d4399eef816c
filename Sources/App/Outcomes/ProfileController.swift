import Fluent
import Foundation
import IeumCore
import Vapor

struct ProfileOutput: Content {
    struct Work: Content { let submissionID: Int; let assignment: String; let language: String; let points: Double?; let outOf: Double
        enum CodingKeys: String, CodingKey { case assignment, language, points; case submissionID = "submission_id"; case outOf = "out_of" } }
    struct Certificate: Content { let id: String; let course: String; let verifyURL: String
        enum CodingKeys: String, CodingKey { case id, course; case verifyURL = "verify_url" } }

    let personID: Int
    let name: String
    let headline: String
    let skills: [String]
    let projects: String
    let desiredRegions: [String]
    let jobTypes: [String]
    let course: String?
    let campus: String?
    let campusRegion: String?
    let completedOn: String?
    let featuredWork: [Work]
    let certificates: [Certificate]
    let consentGiven: Bool
    let consentGivenAt: Date?
    enum CodingKeys: String, CodingKey {
        case name, headline, skills, projects, course, campus, certificates
        case personID = "person_id"
        case desiredRegions = "desired_regions"
        case jobTypes = "job_types"
        case campusRegion = "campus_region"
        case completedOn = "completed_on"
        case featuredWork = "featured_work"
        case consentGiven = "consent_given"
        case consentGivenAt = "consent_given_at"
    }
}

/// The graduate's own profile (`/profile`) and consent; employers read it at `/graduates/{id}` (GraduateGuard).
enum ProfileController {
    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        let routes = OutcomeRoutes.self, trainee: [any Middleware] = [RequireRole(.trainee)]
        pages.register(.GET, routes.profile.template, guards: trainee, use: editPage)
        pages.register(.POST, routes.profile.template, guards: trainee, action: change, next: { _, _ in OutcomeRoutes.profile.url(["saved": "1"]) },
                       retry: { req, _, errors in
                           let principal = try req.principal
                           return try await OutcomePages.profileEditor(req, profile: try await profile(of: principal.personID, now: req.now, on: req.db),
                                                                       values: try req.submittedValues(), errors: errors,
                                                                       work: try await gradedWork(of: principal.personID, on: req.db))
                       })
        pages.register(.POST, routes.consent.template, guards: trainee, action: consent, next: { _, _ in OutcomeRoutes.profile.url })
        api.register(routes.profileJSON, guards: trainee, use: mineJSON)
        api.register(routes.saveProfile, guards: trainee, action: change) { req, _ in try await mineJSON(req) }
        api.register(routes.consentJSON, guards: trainee, action: consent) { req, _ in try await mineJSON(req) }
        pages.register(.GET, routes.graduate.template, guards: [GraduateGuard()], use: graduatePage)
        api.register(routes.graduateJSON, guards: [GraduateGuard()], use: graduateJSON)
    }

    static func profile(of personID: Int, now: Date, on db: any Database) async throws -> GraduateProfileRecord {
        if let existing = try await GraduateProfileRecord.query(on: db).filter(\.$personID == personID).first() { return existing }
        // A first profile starts from what the course taught: its track and the languages of graded work.
        let profile = GraduateProfileRecord(personID: personID, at: now)
        var skills: [String] = []
        if let e = try await Enrollment.query(on: db).filter(\.$person.$id == personID).sort(\.$stateChangedAt, .descending).first(),
           let cohort = try await Cohort.find(e.$cohort.id, on: db), let course = try await Course.find(cohort.$course.id, on: db) {
            skills.append(course.track)
        }
        for s in try await Submission.query(on: db).join(Assignment.self, on: \Submission.$assignment.$id == \Assignment.$id)
            .filter(Assignment.self, \.$purpose == nil).filter(\.$person.$id == personID).filter(\.$state == SubmissionState.graded).all() {
            // As people write the skill: "python", "c++", not the grader's ids.
            if let language = Language.named(s.language) { skills.append(["python3": "python", "cpp": "c++"][language.id] ?? language.id) }
        }
        profile.skills = SkillList.text(SkillList.parse(skills.joined(separator: ",")))
        return profile
    }

    /// The person's graded submissions, best per assignment: what they may choose to show.
    static func gradedWork(of personID: Int, on db: any Database) async throws -> [ProfileOutput.Work] {
        // Course work only: a selection-test attempt is not the graduate's to show.
        let submissions = try await Submission.query(on: db).join(Assignment.self, on: \Submission.$assignment.$id == \Assignment.$id)
            .filter(Assignment.self, \.$purpose == nil).filter(\.$person.$id == personID)
            .filter(\.$state == SubmissionState.graded).with(\.$assignment).all()
        var best: [Int: Submission] = [:]
        for s in submissions where (s.points ?? -1) > (best[s.$assignment.id]?.points ?? -1) { best[s.$assignment.id] = s }
        return best.values.sorted { $0.assignment.title < $1.assignment.title }.map {
            .init(submissionID: $0.id!, assignment: $0.assignment.title, language: Language.named($0.language)?.name ?? $0.language,
                  points: $0.points, outOf: $0.assignment.points)
        }
    }

    static func output(_ profile: GraduateProfileRecord, person: Person, graduate: Graduate?, base: String, on db: any Database) async throws -> ProfileOutput {
        let featured = Set(profile.featuredIDs)
        let work = try await gradedWork(of: person.id!, on: db).filter { featured.contains($0.submissionID) }
        let credentials = try await IssuedCredential.query(on: db).filter(\.$personID == person.id!).filter(\.$revokedAt == nil).all()
        let cohorts = try await CredentialIssuer.cohorts(of: credentials, on: db)
        let certificates = credentials.map {
            ProfileOutput.Certificate(id: $0.publicID, course: cohorts[$0.cohortID]?.course.title ?? "", verifyURL: base + CredentialRoutes.verification($0.publicID))
        }
        return ProfileOutput(
            personID: person.id!, name: person.name, headline: profile.headline, skills: profile.skillList, projects: profile.projects,
            desiredRegions: profile.regions.map(\.rawValue).sorted(), jobTypes: profile.jobTypeSet.map(\.rawValue).sorted(),
            course: graduate?.course.title, campus: graduate?.campus.name, campusRegion: graduate?.campus.region,
            completedOn: graduate?.cohort.endsOn, featuredWork: work, certificates: certificates,
            consentGiven: profile.consentGivenAt != nil, consentGivenAt: profile.consentGivenAt)
    }

    static func fields(_ lang: Lang, work: [ProfileOutput.Work]) -> [FieldSpec] {
        var fields = [
            FieldSpec(name: "headline", label: Localized("한 줄 소개", "Headline"), required: false,
                      hint: Localized("예: 창원에서 일하고 싶은 백엔드 개발자", "e.g. Backend developer who wants to work in Changwon")),
            FieldSpec(name: "skills", label: Localized("기술", "Skills"), kind: .textarea, required: false,
                      hint: Localized("쉼표로 구분해 적으세요. 과정에서 배운 기술로 시작합니다.", "Separate with commas. Starts from what your course taught.")),
            FieldSpec(name: "projects", label: Localized("프로젝트", "Projects"), kind: .textarea, required: false),
            FieldSpec(name: "desired_regions", label: Localized("희망 근무 지역", "Regions you would work in"),
                      kind: .checkboxes(Region.allCases.map { .init(value: $0.rawValue, label: $0.name.in(lang)) }), required: false),
            FieldSpec(name: "job_types", label: Localized("희망 직무", "Job types you want"),
                      kind: .checkboxes(JobType.allCases.map { .init(value: $0.rawValue, label: $0.name.in(lang)) }), required: false),
        ]
        if !work.isEmpty {
            fields.append(FieldSpec(name: "featured_submissions", label: Localized("보여 줄 과제", "Graded work to show"),
                                    kind: .checkboxes(work.map { w in
                                        .init(value: String(w.submissionID),
                                              label: "\(w.assignment) (\(w.language), \(w.points.map { String(format: "%.0f", $0) } ?? "—")/\(String(format: "%.0f", w.outOf)))")
                                    }), required: false))
        }
        return fields
    }

    static func values(_ p: GraduateProfileRecord) -> [String: String] {
        ["headline": p.headline, "skills": p.skills, "projects": p.projects, "desired_regions": p.desiredRegions,
         "job_types": p.jobTypes, "featured_submissions": p.featuredSubmissions]
    }

    /// Reads and checks the form or JSON; nothing is stored unless every field is right.
    static func apply(_ values: [String: String], to p: GraduateProfileRecord, work: [ProfileOutput.Work], now: Date) throws(ValidationFailure) {
        var reader = FieldReader(values)
        let headline = reader.text("headline", required: false, max: 100) ?? ""
        let skillsText = reader.text("skills", required: false, max: 1000) ?? ""
        let projects = reader.text("projects", required: false, max: 4000) ?? ""
        let skills = SkillList.parse(skillsText)
        if skills.count > SkillList.maximum {
            reader.fail("skills", "기술은 \(SkillList.maximum)개까지 적을 수 있습니다.", "List at most \(SkillList.maximum) skills.")
        }
        let regions = FormChoices.chosen(values, "desired_regions", options: Region.allCases.map(\.rawValue))
        let types = FormChoices.chosen(values, "job_types", options: JobType.allCases.map(\.rawValue))
        let featured = FormChoices.chosen(values, "featured_submissions", options: work.map { String($0.submissionID) })
        for (name, known) in [("desired_regions", Region.allCases.map(\.rawValue)), ("job_types", JobType.allCases.map(\.rawValue)),
                              ("featured_submissions", work.map { String($0.submissionID) })] {
            let listed = (values[name] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if listed.contains(where: { !known.contains($0) }) { reader.fail(name, "목록에 있는 것만 고를 수 있습니다.", "Choose only from the list.") }
        }
        try reader.finish()
        p.headline = headline
        p.skills = SkillList.text(skills)
        p.projects = projects
        p.desiredRegions = regions.joined(separator: ",")
        p.jobTypes = types.joined(separator: ",")
        p.featuredSubmissions = featured.joined(separator: ",")
        p.updatedAt = now
    }

    static let profileBody = Body([
        .text("headline", max: 100, required: false), .list("skills", max: 1000, required: false, "comma-separated"),
        .text("projects", max: 4000, required: false), .list("desired_regions", of: Region.allCases.map(\.rawValue)),
        .list("job_types", of: JobType.allCases.map(\.rawValue)),
        .field("featured_submissions", .oneOf([.text(maxLength: 1000), .array(.id)]), required: false, "submission ids"),
    ])
    static let consentBody = Body([.flag("consent", required: true)])

    static func save(_ req: Request) async throws -> GraduateProfileRecord {
        let principal = try req.principal
        let profile = try await profile(of: principal.personID, now: req.now, on: req.db)
        let work = try await gradedWork(of: principal.personID, on: req.db)
        try apply(try req.submittedValues(), to: profile, work: work, now: req.now)
        try await profile.save(on: req.db)
        return profile
    }

    /// Gives or withdraws consent, and keeps the change.
    static func setConsent(_ req: Request, _ give: Bool) async throws -> GraduateProfileRecord {
        let principal = try req.principal
        let profile = try await profile(of: principal.personID, now: req.now, on: req.db)
        guard give != (profile.consentGivenAt != nil) else { return profile }
        let now = req.now
        try await req.db.writeTransaction { db in
            profile.consentGivenAt = give ? now : nil
            profile.updatedAt = now
            try await profile.save(on: db)
            let event = ConsentEvent()
            event.personID = principal.personID
            event.action = give ? "given" : "withdrawn"
            event.at = now
            event.ip = req.clientAddress
            try await event.create(on: db)
        }
        return profile
    }

    // MARK: Handlers

    @Sendable static func mineJSON(_ req: Request) async throws -> ProfileOutput {
        let principal = try req.principal
        let person = try await Person.find(principal.personID, on: req.db)!
        return try await output(try await profile(of: principal.personID, now: req.now, on: req.db), person: person,
                                graduate: try await GraduateDirectory.graduate(principal.personID, on: req.db), base: req.linkBase, on: req.db)
    }

    static let change = Action { req in try await save(req) }

    /// "true" gives consent and "false" withdraws it (the page's two buttons send the same).
    static let consent = Action { req, values in
        let raw = values["consent"]?.lowercased() ?? ""
        guard ["true", "false", "1", "0"].contains(raw) else {
            throw ValidationFailure([FieldError(field: "consent", message: Localized("true(동의) 또는 false(철회)로 보내세요.", "Send true (give) or false (withdraw)."))])
        }
        return try await setConsent(req, raw == "true" || raw == "1")
    }

    @Sendable static func editPage(_ req: Request) async throws -> Response {
        let principal = try req.principal
        let profile = try await profile(of: principal.personID, now: req.now, on: req.db)
        return try await OutcomePages.profileEditor(req, profile: profile, values: values(profile), errors: [],
                                                     work: try await gradedWork(of: principal.personID, on: req.db))
    }

    @Sendable static func graduatePage(_ req: Request) async throws -> Response {
        let graduate = try req.stored(LoadedGraduateKey.self)
        let out = try await output(graduate.profile, person: graduate.person, graduate: graduate, base: req.linkBase, on: req.db)
        return OutcomePages.graduate(req, out)
    }

    @Sendable static func graduateJSON(_ req: Request) async throws -> ProfileOutput {
        let graduate = try req.stored(LoadedGraduateKey.self)
        return try await output(graduate.profile, person: graduate.person, graduate: graduate, base: req.linkBase, on: req.db)
    }
}
