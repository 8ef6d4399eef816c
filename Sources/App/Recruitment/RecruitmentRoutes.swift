import IeumCore
import Vapor

/// Every path of recruitment and selection (issue 7): the catalogue, applications and their files, the coding
/// test, reviews, selection and the funnel, declared once for the router, the pages' links and the document.
enum RecruitmentRoutes {
    // MARK: Pages
    static let catalogue = Path0("/apply")
    static let course = Path1<Int>("/apply/{cohortID}")
    static let form = Path1<Int>("/apply/{cohortID}/form")
    static let formFile = Path2<Int, String>("/apply/{cohortID}/form/files/{key}")
    static let mine = Path0("/admissions")
    static let messages = Path0("/messages")
    static let admission = Path1<Int>("/admissions/{admissionID}")
    static let admissionFile = Path2<Int, String>("/admissions/{admissionID}/files/{key}")
    static let withdraw = Path1<Int>("/admissions/{admissionID}/withdraw")
    static let confirm = Path1<Int>("/admissions/{admissionID}/confirm")
    static let decline = Path1<Int>("/admissions/{admissionID}/decline")
    static let reopen = Path1<Int>("/admissions/{admissionID}/reopen")
    static let state = Path1<Int>("/admissions/{admissionID}/state")
    static let test = Path1<Int>("/admissions/{admissionID}/test")
    static let startTest = Path1<Int>("/admissions/{admissionID}/test/start")
    static let answerTest = Path2<Int, Int>("/admissions/{admissionID}/test/{assignmentID}")
    static let settings = Path1<Int>("/cohorts/{id}/recruitment")
    static let publish = Path1<Int>("/cohorts/{id}/recruitment/publish")
    static let cohortAdmissions = Path1<Int>("/cohorts/{id}/admissions")
    static let advance = Path1<Int>("/cohorts/{id}/admissions/advance")
    static let reviewers = Path1<Int>("/cohorts/{id}/admissions/reviewers")
    static let selection = Path1<Int>("/cohorts/{id}/selection")
    static let enroll = Path1<Int>("/cohorts/{id}/selection/enroll")
    static let closeWaitlistPage = Path1<Int>("/cohorts/{id}/selection/close-waitlist")
    static let reviews = Path0("/admission-reviews")
    static let review = Path1<Int>("/admission-reviews/{reviewID}")
    static let funnel = Path0("/kpis/recruitment")

