import Vapor

/// An applicant's own account, before anyone knows them.
enum SignUpRoutes {
    static let form = Path0("/signup")
    static let confirm = Path0("/signup/confirm")

    static let signUp = APIEndpoint(.POST, "/api/v1/signup", access: .open,
                                    summary: "Start an applicant account (name, email, phone, password): the same answer for every address; a message with a link goes to the address",
                                    tag: "recruitment", status: 202, input: SignUp.signUpBody, output: SignUp.Sent.self)
    static let confirmJSON = APIEndpoint(.POST, "/api/v1/signup/confirm", access: .open,
                                         summary: "Finish signing up with the link's token and the password chosen; then get a token",
                                         tag: "recruitment", status: 201, input: SignUp.confirmBody, output: SignUp.Created.self)

    static let api: [APIEndpoint] = [signUp, confirmJSON]
}
