import IeumCore
import Vapor

/// A person's roles and full identifiers (the rest of a person's pages are the resource's).
enum PeopleRoutes {
    // MARK: Pages
    static let roles = Path1<Int>("/people/{id}/roles")
    static let revokeRole = Path2<Int, Int>("/people/{id}/roles/{grantID}/revoke")
    static let identifiers = Path1<Int>("/people/{id}/identifiers")

    // MARK: API
    static let identifiersJSON = APIEndpoint(.GET, "/api/v1/people/{id}/identifiers", access: .member,
        summary: "The person's full registration and account numbers (logged as 'unmask')", tag: "people")
    static let grantRoleJSON = APIEndpoint(.POST, "/api/v1/people/{id}/roles", access: .member,
        summary: "Give the person a role", tag: "people", status: 201, input: RoleGrants.body, output: PersonOutput.self)
    static let revokeRoleJSON = APIEndpoint(.DELETE, "/api/v1/people/{id}/roles/{grantID}", access: .member,
        summary: "Revoke one of the person's roles", tag: "people", status: 204)

    static let api: [APIEndpoint] = [identifiersJSON, grantRoleJSON, revokeRoleJSON]
}
