import Fluent
import Foundation
import IeumCore
import Vapor

extension JobsController {
    // MARK: Applying

    static func apply(_ req: Request) async throws -> JobApplication {
        let job = try req.loaded(JobPosting.self)
        let principal = try req.principal
        let message = String((try req.submittedValues()["message"] ?? "").prefix(2000))
        guard let graduate = try await GraduateDirectory.graduate(principal.personID, on: req.db) else {
            throw AppError.conflict(Localized("수료한 뒤에 지원할 수 있습니다.", "You can apply once you have completed a course."))
        }
        guard graduate.hasConsent else {
            throw AppError.conflict(Localized("지원하면 기업이 프로필을 봅니다. 먼저 프로필에서 공개에 동의하세요.",
                                              "Applying shows your profile to the employer: first agree to share it on your profile page."))
        }
        guard job.isOpen(today: Day(req.now)) else {
            throw AppError.conflict(Localized("지원 마감일이 지났습니다.", "The deadline has passed."))
        }
        if try await JobApplication.query(on: req.db).filter(\.$job.$id == job.id!).filter(\.$personID == principal.personID).first() != nil {
            throw AppError.conflict(Localized("이미 지원한 공고입니다.", "You have already applied."))
        }
        let now = req.now
        let application = JobApplication()
        application.$job.id = job.id!
        application.personID = principal.personID
        application.employerID = job.$employer.id
        application.stage = ApplicationStage.applied
        application.message = message
        application.createdAt = now
        application.stageChangedAt = now
        try await req.db.writeTransaction { db in
            try await application.create(on: db)
            let event = ApplicationEvent()
            event.applicationID = application.id!
            event.toStage = ApplicationStage.applied.rawValue
            event.actorID = principal.personID
            event.at = now
            try await event.create(on: db)
        }
        return application
    }

    static let application = Action { req in try await apply(req) }

    static func myApplications(_ req: Request) async throws -> [ApplicationOutput] {
        let principal = try req.principal
        let applications = try await JobApplication.query(on: req.db).filter(\.$personID == principal.personID).with(\.$job).sort(\.$createdAt, .descending).all()
        let employers = Dictionary(try await Employer.query(on: req.db).filter(\.$id ~~ applications.map(\.employerID)).all().map { ($0.id!, $0.name) },
                                   uniquingKeysWith: { a, _ in a })
        return applications.map {
            ApplicationOutput(id: $0.id!, jobID: $0.$job.id, job: $0.job.title, employer: employers[$0.employerID] ?? "", personID: $0.personID,
                              name: nil, stage: $0.stage, appliedAt: $0.createdAt, stageChangedAt: $0.stageChangedAt, employmentID: $0.employmentID)
        }
    }

    @Sendable static func myApplicationsJSON(_ req: Request) async throws -> [ApplicationOutput] { try await myApplications(req) }

    // MARK: The employer's pipeline

    /// Moves an application one step; a hire records the employment (verified by the employer) for the KPIs.
    static func move(_ req: Request) async throws -> JobApplication {
        let application = try req.loaded(JobApplication.self)
        let principal = try req.principal
        var reader = try req.reader()
        let to = reader.choice("to", ApplicationStage.self)
        let from = application.stage
        // A move the pipeline does not make is refused as such, before its start date is asked for.
        if let to, !from.canMove(to: to) {
            throw AppError.conflict(Localized("'\(from.name.ko)'에서 '\(to.name.ko)'(으)로 바꿀 수 없습니다.",
                                              "An application that is \(from.name.en.lowercased()) cannot become \(to.name.en.lowercased())."))
        }
        let startsOn = to == .hired ? reader.day("starts_on") : nil
        let note = reader.text("note", required: false, max: ConfirmationQuestion.noteLimit).flatMap { $0.isEmpty ? nil : $0 }
        try reader.finish()
        guard let to else {
            throw AppError.badRequest(Localized("다음 단계를 고르세요.", "Choose the next stage."))
        }
        let graduate = to == .hired ? try await GraduateDirectory.graduate(application.personID, on: req.db) : nil
        if to == .hired && graduate == nil {
            throw AppError.conflict(Localized("수료 기록이 없어 채용을 기록할 수 없습니다.", "No completed course to record the hire against."))
        }
        let now = req.now
        let employer = try req.stored(CurrentEmployerKey.self)
        try await req.db.writeTransaction { db in
            try await JobApplication.query(on: db).filter(\.$id == application.id!).filter(\.$stage == from)
                .set(\.$stage, to: to).set(\.$stageChangedAt, to: now).update()
            guard try await JobApplication.find(application.id, on: db)?.stage == to else {
                throw AppError.conflict(Localized("다른 사람이 먼저 단계를 바꿨습니다.", "Someone else changed the stage first."))
            }
            let event = ApplicationEvent()
            event.applicationID = application.id!
            event.fromStage = from.rawValue
            event.toStage = to.rawValue
            event.actorID = principal.personID
            event.at = now
            event.note = note
            try await event.create(on: db)
            if let person = try await Person.find(application.personID, on: db) {
                let told = StageMessage(stage: to, job: application.job.title, employer: employer.name, startsOn: startsOn, note: note)
                try await Outbox.send(to: person, subject: told.subject, body: told.body, link: OutcomeRoutes.job(application.$job.id), now: now, on: db)
            }
            if let graduate, let startsOn {
                let record = EmploymentRecord()
                record.$enrollment.id = try graduate.enrollment.requireID()
                record.personID = application.personID
                record.operatorID = graduate.enrollment.operatorID
                record.campusID = graduate.enrollment.campusID
                record.$employer.id = try employer.requireID()
                record.employerName = employer.name
                record.jobTitle = application.job.title
                record.region = application.job.region
                record.startsOn = startsOn.description
                record.verification = EmploymentVerification.employer.rawValue
                record.createdBy = principal.personID
                record.createdAt = now
                try await record.create(on: db)
                try await JobApplication.query(on: db).filter(\.$id == application.id!).set(\.$employmentID, to: record.id).update()
                application.employmentID = record.id
                try await KPIRollup.refresh(cohorts: [graduate.enrollment.$cohort.id], on: db)
            }
        }
        application.stage = to
        application.stageChangedAt = now
        return application
    }

