import Crypto
import Fluent
import Foundation
import IeumCore
import Vapor

/// The answer of a verification: every check with its result in plain words, and the credential's facts when it
/// could be read.
struct VerificationOutput: Content {
    struct Check: Content {
        let check: String
        let passed: Bool
        let message: String
    }

    struct Facts: Content {
        let id: String
        let holder: String
        let achievement: String
        let description: String
        let issuer: String
        let issuerID: String
        let campus: String
        let region: String
        let startDate: String
        let endDate: String
        let issuedAt: String
        enum CodingKeys: String, CodingKey {
            case id, holder, achievement, description, issuer, campus, region
            case issuerID = "issuer_id"
            case startDate = "start_date"
            case endDate = "end_date"
            case issuedAt = "issued_at"
        }
    }

    struct Revocation: Content {
        let at: Date
        let reason: String
    }

    let valid: Bool
    let checks: [Check]
    let credential: Facts?
    let revocation: Revocation?
}

/// Checks a JWT-VC the way an outside verifier would: well-formed, signed by a key Ieum publishes for the issuer it
/// names, claims consistent with the credential, in force, and not revoked.
enum CredentialVerifier {
    static func verify(_ token: String, lang: Lang, now: Date, on db: any Database) async throws -> VerificationOutput {
        var checks: [VerificationOutput.Check] = []
        func add(_ check: String, _ passed: Bool, _ ko: String, _ en: String) {
            checks.append(.init(check: check, passed: passed, message: lang.pick(ko, en)))
        }
        func result(_ facts: VerificationOutput.Facts? = nil, revocation: VerificationOutput.Revocation? = nil) -> VerificationOutput {
            VerificationOutput(valid: checks.allSatisfy(\.passed), checks: checks, credential: facts, revocation: revocation)
        }
        let trimmed = token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let parsed = try? CompactJWS.parse(trimmed) else {
            add("format", false, "JWT 형식의 인증서가 아닙니다 (세 부분이 점으로 이어진 base64url 문자열이어야 합니다).",
                "This is not a credential in JWT form (three base64url parts joined by dots).")
            return result()
        }
        add("format", true, "JWT 형식이 올바릅니다 (EdDSA 서명).", "Well-formed JWT, signed with EdDSA.")
        guard let kid = parsed.header.kid, let key = try await IssuerKey.query(on: db).filter(\.$kid == kid).first(),
              let raw = Base64URL.decode(key.publicKey),
              let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
            add("signature", false, "이음이 공개한 키로 서명된 인증서가 아닙니다.", "It was not signed with a key that Ieum publishes.")
            return result()
        }
        guard CompactJWS.verify(signingInput: parsed.signingInput, signature: parsed.signature, with: publicKey) else {
            add("signature", false, "서명이 맞지 않습니다. 발급 뒤 내용이 바뀌었습니다.", "The signature does not match: the credential was changed after it was signed.")
            return result()
        }
        add("signature", true, "서명이 유효합니다 (키 \(kid)).", "The signature is valid (key \(kid)).")
        guard let vc = try? JSONDecoder().decode(OpenBadgeCredential.self, from: parsed.payload),
              vc.type.contains("OpenBadgeCredential") else {
            add("issuer", false, "서명은 맞지만 Open Badges 인증서가 아닙니다.", "Signed, but not an Open Badges credential.")
            return result()
        }
        let op = try await Operator.find(key.operatorID, on: db)
        let consistent = vc.iss == vc.issuer.id && vc.jti == vc.id && OpenBadgeCredential.operatorID(fromIssuer: vc.issuer.id) == key.operatorID
        if consistent {
            add("issuer", true, "발급기관 '\(op?.name ?? vc.issuer.name)'의 키로 서명되었습니다.", "Signed with the key of the issuer, \(op?.name ?? vc.issuer.name).")
        } else {
            add("issuer", false, "인증서가 밝힌 발급기관과 서명한 키의 기관이 다릅니다.", "The issuer it names is not the one whose key signed it.")
        }
        if Date(timeIntervalSince1970: TimeInterval(vc.nbf)) > now.addingTimeInterval(300) {
            add("dates", false, "아직 유효 기간이 시작되지 않았습니다.", "It is not valid yet.")
        }
        let publicID = vc.id.hasPrefix("urn:uuid:") ? String(vc.id.dropFirst("urn:uuid:".count)) : vc.id
        let stored = try await IssuedCredential.query(on: db).filter(\.$publicID == publicID).first()
        var revocation: VerificationOutput.Revocation?
        if let stored, let at = stored.revokedAt {
            revocation = .init(at: at, reason: stored.revocationReason ?? "")
            add("revocation", false, "\(KoreanFormats.dateTime(at)) 발급기관이 취소했습니다: \(stored.revocationReason ?? "")",
                "Revoked by the issuer on \(KoreanFormats.dateTime(at)): \(stored.revocationReason ?? "")")
        } else if stored == nil {
            add("revocation", false, "이 이음에서 발급한 기록이 없습니다.", "This Ieum has no record of issuing it.")
        } else {
            add("revocation", true, "취소되지 않았습니다.", "It has not been revoked.")
        }
        let subject = vc.credentialSubject
        let facts = VerificationOutput.Facts(
            id: publicID, holder: subject.identifier.first?.identityHash ?? "", achievement: subject.achievement.name,
            description: subject.achievement.description, issuer: vc.issuer.name, issuerID: vc.issuer.id,
            campus: subject.source.name, region: subject.source.address?.addressRegion ?? "",
            startDate: subject.activityStartDate, endDate: subject.activityEndDate, issuedAt: vc.validFrom)
        return result(facts, revocation: revocation)
    }
}
