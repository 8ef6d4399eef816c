import Fluent
import IeumCore
import Vapor

/// Who may hand out which role, and where. Grants and revocations are kept (PROGRAM.md: 3 years).
enum RoleGrants {
    /// Whether `principal` may see that someone holds this role: program managers and the person see every role;
    /// an academy sees the roles in its own operator or campuses (and that someone is an applicant), never a tie
    /// to another academy or an employer.
    static func shows(role: String, operatorID: Int?, campusID: Int?, employerID: Int?, of person: Int, to principal: Principal) -> Bool {
        if principal.isProgramManager || person == principal.personID { return true }
        let scope = principal.readScope
        if let operatorID { return scope.operators.contains(operatorID) }
        if let campusID { return scope.campuses.contains(campusID) }
        return employerID == nil && role == Role.applicant.rawValue
    }

    static func grantable(by principal: Principal) -> [Role] {
        if principal.isProgramManager { return Role.allCases }
        if principal.has(.operatorAdmin) { return [.operatorAdmin, .campusStaff, .mentor, .trainee] }
        if principal.has(.campusStaff) { return [.trainee] }
        return []
    }

    /// Reads `role`, `operator_id`, `campus_id`, `employer_id` into a grant the principal may give.
    static let body = Body([
        .choice("role", Role.self), .id("operator_id", required: false), .id("campus_id", required: false), .id("employer_id", required: false),
    ])

    static func read(_ reader: inout FieldReader, principal: Principal, on db: any Database) async throws -> Grant? {
        guard let role = reader.choice("role", Role.self) else { return nil }
        guard grantable(by: principal).contains(role) else {
            reader.fail("role", "이 역할을 줄 권한이 없습니다.", "You may not give this role.")
            return nil
        }
        switch role {
        case .programManager, .applicant:
            return Grant(role: role, operatorID: nil, campusID: nil, employerID: nil)
        case .operatorAdmin, .mentor, .trainee:
            let required = role != .trainee || !principal.isProgramManager
            guard let op = reader.id("operator_id", required: required) else {
                return reader.errors.isEmpty ? Grant(role: role, operatorID: nil, campusID: nil, employerID: nil) : nil
            }
            let writable = principal.canWrite(.academy(op))
                || (role == .trainee && principal.writeScope.campuses.isEmpty == false && principal.readScope.allowsAcademy(op))
            guard writable, try await Operator.find(op, on: db) != nil else {
                reader.fail("operator_id", "목록에서 선택하세요.", "Choose one of the listed options.")
                return nil
            }
            return Grant(role: role, operatorID: op, campusID: nil, employerID: nil)
        case .campusStaff:
            guard let campusID = reader.id("campus_id") else { return nil }
            guard let campus = try await Campus.find(campusID, on: db),
                  principal.canWrite(.academy(campus.$operator.id)) else {
                reader.fail("campus_id", "목록에서 선택하세요.", "Choose one of the listed options.")
                return nil
            }
            return Grant(role: role, operatorID: campus.$operator.id, campusID: campusID, employerID: nil)
        case .employer:
            guard let employerID = reader.id("employer_id") else { return nil }
            guard try await Employer.find(employerID, on: db) != nil else {
                reader.fail("employer_id", "목록에서 선택하세요.", "Choose one of the listed options.")
                return nil
            }
            return Grant(role: role, operatorID: nil, campusID: nil, employerID: employerID)
        }
    }

    static func create(_ grant: Grant, for personID: Int, by actor: Int?, on db: any Database) async throws {
        try await RoleGrant(personID: personID, role: grant.role.rawValue, operatorID: grant.operatorID,
                            campusID: grant.campusID, employerID: grant.employerID, grantedBy: actor).create(on: db)
    }
}
