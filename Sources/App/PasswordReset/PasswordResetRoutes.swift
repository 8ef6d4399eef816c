import Vapor

/// Choosing a new password through a link sent to the account's address.
enum PasswordResetRoutes {
    static let request = Path0("/password-reset")
    static let choose = Path0("/password-reset/new")

    static let requestJSON = APIEndpoint(.POST, "/api/v1/password-reset", access: .open,
                                         summary: "Ask for a link to choose a new password: the same answer for every address; the link goes to the account's address",
                                         tag: "auth", status: 202, input: PasswordReset.requestBody, output: PasswordReset.Sent.self)
    static let chooseJSON = APIEndpoint(.POST, "/api/v1/password-reset/confirm", access: .open,
                                        summary: "Choose the new password with the link's token; every session of the account ends",
                                        tag: "auth", status: 204, input: PasswordReset.chooseBody)

    static let api: [APIEndpoint] = [requestJSON, chooseJSON]
}
