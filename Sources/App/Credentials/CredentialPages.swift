import Fluent
import Foundation
import IeumCore
import Vapor

/// The certificate as a person sees it: printable with a QR code to its verification page; the verification page
/// and the form to check a pasted credential; the holder's list.
enum CredentialPages {
    /// What a person checking a certificate wants to know, in plain words: is it real, who got it, from whom, for
    /// what, when — or why not. How that was checked (signature, keys, the credential itself) is folded below.
    static func verification(_ req: Request, result: VerificationOutput, token: String) -> Response {
        let lang = req.lang
        let issued = result.credential.map { ISO8601DateFormatter().date(from: $0.issuedAt).map(KoreanFormats.dateTime) ?? $0.issuedAt }
        let summary: HTML = result.credential.map { f in
            result.valid
                ? "<p class=\"plain\">\(lang.pick("\(f.holder) 님이 \(f.issuer)의 「\(f.achievement)」 과정(\(f.startDate) ~ \(f.endDate), \(f.campus))을 수료했다는 증명입니다. \(issued ?? "")에 발급되었고 취소되지 않았습니다.", "It shows that \(f.holder) completed \(f.issuer)'s course “\(f.achievement)” (\(f.startDate) to \(f.endDate), \(f.campus)). It was issued on \(issued ?? "") and has not been revoked."))</p>"
                : "<p class=\"plain\">\(lang.pick("\(f.holder) 님의 「\(f.achievement)」 수료증이라고 적혀 있지만 믿을 수 없습니다.", "It says it is \(f.holder)'s certificate for “\(f.achievement)”, but it cannot be trusted."))</p>"
        } ?? .empty
        let why: HTML = result.valid ? .empty : "<ul class=\"reasons\">\(result.checks.filter { !$0.passed }.map { c -> HTML in "<li class=\"unmet\">\(c.message)</li>" })</ul>"
        let verdict: HTML = result.valid
            ? "<div class=\"verdict valid\" role=\"status\"><strong>✓ \(lang.pick("유효한 수료증입니다", "This certificate is valid"))</strong>\(summary)</div>"
            : "<div class=\"verdict invalid\" role=\"alert\"><strong>✗ \(lang.pick("유효하지 않은 수료증입니다", "This certificate is not valid"))</strong>\(summary)\(why)</div>"
        let facts: HTML = result.credential.map { f in
            Components.definitionList([
                (lang.pick("받은 사람", "Issued to"), "\(f.holder)"),
                (lang.pick("과정", "Course"), "\(f.achievement)"),
                (lang.pick("내용", "Details"), "\(f.description)"),
                (lang.pick("훈련 기간", "Training"), "\(f.startDate) ~ \(f.endDate)"),
                (lang.pick("발급기관", "Issued by"), "\(f.issuer)"),
                (lang.pick("캠퍼스", "Campus"), "\(f.campus) (\(f.region))"),
                (lang.pick("발급일", "Issued on"), "\(issued ?? f.issuedAt)"),
            ])
        } ?? .empty
        let checks = result.checks.map { c -> HTML in
            "<li class=\"\(c.passed ? "met" : "unmet")\">\(c.passed ? "✓" : "✗") \(c.message)</li>"
        }
        let body: HTML = """
            \(verdict)
            \(facts)
            <details class="technical"><summary>\(lang.pick("어떻게 확인했나요 (기술 정보)", "How this was checked (technical details)"))</summary>
            <ul class="reasons">\(checks)</ul>
            \(result.credential.map { "<p>\(lang.pick("인증서 번호", "Credential ID")): <code>urn:uuid:\($0.id)</code></p>" as HTML } ?? .empty)
            <p class="muted">\(lang.pick("이 수료증은 Open Badges 3.0 전자 인증서(JWT)이며, 발급기관이 서명했습니다. 서명은 발급기관의 공개키(", "This is an Open Badges 3.0 credential (a JWT) signed by its issuer. The signature is checked with the issuers' public keys ("))<a href="\(CredentialRoutes.keys.url)">JWKS</a>\(lang.pick(")로 확인합니다.", ")."))</p>
            <p>\(lang.pick("인증서 원문", "The credential itself")):</p><pre class="jwt">\(token)</pre>
            </details>
            <p class="muted">\(lang.pick("다른 수료증을 확인하려면 ", "To check another certificate, "))<a href="\(CredentialRoutes.verify.url)">\(lang.pick("여기에 붙여 넣으세요", "paste it here"))</a>.</p>
            """
        return Layout.page(req, title: lang.pick("수료증 확인", "Is this certificate real?"), body: body)
    }

    static func verifyForm(_ req: Request, pasted: String, error: Localized?) -> Response {
        let lang = req.lang
        let invalid: HTML = error == nil ? "" : " aria-invalid=\"true\" aria-describedby=\"f-credential-error\""
        let body: HTML = """
            <p>\(lang.pick("이음이 발급한 Open Badges 3.0 전자 수료증(JWT)을 붙여 넣으면 서명, 발급기관, 취소 여부를 확인합니다.",
                           "Paste an Open Badges 3.0 certificate issued by Ieum (the JWT) to check its signature, issuer and revocation."))</p>
            \(error == nil ? HTML.empty : "<div class=\"alert error\" role=\"alert\">\(lang.pick("입력한 내용을 확인하세요.", "Please check the form."))</div>")
            <form method="post" action="\(CredentialRoutes.verify.url)" class="form" novalidate>
            \(Layout.csrfField(req))
            <div class="field"><label for="f-credential">\(lang.pick("수료증 (JWT)", "Certificate (JWT)"))</label>
            <textarea id="f-credential" name="credential" rows="6" required\(invalid)>\(pasted)</textarea>
            \(error.map { "<p class=\"field-error\" id=\"f-credential-error\">\($0.in(lang))</p>" as HTML } ?? .empty)</div>
            <button type="submit" class="button primary">\(lang.pick("검증하기", "Verify"))</button>
            </form>
            """
        return Layout.page(req, title: lang.pick("수료증 검증", "Certificate verification"), body: body,
                           status: error == nil ? .ok : .unprocessableEntity)
    }

    static func mine(_ req: Request, credentials: [IssuedCredential]) async throws -> Response {
        let lang = req.lang
        var rows: [[HTML]] = []
        let cohorts = try await CredentialIssuer.cohorts(of: credentials, on: req.db)
        for c in credentials {
            let cohort = cohorts[c.cohortID]
            let course = cohort?.course
            let state: HTML = c.revokedAt == nil ? Components.badge(lang.pick("유효", "Valid"), "completed")
                : Components.badge(lang.pick("취소됨", "Revoked"), "dropped")
            rows.append([Components.link(CredentialRoutes.certificate(c.publicID), course?.title ?? "—"), "\(cohort?.name ?? "")",
                         "\(KoreanFormats.dateTime(c.issuedAt))", state])
        }
        let body: HTML = """
            <p class="muted">\(lang.pick("수료증은 발급기관이 서명한 전자 인증서(Open Badges 3.0)입니다. 누구나 QR 코드나 검증 주소로 진위를 확인할 수 있습니다.",
                                         "Certificates are digital credentials signed by the issuer (Open Badges 3.0). Anyone can check them with the QR code or the verification address."))</p>
            \(Components.table(headers: [lang.pick("과정", "Course"), lang.pick("기수", "Cohort"), lang.pick("발급", "Issued"), lang.pick("상태", "Status")],
                               rows: rows, empty: lang.pick("아직 받은 수료증이 없습니다. 기수의 수료 처리가 끝나면 여기에 나타납니다.",
                                                            "No certificates yet. They appear here when your cohort is closed and you complete.")))
            """
        return Layout.page(req, title: lang.pick("내 수료증", "My certificates"), body: body)
    }

    static func certificate(_ req: Request, credential c: IssuedCredential, revokeError: Localized?) async throws -> Response {
        let lang = req.lang
        guard let parsed = try? CompactJWS.parse(c.jwt), let vc = try? JSONDecoder().decode(OpenBadgeCredential.self, from: parsed.payload) else {
            throw Abort(.internalServerError, reason: "stored credential \(c.publicID) is unreadable")
        }
        let verifyURL = req.linkBase + CredentialRoutes.verification(c.publicID)
        let qr = (try? QRCode(verifyURL).svg(pixels: 160, title: lang.pick("검증 주소 QR 코드", "QR code of the verification address"))) ?? ""
        let subject = vc.credentialSubject
        let principal = try req.principal
        let canRevoke = principal.looksAfter(operatorID: c.operatorID, campusID: c.campusID)
        let revoked: HTML = c.revokedAt.map { at in
            "<div class=\"verdict invalid\" role=\"alert\"><strong>\(lang.pick("취소된 수료증", "Revoked certificate"))</strong> — \(KoreanFormats.dateTime(at)): \(c.revocationReason ?? "")</div>"
        } ?? .empty
        let revokeForm: HTML = canRevoke && c.revokedAt == nil ? """
            <form method="post" action="\(CredentialRoutes.revoke(c.publicID))" class="form no-print" novalidate>
            \(Layout.csrfField(req))
            <h2>\(lang.pick("수료증 취소", "Revoke this certificate"))</h2>
            \(revokeError == nil ? HTML.empty : "<div class=\"alert error\" role=\"alert\">\(lang.pick("입력한 내용을 확인하세요.", "Please check the form."))</div>")
            <div class="field"><label for="f-reason">\(lang.pick("취소 사유 (검증 화면에 공개됨)", "Reason (shown on the verification page)"))</label>
            <input id="f-reason" name="reason"\(HTML(raw: revokeError == nil ? "" : " aria-invalid=\"true\" aria-describedby=\"f-reason-error\""))>
            \(revokeError.map { "<p class=\"field-error\" id=\"f-reason-error\">\($0.in(lang))</p>" as HTML } ?? .empty)</div>
            <button type="submit" class="button danger">\(lang.pick("취소하기", "Revoke"))</button>
            </form>
            """ : .empty
        let body: HTML = """
            \(revoked)
            <article class="certificate">
            <p class="kicker">\(lang.pick("수료증", "Certificate of completion"))</p>
            <p class="holder">\(subject.identifier.first?.identityHash ?? "")</p>
            <p>\(lang.pick("위 사람은 아래 과정을 수료하였기에 이 증서를 드립니다.", "has completed the course below."))</p>
            <p class="course">\(subject.achievement.name)</p>
            \(Components.definitionList([
                (lang.pick("내용", "Details"), "\(subject.achievement.description)"),
                (lang.pick("훈련 기간", "Training"), "\(subject.activityStartDate) ~ \(subject.activityEndDate)"),
                (lang.pick("캠퍼스", "Campus"), "\(subject.source.name) (\(subject.source.address?.addressRegion ?? ""))"),
                (lang.pick("발급기관", "Issuer"), "\(vc.issuer.name)"),
                (lang.pick("발급일", "Issued"), "\(KoreanFormats.dateTime(c.issuedAt))"),
            ]))
            <div class="verify-qr">\(HTML(raw: qr))<p>\(lang.pick("진위 확인", "Verify at")): <a href="\(verifyURL)">\(verifyURL)</a></p></div>
            </article>
            <div class="actions no-print">
            <a class="button" href="\(CredentialRoutes.credentialFile(c.publicID))">\(lang.pick("전자 수료증 내려받기 (JWT)", "Download the credential (JWT)"))</a>
            <a class="button" href="\(CredentialRoutes.verification(c.publicID))">\(lang.pick("검증 화면 보기", "Open the verification page"))</a>
            </div>
            \(revokeForm)
            """
        return Layout.page(req, title: lang.pick("수료증", "Certificate") + " · " + subject.achievement.name, body: body)
    }
}
