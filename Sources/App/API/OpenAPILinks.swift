/// The document's response links: what a client (or schemathesis's stateful phase) can do next with a record an
/// answer holds — the one a create answered with, or the first of a list — its id filling the next operation's
/// path parameter, or a field of the next create's body (a campus for the operator just made).
enum OpenAPILinks {
    struct Link {
        let name: String
        let method: String
        let path: String
        /// The next operation's path parameter and the runtime expression (over this answer) that fills it.
        var parameter: (name: String, value: String)?
        var bodyField: (name: String, value: String)?
    }

    private typealias Next = (method: String, path: String, name: String)

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

    /// Lists whose records are read on by another operation: (list, the field of an item, what takes it).
    /// Only reads: a walk from a list must not end the records the rest of the run works with.
    private static let browses: [(APIEndpoint, String, [Next])] = [
        (OutcomeRoutes.jobsJSON, "id", [next(OutcomeRoutes.jobJSON, "ReadJob"), next(OutcomeRoutes.recommendationsJSON, "Recommendations"),
                                        next(OutcomeRoutes.applicationsJSON, "Applicants")]),
        (OutcomeRoutes.recommendationsJSON, "person_id", [next(OutcomeRoutes.graduateJSON, "ReadGraduate")]),
        (OutcomeRoutes.followUpsJSON, "enrollment_id", [("get", APIEndpoint.prefix + EnrollmentResource.path + "/{id}", "ReadEnrollment")]),
        (AssignmentRoutes.listJSON, "id", [next(AssignmentRoutes.showJSON, "ReadAssignment")]),
        (CredentialRoutes.myCredentialsJSON, "id", [next(CredentialRoutes.credentialJSON, "ReadCredential"),
                                                    next(CredentialRoutes.verificationJSON, "Verify")]),
        (RecruitmentRoutes.myAdmissionsJSON, "id", [next(RecruitmentRoutes.admissionJSON, "ReadAdmission"), next(RecruitmentRoutes.testJSON, "CodingTest")]),
        (RecruitmentRoutes.myAdmissionsJSON, "cohort_id", [next(RecruitmentRoutes.catalogueEntryJSON, "ReadCourse")]),
        (RecruitmentRoutes.reviewsJSON, "review_id", [next(RecruitmentRoutes.reviewJSON, "ReadReview")]),
        (RecruitmentRoutes.catalogueJSON, "cohort_id", [next(RecruitmentRoutes.catalogueEntryJSON, "ReadCourse")]),
    ]

    private static let known = Set(OpenAPIDocument.operations().map { $0.method + " " + $0.path })

    private static func next(_ endpoint: APIEndpoint, _ name: String) -> Next {
        (endpoint.operation.method, endpoint.template.text, name)
    }

    /// What can be done with one record of a generic resource: read it, change it where it can change, follow its
    /// sub-resources.
    private static func onRecord(_ resource: AnyResource, changes: Bool) -> [Next] {
        let one = APIEndpoint.prefix + "/" + resource.slug + "/{id}"
        var next: [Next] = [("get", one, "Read")] + (resource.editable && changes ? [("patch", one, "Change")] : [])
        switch resource.slug {
        case CohortResource.slug:
            next += [Self.next(AttendanceRoutes.scheduleJSON, "Schedule"), Self.next(AssignmentRoutes.listJSON, "Assignments"),
                     Self.next(AttendanceRoutes.rosterJSON, "Roster"), Self.next(AssignmentRoutes.mentorsJSON, "Mentors"),
                     Self.next(AttendanceRoutes.matrixJSON, "Attendance"), Self.next(AssignmentRoutes.gradebookJSON, "Gradebook"),
                     Self.next(CompletionRoutes.completionJSON, "Completion"), Self.next(RecruitmentRoutes.settingsJSON, "Recruitment"),
                     Self.next(RecruitmentRoutes.cohortAdmissionsJSON, "Admissions"), Self.next(RecruitmentRoutes.selectionJSON, "Selection"),
                     Self.next(InvitationRoutes.cohortJSON, "Invitations")]
            next += [Self.next(AssignmentRoutes.create, "AddAssignment")] + (changes ? [Self.next(AssignmentRoutes.addMentor, "AddMentor")] : [])
        case EnrollmentResource.slug: next += [Self.next(EnrollmentRoutes.transitionsJSON, "Transitions")]
        case PersonResource.slug: next += [Self.next(PeopleRoutes.identifiersJSON, "Identifiers")]
        case ProgramResource.slug: next += [Self.next(AttendanceRoutes.rulesJSON, "AttendanceRules")]
        case CampusResource.slug: next += [Self.next(AttendanceRoutes.checkInCode, "CheckInCode")]
        default: break
        }
        return next
    }

    static func from(_ op: OpenAPIDocument.Operation) -> [Link] {
        (op.method == "post" && op.status == 201 ? fromCreate(op) : []) + (op.method == "get" && op.status == 200 ? fromList(op) : [])
    }

    /// The operations that take the created record's id, by the path the create answers on.
    private static func fromCreate(_ op: OpenAPIDocument.Operation) -> [Link] {
        let next: [Next]
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
            guard let resource = ResourceRegistry.all.first(where: { op.path == APIEndpoint.prefix + "/" + $0.slug }) else { return [] }
            next = onRecord(resource, changes: true)
        }
        return links(next, taking: "$response.body#/id") + fed(from: op, taking: "$response.body#/id")
    }

    private static func fed(from op: OpenAPIDocument.Operation, taking value: String) -> [Link] {
        feeds.filter { $0.0 == op.path && known.contains("post " + $0.1) }.map { _, path, name, field in
            Link(name: name, method: "post", path: path, bodyField: (field, value))
        }
    }

    /// The operations that take the first listed record: a generic resource's page of records, or a list of its own.
    /// Changes are left to the records a walk created; records are added under listed ones (a campus to an operator).
    private static func fromList(_ op: OpenAPIDocument.Operation) -> [Link] {
        if let resource = ResourceRegistry.all.first(where: { op.path == APIEndpoint.prefix + "/" + $0.slug }) {
            return links(onRecord(resource, changes: false), taking: "$response.body#/items/0/id") + fed(from: op, taking: "$response.body#/items/0/id")
        }
        return browses.filter { $0.0.template.text == op.path }.flatMap { _, field, next in links(next, taking: "$response.body#/0/" + field) }
    }

    private static func links(_ next: [Next], taking value: String) -> [Link] {
        next.filter { known.contains($0.method + " " + $0.path) }.map { method, path, name in
            Link(name: name, method: method, path: path, parameter: (OpenAPIDocument.pathParameters(path).last ?? "id", value))
        }
    }
}
