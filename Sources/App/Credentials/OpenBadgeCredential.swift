import Foundation
import Vapor

/// An Open Badges 3.0 `OpenBadgeCredential` (a W3C Verifiable Credential) in its VC-JWT form (OB 3.0 §8.2): the
/// credential's members at the top of the JWT payload, with the registered claims `iss` (= issuer.id),
/// `jti` (= id) and `nbf` (= validFrom). The holder has no DID, so the subject carries an `IdentityObject` with
/// the name as printed on the certificate instead of an `id` (and there is no `sub`).
struct OpenBadgeCredential: Codable, Equatable {
    struct Profile: Codable, Equatable {
        var id: String
        var type = ["Profile"]
        var name: String
        var url: String?
        var address: Address?
    }

    struct Address: Codable, Equatable {
        var type = ["Address"]
        var addressRegion: String
        var addressCountry = "KR"
    }

    struct Criteria: Codable, Equatable { var narrative: String }

    struct Achievement: Codable, Equatable {
        var id: String
        var type = ["Achievement"]
        var achievementType = "Certificate"
        var name: String
        var description: String
        var criteria: Criteria
        var fieldOfStudy: String
        var tag: [String]
    }

    struct IdentityObject: Codable, Equatable {
        var type = "IdentityObject"
        var identityHash: String
        var identityType = "name"
        var hashed = false
    }

    struct Subject: Codable, Equatable {
        var type = ["AchievementSubject"]
        var identifier: [IdentityObject]
        var achievement: Achievement
        /// The campus that trained and assessed the graduate on the operator's behalf.
        var source: Profile
        var activityStartDate: String
        var activityEndDate: String
    }

    struct Status: Codable, Equatable {
        var id: String
        var type = "1EdTechRevocationList"
    }

    var context = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
    var id: String
    var type = ["VerifiableCredential", "OpenBadgeCredential"]
    var issuer: Profile
    var validFrom: String
    var name: String
    var credentialSubject: Subject
    var credentialStatus: Status
    var iss: String
    var jti: String
    var nbf: Int

    enum CodingKeys: String, CodingKey {
        case context = "@context"
        case id, type, issuer, validFrom, name, credentialSubject, credentialStatus, iss, jti, nbf
    }

    /// The number after `/issuers/` in an issuer id: the operator whose keys must have signed.
    static func operatorID(fromIssuer issuer: String) -> Int? {
        guard let range = issuer.range(of: CredentialRoutes.issuerPrefix, options: .backwards) else { return nil }
        return Int(issuer[range.upperBound...])
    }
}

extension OpenBadgeCredential.Profile: Content {}
