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
            try await event.create(on: db)
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
}
