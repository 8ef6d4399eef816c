/// The document's response links: what a client (or schemathesis's stateful phase) can do next with the record
/// a create answered with, its `id` filling the next operation's one path parameter, or a field of the next
/// create's body (a campus for the operator just made, an enrolment in the cohort just made).
enum OpenAPILinks {
    struct Link {
        let name: String
        let method: String
        let path: String
        /// The path parameter the id fills, or nil when it fills `bodyField`.
        let parameter: String?
        var bodyField: String? = nil
    }

    /// Creates that take the record just created as a body field: (from, to, link name, field).
    private static let feeds: [(String, String, String, String)] = [
        ("/api/v1/operators", "/api/v1/campuses", "AddCampus", "operator_id"),
        ("/api/v1/operators", "/api/v1/courses", "AddCourse", "operator_id"),
        ("/api/v1/cohorts", "/api/v1/enrollments", "Enrol", "cohort_id"),
        ("/api/v1/enrollments", "/api/v1/employment", "RecordEmployment", "enrollment_id"),
        ("/api/v1/employers", "/api/v1/people", "AddEmployerStaff", "employer_id"),
    ]

    private static let known = Set(OpenAPIDocument.operations().map { $0.method + " " + $0.path })

    /// The operations that take the created record's id, by the path the create answers on.
    static func from(_ op: OpenAPIDocument.Operation) -> [Link] {
        guard op.method == "post", op.status == 201 else { return [] }
        let next: [(String, String, String)]
        switch op.path {
        case "/api/v1/cohorts/{id}/assignments":
            next = [("get", "/api/v1/assignments/{assignmentID}", "ReadAssignment"), ("put", "/api/v1/assignments/{assignmentID}", "ChangeAssignment"),
                    ("post", "/api/v1/assignments/{assignmentID}/tests", "AddTest"), ("get", "/api/v1/assignments/{assignmentID}/submissions", "ListSubmissions")]
        case "/api/v1/jobs":
            next = [("get", "/api/v1/jobs/{jobID}", "ReadJob"), ("get", "/api/v1/jobs/{jobID}/recommendations", "Recommendations"),
                    ("get", "/api/v1/jobs/{jobID}/applications", "Applicants")]
        case "/api/v1/matching-rounds":
            next = [("get", "/api/v1/matching-rounds/{roundID}", "ReadRound")]
        default:
            // A record of the generic resources: read it, change it where it can change, follow its sub-resources.
            guard let resource = ResourceRegistry.all.first(where: { op.path == "/api/v1/" + $0.slug }) else { return [] }
            let one = op.path + "/{id}"
            next = [("get", one, "Read")] + (resource.editable ? [("patch", one, "Change")] : [])
                + (resource.slug == "cohorts" ? [("get", one + "/schedule", "Schedule"), ("get", one + "/assignments", "Assignments"),
                                                  ("get", one + "/roster", "Roster"), ("get", one + "/mentors", "Mentors"),
                                                  ("post", one + "/assignments", "AddAssignment"), ("post", one + "/mentors", "AddMentor")] : [])
                + (resource.slug == "enrollments" ? [("get", one + "/transitions", "Transitions")] : [])
        }
        let byPath = next.filter { known.contains($0.0 + " " + $0.1) }.map { method, path, name in
            Link(name: name, method: method, path: path, parameter: OpenAPIDocument.pathParameters(path).last ?? "id")
        }
        let byBody = feeds.filter { $0.0 == op.path && known.contains("post " + $0.1) }.map { _, path, name, field in
            Link(name: name, method: "post", path: path, parameter: nil, bodyField: field)
        }
        return byPath + byBody
    }
}
