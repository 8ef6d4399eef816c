import Fluent
import Foundation
import IeumCore
import Vapor

/// An employer's own people, once the program or an operator has verified the company. Until then they can
/// post nothing and see no graduate.
struct RequireVerifiedEmployer: AsyncMiddleware {
    /// The company the person hires for, if they hire for one.
    static func employer(of principal: Principal, on db: any Database) async throws -> Employer? {
        guard let employerID = principal.employerIDs.sorted().first else { return nil }
        return try await Employer.find(employerID, on: db)
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let employer = try await Self.employer(of: try request.principal, on: request.db) else { throw AppError.forbidden() }
        guard employer.verified else {
            throw AppError(status: .forbidden, code: "employer_unverified", message: Localized(
                "사업 운영진이 기업 정보를 확인한 뒤에 채용 공고와 수료생 프로필을 이용할 수 있습니다.",
                "Job postings and graduate profiles open once the program has verified your company."))
        }
        request.storage[CurrentEmployerKey.self] = employer
        return try await next.respond(to: request)
    }
}

struct CurrentEmployerKey: StorageKey { typealias Value = Employer }

/// Loads the posting named by `:jobID`. Reading: its employer's people, staff, and graduates while it is open.
/// Managing (editing, moving applicants): its employer's people only. Anything else is a 404.
struct JobGuard: AsyncMiddleware {
    enum Mode { case read, manage }
    let mode: Mode

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let principal = try request.principal
        guard let id = request.parameters.get("jobID", as: Int.self),
              let job = try await JobPosting.query(on: request.db).filter(\.$id == id).with(\.$employer).first() else {
            throw AppError.notFound()
        }
        let owns = principal.employerIDs.contains(job.$employer.id)
        let allowed: Bool
        switch mode {
        case .manage: allowed = owns
        case .read: allowed = owns || principal.hasAny(Roles.staff)
            || (principal.has(.trainee) && job.employer.verified && job.isOpen(today: Day(request.now)))
        }
        guard allowed else { throw AppError.notFound() }
        request.storage[LoadedRecordKey<JobPosting>.self] = job
        return try await next.respond(to: request)
    }
}

/// Loads the application named by `:applicationID` for the employer it was sent to.
struct ApplicationGuard: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let principal = try request.principal
        guard let id = request.parameters.get("applicationID", as: Int.self),
              let application = try await JobApplication.query(on: request.db).filter(\.$id == id).with(\.$job).first(),
              principal.employerIDs.contains(application.employerID) else {
            throw AppError.notFound()
        }
        request.storage[LoadedRecordKey<JobApplication>.self] = application
        return try await next.respond(to: request)
    }
}

/// A graduate's profile (`:personID`): the graduate themself; program managers and the staff of the campus where
/// they trained; a verified employer only while the graduate's consent stands. Everyone else, and an employer
/// without consent, gets a 404 — they learn nothing, not even that the person exists. Every look by someone
/// other than the graduate is written to the access log.
struct GraduateGuard: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let principal = try request.principal
        guard let personID = request.parameters.get("personID", as: Int.self),
              let graduate = try await GraduateDirectory.graduate(personID, on: request.db) else { throw AppError.notFound() }
        let isSelf = principal.personID == personID
        let isStaff = principal.looksAfter(operatorID: graduate.enrollment.operatorID, campusID: graduate.enrollment.campusID)
        var isEmployer = false
        if !isSelf && !isStaff && graduate.hasConsent {
            isEmployer = try await RequireVerifiedEmployer.employer(of: principal, on: request.db)?.verified == true
        }
        guard isSelf || isStaff || isEmployer else { throw AppError.notFound() }
        if !isSelf {
            try await AccessLog.record(request, actor: principal.personID, subject: personID, action: "view graduate profile")
        }
        request.storage[LoadedGraduateKey.self] = graduate
        return try await next.respond(to: request)
    }
}

struct LoadedGraduateKey: StorageKey { typealias Value = Graduate }

extension Request {
    func stored<K: StorageKey>(_ key: K.Type) throws -> K.Value {
        guard let value = storage[key] else { throw AppError.notFound() }
        return value
    }
}
