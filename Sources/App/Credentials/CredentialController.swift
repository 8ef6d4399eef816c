import Fluent
import Foundation
import IeumCore
import Vapor

struct CredentialOutput: Content {
    let id: String
    let enrollmentID: Int
    let personID: Int
    let operatorID: Int
    let campusID: Int
    let cohortID: Int
    let credential: String
    let issuedAt: Date
    let revokedAt: Date?
    let revocationReason: String?
    let verifyURL: String
    enum CodingKeys: String, CodingKey {
        case id, credential
        case enrollmentID = "enrollment_id"
        case personID = "person_id"
        case operatorID = "operator_id"
        case campusID = "campus_id"
        case cohortID = "cohort_id"
        case issuedAt = "issued_at"
        case revokedAt = "revoked_at"
        case revocationReason = "revocation_reason"
        case verifyURL = "verify_url"
    }
}

/// The 1EdTech revocation list an issuer publishes, named by every credential's `credentialStatus`.
struct RevocationListOutput: Content {
    struct Entry: Content { let id: String; let revocationReason: String; let revokedAt: Date }
    let id: String
    let issuer: String
    let revokedCredentials: [Entry]
}

struct VerifyInput: Content {
    let credential: String
    static let body = Body([.text("credential", max: 20_000)])
}

/// Certificates: the holder's printable page and download, staff revocation, and the public side — verification
/// page and endpoint, the issuers' keys (JWKS), profiles and revocation lists.
enum CredentialController {
    static func register(site: any RoutesBuilder, member: any RoutesBuilder, api: any RoutesBuilder, apiMember: any RoutesBuilder) {
        let routes = CredentialRoutes.self
        site.register(.GET, routes.verify.template, use: verifyForm)
        site.register(.POST, routes.verify.template, use: verifyPasted)
        site.register(.GET, routes.verification.template, use: verifyPage)
        site.register(.GET, routes.keys.template, use: jwks)
        site.register(.GET, routes.issuer.template, use: issuerProfile)
        site.register(.GET, routes.issuerKeys.template, use: jwks)
        site.register(.GET, routes.revocations.template, use: revocations)
        api.register(routes.verifyJSON, use: verifyJSON)
        api.register(routes.verificationJSON, use: verificationJSON)

        let read: [any Middleware] = [CredentialGuard(mode: .read)], revoker: [any Middleware] = [CredentialGuard(mode: .revoke)]
        member.register(.GET, routes.certificates.template, use: mine)
        member.register(.GET, routes.certificate.template, guards: read, use: certificatePage)
        member.register(.GET, routes.credentialFile.template, guards: read, use: download)
        member.register(.POST, routes.revoke.template, guards: revoker, action: revocation,
                        next: { _, credential in CredentialRoutes.certificate(credential.publicID) },
                        retry: { req, _, errors in
                            try await CredentialPages.certificate(req, credential: try req.loaded(IssuedCredential.self), revokeError: errors.first?.message)
                        })
        apiMember.register(routes.myCredentialsJSON, use: mineJSON)
        apiMember.register(routes.credentialJSON, guards: read, use: json)
        apiMember.register(routes.revokeJSON, guards: revoker, action: revocation) { req, credential in output(credential, req) }
    }

    static func output(_ c: IssuedCredential, _ req: Request) -> CredentialOutput {
        CredentialOutput(id: c.publicID, enrollmentID: c.$enrollment.id, personID: c.personID, operatorID: c.operatorID,
                         campusID: c.campusID, cohortID: c.cohortID, credential: c.jwt, issuedAt: c.issuedAt, revokedAt: c.revokedAt,
                         revocationReason: c.revocationReason, verifyURL: req.linkBase + CredentialRoutes.verification(c.publicID))
    }

    // MARK: Public

    @Sendable static func jwks(_ req: Request) async throws -> Response {
        // `/.well-known/jwks.json` has every issuer's keys, `/issuers/{id}/jwks.json` one issuer's.
        let operatorID = req.parameters.get("operatorID", as: Int.self)
        if req.parameters.get("operatorID") != nil && operatorID == nil { throw AppError.notFound() }
        let keys = try await IssuerKeys.published(operatorID: operatorID, on: req.db).map(IssuerKeys.jwk)
        let response = try await JWKSet(keys: keys).encodeResponse(for: req)
        response.headers.contentType = HTTPMediaType(type: "application", subType: "jwk-set+json")
        return response
    }

    @Sendable static func issuerProfile(_ req: Request) async throws -> OpenBadgeCredential.Profile {
        guard let id = req.parameters.get("operatorID", as: Int.self), let op = try await Operator.find(id, on: req.db) else {
            throw AppError.notFound()
        }
        let base = try req.publicBase
        return OpenBadgeCredential.Profile(id: base + CredentialRoutes.issuer(id), name: op.name, url: base + CredentialRoutes.issuerKeys(id))
    }

