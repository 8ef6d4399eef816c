import IeumCore
import Vapor

/// Certificates: one's own, their public verification, the issuers' keys and revocations.
enum CredentialRoutes {
    // MARK: Pages
    static let verify = Path0("/verify")
    static let verification = Path1<String>("/verify/{credentialID}")
    static let keys = Path0("/.well-known/jwks.json")
    static let issuer = Path1<Int>("/issuers/{operatorID}")
    /// The id of a course's achievement in its certificates (an identifier, not a page).
    static let achievement = Path1<Int>("/courses/{id}/achievement")
    /// What comes before the operator's number in an issuer's id.
    static let issuerPrefix = "/issuers/"
    static let issuerKeys = Path1<Int>("/issuers/{operatorID}/jwks.json")
    static let revocations = Path1<Int>("/issuers/{operatorID}/revocations")
    static let certificates = Path0("/certificates")
    static let certificate = Path1<String>("/certificates/{credentialID}")
    static let credentialFile = Path1<String>("/certificates/{credentialID}/credential.jwt")
    static let revoke = Path1<String>("/certificates/{credentialID}/revoke")

    // MARK: API
    static let myCredentialsJSON = APIEndpoint(.GET, "/api/v1/me/credentials", access: .member,
        summary: "Your certificates (signed Open Badges 3.0 JWT-VCs)", tag: "completion")
    static let credentialJSON = APIEndpoint(.GET, "/api/v1/credentials/{credentialID}", access: .member,
        summary: "A certificate with its JWT (holder, program managers, the campus's staff)", tag: "completion")
    static let revokeJSON = APIEndpoint(.POST, "/api/v1/credentials/{credentialID}/revoke", access: .member,
        summary: "Revoke a certificate with a reason (shown to verifiers)", tag: "completion", input: CredentialController.revokeBody)
    static let verifyJSON = APIEndpoint(.POST, "/api/v1/credentials/verify", access: .open,
        summary: "Verify a credential (JWT): format, signature, issuer, dates, revocation", tag: "completion", input: VerifyInput.body)
    static let verificationJSON = APIEndpoint(.GET, "/api/v1/credentials/{credentialID}/verification", access: .open,
        summary: "Verify a certificate issued by this Ieum, by its id", tag: "completion")

    static let api: [APIEndpoint] = [myCredentialsJSON, credentialJSON, revokeJSON, verifyJSON, verificationJSON]
}
