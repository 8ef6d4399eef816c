import Fluent
import IeumCore
import Vapor

/// Who may see and do what with assignments and submissions. Used only by the guards below, which run as
/// middleware on the route groups; handlers find the checked record in the request's storage.
enum GradingAccess {
    enum Relation { case none, trainee, mentor, staff, author }

    /// A trainee of the cohort (enrolled or completed), a mentor assigned to it, staff whose scope holds it.
    static func relation(_ principal: Principal, cohortID: Int, operatorID: Int, campusID: Int, on db: any Database) async throws -> Relation {
        let writes = principal.hasAny([.operatorAdmin, .campusStaff]) && principal.writeScope.allows(operatorID: operatorID, campusID: campusID)
        if writes { return .author }
        if principal.has(.mentor), principal.mentoredCohorts.contains(cohortID) {
            return .mentor
        }
        if principal.isProgramManager { return .staff }
        if principal.hasAny([.operatorAdmin, .campusStaff]) && principal.readScope.allows(operatorID: operatorID, campusID: campusID) {
            return .staff
        }
        if principal.has(.trainee), try await Enrollment.query(on: db).filter(\.$person.$id == principal.personID)
            .filter(\.$cohort.$id == cohortID).filter(\.$state ~~ [EnrollmentState.enrolled.rawValue, EnrollmentState.completed.rawValue, EnrollmentState.notCompleted.rawValue])
            .first() != nil {
            return .trainee
        }
        return .none
    }

    static func canAuthor(_ relation: Relation) -> Bool { relation == .author || relation == .mentor }
}

struct RelationKey: StorageKey { typealias Value = GradingAccess.Relation }

extension Request {
    var gradingRelation: GradingAccess.Relation { storage[RelationKey.self] ?? .none }
}

/// Loads `:assignmentID` and lets through those related to its cohort; another academy's assignment is a 404.
struct AssignmentGuard: AsyncMiddleware {
    enum Mode { case read, author, submit }
    let mode: Mode

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let principal = try request.principal
        guard let id = request.parameters.get("assignmentID", as: Int.self),
              let assignment = try await Assignment.query(on: request.db).filter(\.$id == id).with(\.$cohort).first() else {
            throw AppError.notFound()
        }
        let relation = try await GradingAccess.relation(principal, cohortID: assignment.$cohort.id, operatorID: assignment.operatorID,
                                                        campusID: assignment.campusID, on: request.db)
        guard relation != .none else { throw AppError.notFound() }
        // A selection-test problem is staff's and mentors' to write; applicants reach it only through their test page.
        if assignment.isAdmissionTest && relation == .trainee { throw AppError.notFound() }
        switch mode {
        case .read: break
        case .author: guard GradingAccess.canAuthor(relation) else { throw AppError.forbidden() }
        case .submit: guard relation == .trainee else { throw AppError.forbidden() }
        }
        request.storage[LoadedRecordKey<Assignment>.self] = assignment
        request.storage[RelationKey.self] = relation
        return try await next.respond(to: request)
    }
}

/// Loads `:submissionID`: its trainee sees it; mentors of the cohort and staff in scope see it and leave a line
/// in the access log (a trainee's code and results are their record). Review needs a mentor or staff.
struct SubmissionGuard: AsyncMiddleware {
    /// `follow` is the open page asking every few seconds whether grading has ended: it is logged like a
    /// read unless the same person's look at this submission is already in the log from the last 15 minutes.
    enum Mode { case read, review, follow }
    let mode: Mode

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let principal = try request.principal
        guard let id = request.parameters.get("submissionID", as: Int.self),
              let submission = try await Submission.query(on: request.db).filter(\.$id == id).with(\.$assignment).with(\.$person).first() else {
            throw AppError.notFound()
        }
        let own = submission.$person.id == principal.personID
        let relation: GradingAccess.Relation = own ? .trainee : try await GradingAccess.relation(
            principal, cohortID: submission.cohortID, operatorID: submission.operatorID, campusID: submission.campusID, on: request.db)
        guard own || [.mentor, .staff, .author].contains(relation) else { throw AppError.notFound() }
        // Selection-test attempts are judged by the grader alone; a mentor does not see an applicant's.
        if !own && relation == .mentor && submission.assignment.isAdmissionTest { throw AppError.notFound() }
        if mode == .review && !(relation == .mentor || relation == .author) { throw AppError.forbidden() }
        // Nor does anyone review or score it: the test's score is the grader's, the same for every applicant.
        if mode == .review && submission.assignment.isAdmissionTest { throw AppError.notFound() }
        request.storage[LoadedRecordKey<Submission>.self] = submission
        request.storage[RelationKey.self] = relation
        let response = try await next.respond(to: request)
        let alreadySeen = mode == .follow ? try await Self.recentlyLogged(request, actor: principal.personID, submission: submission) : false
        if !own, !alreadySeen, response.status.code < 400, request.storage[AccessLoggedKey.self] == nil {
            try await AccessLog.record(request, actor: principal.personID, subject: submission.$person.id,
                                       action: request.method == .GET ? "view" : "update", detail: "submission \(id)")
        }
        return response
    }

    static let followWindow: TimeInterval = 15 * 60

    private static func recentlyLogged(_ req: Request, actor: Int, submission: Submission) async throws -> Bool {
        let detail = " — submission \(try submission.requireID())"
        return try await AccessLogEntry.query(on: req.db).filter(\.$actorID == actor).filter(\.$subjectID == submission.$person.id)
            .filter(\.$at >= req.now.addingTimeInterval(-followWindow)).all().contains { $0.target.hasSuffix(detail) }
    }
}

/// Loads `:id` as a cohort for its gradebook and assignment list, with the principal's relation to it.
struct CohortGradingGuard: AsyncMiddleware {
    let staffOnly: Bool
    var authorOnly = false

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let principal = try request.principal
        guard let id = request.parameters.get("id", as: Int.self), let cohort = try await Cohort.find(id, on: request.db) else {
            throw AppError.notFound()
        }
        let relation = try await GradingAccess.relation(principal, cohortID: id, operatorID: cohort.operatorID,
                                                        campusID: cohort.$campus.id, on: request.db)
        guard relation != .none, !staffOnly || relation != .trainee else { throw AppError.notFound() }
        if authorOnly && !GradingAccess.canAuthor(relation) { throw AppError.forbidden() }
        request.storage[LoadedRecordKey<Cohort>.self] = cohort
        request.storage[RelationKey.self] = relation
        return try await next.respond(to: request)
    }
}
