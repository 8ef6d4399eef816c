import IeumCore
import Vapor

/// One's own account: tokens, the second factor, sessions, confirming the password again, one's data.
enum AccountRoutes {
    // MARK: Pages
    static let secondFactorLogin = Path0("/login/second-factor")
    static let secondFactorSetup = Path0("/account/second-factor")
    static let sessions = Path0("/sessions")
    static let endSession = Path1<Int>("/sessions/{sessionID}/end")
    static let endOthers = Path0("/sessions/end-others")
    static let reauth = Path0("/reauth")
    static let data = Path0("/account/data")
    static let dataJSON = Path0("/account/data.json")
    static let dataCSV = Path0("/account/data.csv")
    static let deletion = Path0("/account/deletion")

    // MARK: API
    static let issueToken = APIEndpoint(.POST, "/api/v1/auth/token", access: .open,
                                        summary: "Exchange e-mail and password for a bearer token", tag: "auth", input: LoginController.tokenBody)
    static let revokeToken = APIEndpoint(.DELETE, "/api/v1/auth/token", access: .member,
                                         summary: "End the bearer token used for this request", tag: "auth", status: 204)
    static let reauthJSON = APIEndpoint(.POST, "/api/v1/auth/reauth", access: .member,
                                        summary: "Confirm your password before a sensitive action (valid 5 minutes)", tag: "auth",
                                        status: 204, input: ReauthController.body)
    static let sessionsJSON = APIEndpoint(.GET, "/api/v1/sessions", access: .member,
                                          summary: "Your browser sessions and API tokens", tag: "auth")
    static let endSessionJSON = APIEndpoint(.DELETE, "/api/v1/sessions/{sessionID}", access: .member,
                                            summary: "End one of your sessions or tokens", tag: "auth", status: 204)
    static let me = APIEndpoint(.GET, "/api/v1/me", access: .member,
                                summary: "The person behind the token and their roles", tag: "auth")
    static let myData = APIEndpoint(.GET, "/api/v1/me/data", access: .member,
                                    summary: "Everything Ieum holds about you (needs a recent password)", tag: "privacy")
    static let deletionRequest = APIEndpoint(.POST, "/api/v1/me/deletion-request", access: .member,
                                             summary: "Close your account and have your data deleted by the retention schedule", tag: "privacy",
                                             status: 202, output: AccountDataController.DeletionOutput.self)

    static let api: [APIEndpoint] = [issueToken, revokeToken, reauthJSON, sessionsJSON, endSessionJSON, me, myData, deletionRequest]
}
