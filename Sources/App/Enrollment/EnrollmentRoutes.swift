import IeumCore
import Vapor

/// An enrolment's moves between states, and people brought into a cohort from a file.
enum EnrollmentRoutes {
    // MARK: Pages
    static let transition = Path1<Int>("/enrollments/{id}/transition")
    static let importPeople = Path1<Int>("/cohorts/{id}/import")

    // MARK: API
    static let transitionsJSON = APIEndpoint(.GET, "/api/v1/enrollments/{id}/transitions", access: .member,
        summary: "The enrollment's state history", tag: "enrollments")
    static let transitionJSON = APIEndpoint(.POST, "/api/v1/enrollments/{id}/transitions", access: .member,
        summary: "Move the enrollment to a new state (409 when not allowed)", tag: "enrollments", input: EnrollmentActions.transitionBody)
    static let importJSON = APIEndpoint(.POST, "/api/v1/cohorts/{id}/import", access: .member,
        summary: "Import people from CSV (text/csv body; all or nothing)", tag: "cohorts", status: 201, output: ImportReport.self) { $0.body = true; $0.invalid = "#/components/schemas/ImportReport" }

    static let api: [APIEndpoint] = [transitionsJSON, transitionJSON, importJSON]
}
