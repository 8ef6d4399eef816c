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
        (OperatorResource.self, CampusResource.self, "AddCampus", "operator_id"),
        (OperatorResource.self, CourseResource.self, "AddCourse", "operator_id"),
        (CohortResource.self, EnrollmentResource.self, "Enrol", "cohort_id"),
        (EnrollmentResource.self, EmploymentResource.self, "RecordEmployment", "enrollment_id"),
        (EmployerResource.self, PersonResource.self, "AddEmployerStaff", "employer_id"),
    ].map { (from: any Resource.Type, to: any Resource.Type, name, field) in
        (APIEndpoint.prefix + from.path, APIEndpoint.prefix + to.path, name, field)
    }

    private static let known = Set(OpenAPIDocument.operations().map { $0.method + " " + $0.path })

    private static func next(_ endpoint: APIEndpoint, _ name: String) -> (String, String, String) {
        (endpoint.operation.method, endpoint.template.text, name)
    }

    /// The operations that take the created record's id, by the path the create answers on.
    static func from(_ op: OpenAPIDocument.Operation) -> [Link] {
        guard op.method == "post", op.status == 201 else { return [] }
        let next: [(String, String, String)]
        switch op.path {
        case AssignmentRoutes.create.template.text:
            next = [Self.next(AssignmentRoutes.showJSON, "ReadAssignment"), Self.next(AssignmentRoutes.update, "ChangeAssignment"),
                    Self.next(AssignmentRoutes.addTest, "AddTest")]
        case OutcomeRoutes.postJob.template.text:
            next = [Self.next(OutcomeRoutes.jobJSON, "ReadJob"), Self.next(OutcomeRoutes.recommendationsJSON, "Recommendations"),
                    Self.next(OutcomeRoutes.applicationsJSON, "Applicants")]
        case OutcomeRoutes.runMatching.template.text:
            next = [Self.next(OutcomeRoutes.matchingRoundJSON, "ReadRound")]
        default:
            // A record of the generic resources: read it, change it where it can change, follow its sub-resources.
            guard let resource = ResourceRegistry.all.first(where: { op.path == APIEndpoint.prefix + "/" + $0.slug }) else { return [] }
            let one = op.path + "/{id}"
            next = [("get", one, "Read")] + (resource.editable ? [("patch", one, "Change")] : [])
                + (resource.slug == CohortResource.slug ? [
                    Self.next(AttendanceRoutes.scheduleJSON, "Schedule"), Self.next(AssignmentRoutes.listJSON, "Assignments"),
                    Self.next(AttendanceRoutes.rosterJSON, "Roster"), Self.next(AssignmentRoutes.mentorsJSON, "Mentors"),
                    Self.next(AssignmentRoutes.create, "AddAssignment"), Self.next(AssignmentRoutes.addMentor, "AddMentor")] : [])
                + (resource.slug == EnrollmentResource.slug ? [Self.next(EnrollmentRoutes.transitionsJSON, "Transitions")] : [])
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