    static let stageChange = Action { req in try await move(req) }

    /// A rejection cannot be taken back and is told to the applicant: the page asks first, with room for a note.
    static let confirmRejection: Confirmation = { req, values in
        guard values["to"] == ApplicationStage.rejected.rawValue else { return nil }
        let application = try req.loaded(JobApplication.self)
        let name = try await JobsController.visibleName(application, on: req.db)
        return ConfirmationQuestion(
            title: Localized("불합격 처리", "Not selected"),
            consequence: Localized("\(name.map { "\($0) 님의 " } ?? "")「\(application.job.title)」 지원을 불합격으로 정합니다. 지원자에게 알림과 메일이 가고, 되돌릴 수 없습니다. 남길 말이 있으면 적으세요 (함께 보냅니다).",
                                   "\(name.map { "\($0)'s" } ?? "This") application for “\(application.job.title)” will be marked not selected. The applicant is told in the app and by mail, and this cannot be undone. Add a note if you like; it goes with the message."),
            confirm: Localized("불합격으로 정하고 알리기", "Mark not selected and tell them"),
            back: OutcomeRoutes.job(application.$job.id),
            note: ("note", Localized("지원자에게 남길 말 (선택)", "A note to the applicant (optional)")))
    }
}

/// What an applicant is told when their application moves.
struct StageMessage {
    let stage: ApplicationStage
    let job: String
    let employer: String
    let startsOn: Day?
    let note: String?

    var subject: Localized {
        Localized("[이음] \(employer) 「\(job)」 지원: \(stage.name.ko)", "[Ieum] \(employer), “\(job)”: \(stage.name.en)")
    }

    var body: Localized {
        let what: Localized = switch stage {
        case .interview: Localized("\(employer)에서 「\(job)」 지원을 면접 단계로 넘겼습니다. 곧 일정 연락이 갈 것입니다.",
                                   "\(employer) moved your application for “\(job)” to interview; expect to hear about a date.")
        case .offer: Localized("\(employer)에서 「\(job)」 자리를 제안했습니다.", "\(employer) has made you an offer for “\(job)”.")
        case .hired: Localized("\(employer) 「\(job)」 채용이 확정되었습니다\(startsOn.map { ". 입사일: \($0)" } ?? ""). 축하합니다!",
                               "You are hired for “\(job)” at \(employer)\(startsOn.map { ", starting \($0)" } ?? ""). Congratulations!")
        case .rejected: Localized("\(employer)에서 이번 「\(job)」 채용은 함께하지 못하게 되었다고 알려 왔습니다.",
                                  "\(employer) will not be taking your application for “\(job)” further this time.")
        case .applied: Localized("「\(job)」에 지원했습니다.", "You applied for “\(job)”.")
        }
        guard let note else { return what }
        return Localized(what.ko + "\n\n채용 담당자의 말: " + note, what.en + "\n\nFrom the employer: " + note)
    }
}