    @Sendable static func revocations(_ req: Request) async throws -> RevocationListOutput {
        guard let id = req.parameters.get("operatorID", as: Int.self), try await Operator.find(id, on: req.db) != nil else {
            throw AppError.notFound()
        }
        let revoked = try await IssuedCredential.query(on: req.db).filter(\.$operatorID == id).filter(\.$revokedAt != nil)
            .sort(\.$revokedAt).all()
        let issuer = try req.publicBase + CredentialRoutes.issuer(id)
        return RevocationListOutput(id: try req.publicBase + CredentialRoutes.revocations(id), issuer: issuer, revokedCredentials: revoked.map {
            .init(id: "urn:uuid:\($0.publicID)", revocationReason: $0.revocationReason ?? "", revokedAt: $0.revokedAt ?? $0.issuedAt)
        })
    }

    @Sendable static func verifyJSON(_ req: Request) async throws -> VerificationOutput {
        let input = try req.checkedContent(VerifyInput.self, otherwise: Localized(
            "검증할 인증서(JWT)를 credential에 넣어 보내세요.", "Send the credential (the JWT) as credential."))
        guard input.credential.utf8.count <= 20_000 else {
            throw AppError.badRequest(Localized("인증서가 너무 깁니다.", "The credential is too long."))
        }
        return try await CredentialVerifier.verify(input.credential, lang: req.lang, now: req.now, on: req.db)
    }

    @Sendable static func verificationJSON(_ req: Request) async throws -> VerificationOutput {
        try await CredentialVerifier.verify(try await IssuedCredential.named(in: req).jwt, lang: req.lang, now: req.now, on: req.db)
    }

    @Sendable static func verifyPage(_ req: Request) async throws -> Response {
        let credential = try await IssuedCredential.named(in: req)
        let result = try await CredentialVerifier.verify(credential.jwt, lang: req.lang, now: req.now, on: req.db)
        return CredentialPages.verification(req, result: result, token: credential.jwt)
    }

    @Sendable static func verifyForm(_ req: Request) async throws -> Response {
        CredentialPages.verifyForm(req, pasted: "", error: nil)
    }

    @Sendable static func verifyPasted(_ req: Request) async throws -> Response {
        let pasted = (try req.submittedValues()["credential"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if pasted.isEmpty {
            return CredentialPages.verifyForm(req, pasted: "", error: Localized("검증할 인증서(JWT 문자열)를 붙여 넣으세요.", "Paste the credential (the JWT text) to check."))
        }
        guard pasted.utf8.count <= 20_000 else {
            return CredentialPages.verifyForm(req, pasted: "", error: Localized("인증서가 너무 깁니다.", "The credential is too long."))
        }
        let result = try await CredentialVerifier.verify(pasted, lang: req.lang, now: req.now, on: req.db)
        return CredentialPages.verification(req, result: result, token: pasted)
    }

    // MARK: Holder and staff

    @Sendable static func mine(_ req: Request) async throws -> Response {
        let principal = try req.principal
        let credentials = try await IssuedCredential.query(on: req.db).filter(\.$personID == principal.personID).sort(\.$issuedAt, .descending).all()
        return try await CredentialPages.mine(req, credentials: credentials)
    }

    @Sendable static func mineJSON(_ req: Request) async throws -> [CredentialOutput] {
        let principal = try req.principal
        return try await IssuedCredential.query(on: req.db).filter(\.$personID == principal.personID).sort(\.$issuedAt, .descending).all()
            .map { output($0, req) }
    }

    @Sendable static func json(_ req: Request) async throws -> CredentialOutput { output(try req.loaded(IssuedCredential.self), req) }

    @Sendable static func certificatePage(_ req: Request) async throws -> Response {
        try await CredentialPages.certificate(req, credential: try req.loaded(IssuedCredential.self), revokeError: nil)
    }

    @Sendable static func download(_ req: Request) async throws -> Response {
        let credential = try req.loaded(IssuedCredential.self)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "vc+jwt")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"ieum-certificate-\(credential.publicID).jwt\"")
        return Response(status: .ok, headers: headers, body: .init(string: credential.jwt))
    }

    static let revokeBody = Body([.text("reason", max: 300)])

    static func revoke(_ req: Request, reason raw: String) async throws -> IssuedCredential {
        let credential = try req.loaded(IssuedCredential.self)
        let reason = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty {
            throw ValidationFailure([FieldError(field: "reason", message: Localized("취소 사유를 적으세요. 검증 화면에 공개됩니다.",
                                                                                    "Give the reason for revoking; the verification page shows it."))])
        }
        if reason.count > 300 {
            throw ValidationFailure([FieldError(field: "reason", message: Localized("사유는 300자 이내로 적으세요.", "Keep the reason under 300 characters."))])
        }
        guard credential.revokedAt == nil else {
            throw AppError.conflict(Localized("이미 취소된 수료증입니다.", "This certificate has already been revoked."))
        }
        let principal = try req.principal
        let now = req.now
        try await req.db.writeTransaction { db in
            try await IssuedCredential.query(on: db).filter(\.$id == credential.requireID()).filter(\.$revokedAt == nil)
                .set(\.$revokedAt, to: now).set(\.$revocationReason, to: reason).set(\.$revokedBy, to: principal.personID).update()
            try await AccessLog.record(req, actor: principal.personID, subject: credential.personID, action: "revoke certificate",
                                       detail: reason, on: db)
        }
        credential.revokedAt = now
        credential.revocationReason = reason
        credential.revokedBy = principal.personID
        return credential
    }

    static let revocation = Action { req, values in try await revoke(req, reason: values["reason"] ?? "") }
}
