import Fluent
import Foundation
import IeumCore
import Vapor

/// Loads `:admissionID`: its applicant, or staff of its campus (and program managers) unless `ownerOnly`;
/// with `staffWrite`, only staff who may change the campus's records. Anyone else gets 404; staff looks are logged.
struct AdmissionGuard: AsyncMiddleware {
    let ownerOnly: Bool
    var staffWrite = false

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let principal = try request.principal
        guard let id = request.parameters.get("admissionID", as: Int.self), let a = try await Admission.find(id, on: request.db) else {
            throw AppError.notFound()
        }
        let own = a.personID == principal.personID && !staffWrite
        let staff = principal.hasAny(Roles.campusManagers) && (staffWrite
            ? principal.canWrite(.campus(operatorID: a.operatorID, campusID: a.campusID))
            : principal.canRead(.campus(operatorID: a.operatorID, campusID: a.campusID)))
        guard own || (!ownerOnly && staff) else { throw AppError.notFound() }
        request.storage[LoadedRecordKey<Admission>.self] = a
        let response = try await next.respond(to: request)
        if !own && response.status.code < 400 {
            try await AccessLog.record(request, actor: principal.personID, subject: a.personID, action: "view", detail: "application \(id)")
        }
        return response
    }
}
