/// The document's response links: what a client (or schemathesis's stateful phase) can do next with the record
/// a create answered with, its `id` filling the next operation's one path parameter.
enum OpenAPILinks {
    struct Link {
        let name: String
        let method: String
        let path: String
        let parameter: String
    }

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
                                                  ("get", one + "/roster", "Roster"), ("get", one + "/mentors", "Mentors")] : [])
                + (resource.slug == "enrollments" ? [("get", one + "/transitions", "Transitions")] : [])
        }
        return next.filter { known.contains($0.0 + " " + $0.1) }.map { method, path, name in
            Link(name: name, method: method, path: path, parameter: OpenAPIDocument.pathParameters(path).last ?? "id")
        }
    }
}
