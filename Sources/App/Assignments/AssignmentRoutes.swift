import IeumCore
import Vapor

/// Every path of graded coding work (assignments, submissions, review, gradebook, a cohort's mentors), declared
/// once: pages link with these, the router registers them, the API's entries are what the document says.
enum AssignmentRoutes {
    // MARK: Pages
    static let mine = Path0("/assignments")
    static let reviews = Path0("/reviews")
    static let cohortAssignments = Path1<Int>("/cohorts/{id}/assignments")
    static let newAssignment = Path1<Int>("/cohorts/{id}/assignments/new")
    static let assignment = Path1<Int>("/assignments/{assignmentID}")
    static let editAssignment = Path1<Int>("/assignments/{assignmentID}/edit")
    static let tests = Path1<Int>("/assignments/{assignmentID}/tests")
    static let deleteTest = Path2<Int, Int>("/assignments/{assignmentID}/tests/{testID}/delete")
    static let regrade = Path1<Int>("/assignments/{assignmentID}/regrade")
    static let submit = Path1<Int>("/assignments/{assignmentID}/submissions")
    static let submission = Path1<Int>("/submissions/{submissionID}")
    static let diff = Path1<Int>("/submissions/{submissionID}/diff")
    static let submissionStatus = Path1<Int>("/submissions/{submissionID}/status")
    static let comments = Path1<Int>("/submissions/{submissionID}/comments")
    static let review = Path1<Int>("/submissions/{submissionID}/review")
    static let gradebook = Path1<Int>("/cohorts/{id}/gradebook")
    static let traineeGrades = Path2<Int, Int>("/cohorts/{id}/gradebook/{personID}")
    static let gradebookExport = Path1<Int>("/cohorts/{id}/gradebook/export")
    static let mentors = Path1<Int>("/cohorts/{id}/mentors")
    static let removeMentor = Path2<Int, Int>("/cohorts/{id}/mentors/{personID}/remove")

    // MARK: API
    static let listJSON = APIEndpoint(.GET, "/api/v1/cohorts/{id}/assignments", access: .member,
                                      summary: "The cohort's coding assignments (hidden tests only for their authors)", tag: "assignments")
    static let create = APIEndpoint(.POST, "/api/v1/cohorts/{id}/assignments", access: .member,
                                    summary: "Create an assignment (languages as \"c,python3\"; deadline as 2026-12-01T18:00 KST)", tag: "assignments",
                                    status: 201, input: AssignmentForm.body(creating: true), output: AssignmentOutput.self)
    static let showJSON = APIEndpoint(.GET, "/api/v1/assignments/{assignmentID}", access: .member,
                                      summary: "An assignment with its tests", tag: "assignments")
    static let update = APIEndpoint(.PUT, "/api/v1/assignments/{assignmentID}", access: .member,
                                    summary: "Change an assignment", tag: "assignments", input: AssignmentForm.body(creating: false))
    static let addTest = APIEndpoint(.POST, "/api/v1/assignments/{assignmentID}/tests", access: .member,
                                     summary: "Add a test (input, expected, weight, is_sample)", tag: "assignments",
                                     status: 201, input: AssignmentForm.testBody, output: AssignmentOutput.self)
    static let removeTest = APIEndpoint(.DELETE, "/api/v1/assignments/{assignmentID}/tests/{testID}", access: .member,
                                        summary: "Remove a test", tag: "assignments", status: 204)
    static let regradeJSON = APIEndpoint(.POST, "/api/v1/assignments/{assignmentID}/regrade", access: .member,
                                         summary: "Put every submission of the assignment back in the grading queue", tag: "assignments")
    static let handIn = APIEndpoint(.POST, "/api/v1/assignments/{assignmentID}/submissions", access: .member,
                                    summary: "Hand in code (trainees): {language, source} only (other fields 422); line ends stored as LF; NUL or other control characters refused (422, the line named); stored and queued at once, graded in the sandbox",
                                    tag: "assignments", status: 202, input: Submissions.body, output: SubmissionOutput.self)
    static let submissionJSON = APIEndpoint(.GET, "/api/v1/submissions/{submissionID}", access: .member,
                                            summary: "A submission: state, verdict, points and the counted score (a mentor's replaces the grader's, with scored_by); per test the verdict, CPU, memory, exit_code, signal and signal_name; sample tests also input, expected, output and error_output",
                                            tag: "assignments")
    static let thread = APIEndpoint(.GET, "/api/v1/submissions/{submissionID}/review", access: .member,
                                    summary: "The mentors' line comments (line..line_end) and reviews of a submission, with who wrote them", tag: "assignments")
    static let comment = APIEndpoint(.POST, "/api/v1/submissions/{submissionID}/comments", access: .member,
                                     summary: "Comment on a line or a range of lines (mentors): {line, line_end?, body} only; line_end not before line, both within the code",
                                     tag: "assignments", status: 201, input: ReviewPages.commentBody, output: ReviewPages.CommentOutput.self)
    static let reviewJSON = APIEndpoint(.POST, "/api/v1/submissions/{submissionID}/review", access: .member,
                                        summary: "Score and feedback on a submission (mentors): {score?, feedback} only; marks it reviewed and notifies the trainee",
                                        tag: "assignments", status: 201, input: ReviewPages.reviewBody, output: ReviewPages.ReviewOutput.self)
    static let gradebookJSON = APIEndpoint(.GET, "/api/v1/cohorts/{id}/gradebook", access: .member,
                                           summary: "Trainees × assignments: best score, attempts, late work", tag: "assignments")
    static let mentorsJSON = APIEndpoint(.GET, "/api/v1/cohorts/{id}/mentors", roles: CohortMentors.readers,
                                         summary: "The mentors assigned to the cohort (they see only their cohorts and mentees)", tag: "cohorts")
    static let addMentor = APIEndpoint(.POST, "/api/v1/cohorts/{id}/mentors", roles: Roles.campusManagers,
                                       summary: "Assign one of the academy's mentors to the cohort (person_id)", tag: "cohorts", input: CohortMentors.addBody)
    static let unassignMentor = APIEndpoint(.DELETE, "/api/v1/cohorts/{id}/mentors/{personID}", roles: Roles.campusManagers,
                                            summary: "Unassign a mentor from the cohort", tag: "cohorts", status: 204)

    static let api: [APIEndpoint] = [
        listJSON, create, showJSON, update, addTest, removeTest, regradeJSON, handIn, submissionJSON, thread, comment, reviewJSON,
        gradebookJSON, mentorsJSON, addMentor, unassignMentor,
    ]
}
