import IeumCore
import Vapor

/// A cohort's completion (수료) decisions.
enum CompletionRoutes {
    // MARK: Pages
    static let completion = Path1<Int>("/cohorts/{id}/completion")

    // MARK: API
    static let completionJSON = APIEndpoint(.GET, "/api/v1/cohorts/{id}/completion", access: .member,
        summary: "Each trainee's completion proposal from the rules (attendance, graded work) and, once closed, the decisions", tag: "completion")
    static let closeCompletion = APIEndpoint(.POST, "/api/v1/cohorts/{id}/completion", access: .member,
        summary: "Close the cohort: decisions [{enrollment_id, outcome, reason}] (left out = the proposal; against it needs a reason); completers get certificates", tag: "completion", input: CompletionInput.body)

    static let api: [APIEndpoint] = [completionJSON, closeCompletion]
}
