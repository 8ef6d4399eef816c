import IeumCore
import Vapor

/// Which operators' and campuses' records a principal may see (or change).
struct DataScope: Sendable, Equatable {
    var everything = false
    /// Whole academies.
    var operators: Set<Int> = []
    /// Single campuses (campus staff).
    var campuses: Set<Int> = []
    /// Operators whose academy-wide records (the operator, its courses and campuses) a campus role or mentor may read.
    var campusOperators: Set<Int> = []
    /// Single cohorts: those a mentor is assigned to (issue 21: mentors see only their cohorts and mentees).
    var cohorts: Set<Int> = []

    static let all = DataScope(everything: true)

    var isEmpty: Bool { !everything && operators.isEmpty && campuses.isEmpty && cohorts.isEmpty }

    /// A record of one cohort (its enrollments, roster, assignments).
    func allows(operatorID: Int, campusID: Int, cohortID: Int) -> Bool {
        allows(operatorID: operatorID, campusID: campusID) || cohorts.contains(cohortID)
    }

    /// A record that belongs to one campus of one operator (cohorts, enrollments).
    func allows(operatorID: Int, campusID: Int) -> Bool {
        everything || operators.contains(operatorID) || campuses.contains(campusID)
    }

    /// A record that belongs to the academy as a whole (the operator itself, its courses).
    func allowsAcademy(_ operatorID: Int) -> Bool {
        everything || operators.contains(operatorID) || campusOperators.contains(operatorID)
    }

    var academyIDs: Set<Int> { operators.union(campusOperators) }
}

struct Grant: Sendable, Equatable {
    let role: Role
    let operatorID: Int?
    let campusID: Int?
    let employerID: Int?
}

/// The person making a request, resolved once by `Authenticate`; handlers behind `RequireLogin` get one.
struct Principal: Sendable {
    let personID: Int
    let name: String
    let email: String
    let grants: [Grant]
    let sessionID: Int
    let csrfToken: String
    let authenticatedAt: Date
    let secondFactorPending: Bool
    let secondFactorEnabled: Bool
    /// Cohorts this person mentors (`cohort_mentors`), read with the session.
    var mentoredCohorts: Set<Int> = []

    var roles: Set<Role> { Set(grants.map(\.role)) }
    func has(_ role: Role) -> Bool { grants.contains { $0.role == role } }
    func hasAny(_ roles: [Role]) -> Bool { grants.contains { roles.contains($0.role) } }
    var isProgramManager: Bool { has(.programManager) }
    var isStaff: Bool { grants.contains { $0.role.isStaff } }

    var readScope: DataScope {
        if isProgramManager { return .all }
        var scope = DataScope()
        for grant in grants {
            switch grant.role {
            case .operatorAdmin: if let id = grant.operatorID { scope.operators.insert(id) }
            case .mentor:
                if let id = grant.operatorID { scope.campusOperators.insert(id) }
                scope.cohorts.formUnion(mentoredCohorts)
            case .campusStaff:
                if let id = grant.campusID { scope.campuses.insert(id) }
                if let id = grant.operatorID { scope.campusOperators.insert(id) }
            default: break
            }
        }
        return scope
    }

    var writeScope: DataScope {
        if isProgramManager { return .all }
        var scope = DataScope()
        for grant in grants {
            switch grant.role {
            case .operatorAdmin: if let id = grant.operatorID { scope.operators.insert(id) }
            case .campusStaff: if let id = grant.campusID { scope.campuses.insert(id) }
            default: break
            }
        }
        return scope
    }

    var employerIDs: Set<Int> { Set(grants.compactMap { $0.role == .employer ? $0.employerID : nil }) }

    /// A program manager, or an operator admin or campus staff member whose campus this is: the people who may
    /// look after a trainee's outcomes there (not mentors, who see only their mentees' work).
    func looksAfter(operatorID: Int, campusID: Int) -> Bool {
        isProgramManager || (hasAny([.operatorAdmin, .campusStaff]) && writeScope.allows(operatorID: operatorID, campusID: campusID))
    }
}

struct PrincipalKey: StorageKey { typealias Value = Principal }

extension Request {
    var principalIfAny: Principal? { storage[PrincipalKey.self] }

    /// Only behind `RequireLogin`, which guarantees it is there.
    var principal: Principal {
        get throws {
            guard let p = storage[PrincipalKey.self] else { throw AppError.unauthenticated() }
            return p
        }
    }
}