    // MARK: API
    static let catalogueJSON = APIEndpoint(.GET, "/api/v1/catalogue", access: .open,
        summary: "Courses open or about to open for applications (no account needed; ?region=)", tag: "recruitment", query: [("region", "string")])
    static let catalogueEntryJSON = APIEndpoint(.GET, "/api/v1/catalogue/{cohortID}", access: .open,
        summary: "One course in the catalogue, with its eligibility in words", tag: "recruitment")
    static let myAdmissionsJSON = APIEndpoint(.GET, "/api/v1/me/admissions", access: .member,
        summary: "Your course applications and where they stand", tag: "recruitment")
    static let saveAdmission = APIEndpoint(.POST, "/api/v1/admissions", access: .member,
        summary: "Save your application to cohort_id as a draft, or send it with submit=true (judged against the eligibility rules at once)", tag: "recruitment", input: AdmissionForm.saveBody, output: AdmissionOutput.self)
    static let admissionJSON = APIEndpoint(.GET, "/api/v1/admissions/{admissionID}", access: .member,
        summary: "An application with its history (the applicant, or the campus's staff; logged)", tag: "recruitment")
    static let withdrawJSON = APIEndpoint(.POST, "/api/v1/admissions/{admissionID}/withdraw", access: .member,
        summary: "Withdraw your application", tag: "recruitment")
    static let confirmJSON = APIEndpoint(.POST, "/api/v1/admissions/{admissionID}/confirm", access: .member,
        summary: "Confirm the place you were selected for (before confirm_by)", tag: "recruitment")
    static let declineJSON = APIEndpoint(.POST, "/api/v1/admissions/{admissionID}/decline", access: .member,
        summary: "Decline your place (the waitlist moves up)", tag: "recruitment")
    static let stateJSON = APIEndpoint(.POST, "/api/v1/admissions/{admissionID}/state", access: .member,
        summary: "Staff: move one application to screening, test, review or not_selected (with a note)", tag: "recruitment", input: RecruitmentController.stateBody)
    static let testJSON = APIEndpoint(.GET, "/api/v1/admissions/{admissionID}/test", access: .member,
        summary: "Your coding test: minutes, start and end, and once started the problems with their samples and your attempts", tag: "recruitment")
    static let startTestJSON = APIEndpoint(.POST, "/api/v1/admissions/{admissionID}/test/start", access: .member,
        summary: "Start your timed coding test (at the test stage; the clock runs from now)", tag: "recruitment")
    static let answerTestJSON = APIEndpoint(.POST, "/api/v1/admissions/{admissionID}/test/{assignmentID}/submissions", access: .member,
        summary: "Send an answer (language, source) while your test time lasts; graded in the sandbox", tag: "recruitment", status: 202, input: CodingTest.submitBody, output: CodingTestOutput.Attempt.self)
    static let messagesJSON = APIEndpoint(.GET, "/api/v1/me/messages", access: .member,
        summary: "Your messages (every application status change)", tag: "recruitment")
    static let settingsJSON = APIEndpoint(.GET, "/api/v1/cohorts/{id}/recruitment", access: .member,
        summary: "The cohort's recruitment settings (defaults until saved)", tag: "recruitment")
    static let saveSettings = APIEndpoint(.PUT, "/api/v1/cohorts/{id}/recruitment", access: .member,
        summary: "Change the recruitment settings (dates, eligibility, questions as lines, rubric as lines, resident share …)", tag: "recruitment", input: RecruitmentSettings.saveBody)
    static let publishJSON = APIEndpoint(.POST, "/api/v1/cohorts/{id}/recruitment/publish", access: .member,
        summary: "Publish (published=true) or withdraw (false) the recruitment from the catalogue", tag: "recruitment", input: RecruitmentController.publishBody)
    static let cohortAdmissionsJSON = APIEndpoint(.GET, "/api/v1/cohorts/{id}/admissions", access: .member,
        summary: "The cohort's applications with the funnel, review counts and score spread", tag: "recruitment")
    static let advanceJSON = APIEndpoint(.POST, "/api/v1/cohorts/{id}/admissions/advance", access: .member,
        summary: "Move every application of one stage (from=submitted|screening|test) to the next", tag: "recruitment", input: RecruitmentController.advanceBody)
    static let assignReviewersJSON = APIEndpoint(.POST, "/api/v1/cohorts/{id}/admissions/reviewers", access: .member,
        summary: "Assign reviewers (reviewers=\"1,2,3\") to the applications in review, each getting the configured number", tag: "recruitment", input: RecruitmentController.reviewersBody)
    static let selectionJSON = APIEndpoint(.GET, "/api/v1/cohorts/{id}/selection", access: .member,
        summary: "The selection computed from the current scores (or, once applied, its result)", tag: "recruitment")
    static let runSelection = APIEndpoint(.POST, "/api/v1/cohorts/{id}/selection", access: .member,
        summary: "Compute with overrides (override_<id>=select|exclude, reason_<id>) and apply it with apply=true", tag: "recruitment", input: SelectionController.runBody)
    static let enrollSelected = APIEndpoint(.POST, "/api/v1/cohorts/{id}/selection/enroll", access: .member,
        summary: "Enroll every applicant who confirmed their place", tag: "recruitment")
    static let closeWaitlist = APIEndpoint(.POST, "/api/v1/cohorts/{id}/selection/close-waitlist", access: .member,
        summary: "Tell everyone still waiting that they were not selected", tag: "recruitment")
    static let reviewsJSON = APIEndpoint(.GET, "/api/v1/admission-reviews", access: .member,
        summary: "The applications assigned to you for review", tag: "recruitment")
    static let reviewJSON = APIEndpoint(.GET, "/api/v1/admission-reviews/{reviewID}", access: .member,
        summary: "An assigned application as the reviewer sees it (blind review leaves out name, age, gender and school)", tag: "recruitment")
    static let saveReview = APIEndpoint(.PUT, "/api/v1/admission-reviews/{reviewID}", access: .member,
        summary: "Score the application: one 1–5 score per rubric criterion (c1, c2 …) and a comment", tag: "recruitment", input: AdmissionReviewController.scoreBody)
    static let funnelJSON = APIEndpoint(.GET, "/api/v1/kpis/recruitment", access: .member,
        summary: "The recruitment funnel (applied, eligible, tested, reviewed, selected, enrolled) by operator, by cohort (an operator's own) and by where applicants live", tag: "kpis")

    static let api: [APIEndpoint] = [
        catalogueJSON, catalogueEntryJSON, myAdmissionsJSON, saveAdmission, admissionJSON,
        withdrawJSON, confirmJSON, declineJSON, stateJSON, testJSON,
        startTestJSON, answerTestJSON, messagesJSON, settingsJSON, saveSettings,
        publishJSON, cohortAdmissionsJSON, advanceJSON, assignReviewersJSON, selectionJSON,
        runSelection, enrollSelected, closeWaitlist, reviewsJSON, reviewJSON,
        saveReview, funnelJSON,
    ]
}
