import Fluent
import IeumCore
import Vapor

/// Loads the certificate named by `:credentialID` for its holder, program managers and the staff of its campus
/// (operator admins, campus staff); anyone else gets a 404. `revoke` allows staff only. A look by anyone other
/// than the holder is written to the access log.
struct CredentialGuard: AsyncMiddleware {
    enum Mode { case read, revoke }
    let mode: Mode

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let principal = try request.principal
        let credential = try await IssuedCredential.named(in: request)
        let isHolder = credential.personID == principal.personID
        let isStaff = principal.looksAfter(operatorID: credential.operatorID, campusID: credential.campusID)
        switch mode {
        case .read: guard isHolder || isStaff else { throw AppError.notFound() }
        case .revoke: guard isStaff else { throw AppError.notFound() }
        }
        request.storage[LoadedRecordKey<IssuedCredential>.self] = credential
        if !isHolder && mode == .read {
            try await AccessLog.record(request, actor: principal.personID, subject: credential.personID, action: "view certificate")
        }
        return try await next.respond(to: request)
    }
}

extension IssuedCredential {
    /// The certificate named by the request's `:credentialID`, or a 404.
    static func named(in request: Request) async throws -> IssuedCredential {
        guard let publicID = request.parameters.get("credentialID"), publicID.count <= 64,
              let credential = try await IssuedCredential.query(on: request.db).filter(\.$publicID == publicID.lowercased()).first()
        else { throw AppError.notFound() }
        return credential
    }
}

extension Request {
    /// The address people reach Ieum at, as signed into credentials and revocation lists: `IEUM_PUBLIC_URL` only.
    /// A request's Host header is the client's to choose, so without the setting nothing is issued or published.
    var publicBase: String {
        get throws {
            guard let url = ieum.publicURL else {
                throw AppError(status: .serviceUnavailable, code: "public_url_missing", message: Localized(
                    "서버에 공개 주소(IEUM_PUBLIC_URL)가 설정되지 않아 증명서를 발급하거나 검증 주소를 만들 수 없습니다. 운영 담당자에게 알려 주세요.",
                    "The server has no public address (IEUM_PUBLIC_URL), so it cannot issue certificates or make their verification links. Tell the people who run it."))
            }
            return url
        }
    }

    /// For links a phone opens from this screen (the check-in QR code): the public address, else this request's Host.
    var linkBase: String {
        ieum.publicURL ?? ((ieum.secureCookies ? "https://" : "http://") + (headers.first(name: .host) ?? "localhost"))
    }
}
