@testable import App
import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting

@Suite("Certificates")
struct CredentialTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Runs the independent verifier (Python, joserfc) on the credential with the keys and revocation list Ieum
    /// publishes, as an outside party would fetch them.
    func pythonVerify(_ app: Application, jwt: String, operatorID: Int, mutations: Bool) async throws -> (Int32, String) {
        var jwks = "", revocations = ""
        try await app.testing().test(.GET, "/.well-known/jwks.json") { res in
            #expect(res.status == .ok)
            #expect(res.headers.contentType?.description.contains("jwk-set+json") == true)
            jwks = res.body.string
        }
        try await app.testing().test(.GET, "/issuers/\(operatorID)/revocations") { res in
            #expect(res.status == .ok)
            revocations = res.body.string
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ieum-vc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try jwt.write(to: dir.appendingPathComponent("c.jwt"), atomically: true, encoding: .utf8)
        try jwks.write(to: dir.appendingPathComponent("jwks.json"), atomically: true, encoding: .utf8)
        try revocations.write(to: dir.appendingPathComponent("revocations.json"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.root.appendingPathComponent("scripts/verify-credential.py").path,
                             dir.appendingPathComponent("c.jwt").path, dir.appendingPathComponent("jwks.json").path,
                             dir.appendingPathComponent("revocations.json").path] + (mutations ? ["--mutations"] : [])
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    func verify(_ app: Application, _ jwt: String) async throws -> VerificationOutput {
        var out: VerificationOutput?
        try await app.testing().test(.POST, "/api/v1/credentials/verify", beforeRequest: { req in
            try req.content.encode(["credential": .string("\(jwt)")] as JSONObject)
        }) { res in
            #expect(res.status == .ok)
            out = try res.content.decode(VerificationOutput.self)
        }
        return try #require(out)
    }

    @Test func issuedCredentialVerifiesIndependentlyAndFailsWhenChangedOrRevoked() async throws {
        try await withApp { app, f, clock in
            let (cohort, _) = try await app.endedCohort(f, clock: clock)
            try await app.closeCohort(cohort.id!, token: try await app.token("staff.a@test.kr")) { res in #expect(res.status == .ok) }
            let trainee = try await app.token("trainee.a@test.kr")
            let mine = try await app.json("/api/v1/me/credentials", token: trainee, as: [CredentialOutput].self)
            let credential = try #require(mine.first)
            #expect(mine.count == 1 && credential.verifyURL.hasSuffix("/verify/\(credential.id)"))

            // The payload is an Open Badges 3.0 credential with the facts of the course.
            let parts = credential.credential.split(separator: ".")
            let payload = try JSONSerialization.jsonObject(with: Data(try #require(Base64URL.decode(parts[1])))) as! [String: Any]
            #expect((payload["type"] as? [String]) == ["VerifiableCredential", "OpenBadgeCredential"])
            let subject = payload["credentialSubject"] as! [String: Any]
            #expect((subject["achievement"] as! [String: Any])["name"] as? String == "클라우드 백엔드")
            #expect(((subject["achievement"] as! [String: Any])["description"] as? String)?.contains("총 800시간") == true)
            #expect((subject["source"] as! [String: Any])["name"] as? String == "창원 캠퍼스")
            #expect(subject["activityEndDate"] as? String == "2026-11-20")

            let valid = try await verify(app, credential.credential)
            #expect(valid.valid && valid.checks.allSatisfy(\.passed) && valid.checks.count == 4)
            #expect(valid.credential?.holder == "김민준" && valid.credential?.issuer == "한빛 아카데미")

            // Any one character changed, anywhere, and it no longer verifies.
            let characters = Array(credential.credential)
            let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
            for i in characters.indices {
                var changed = characters
                changed[i] = characters[i] == "." ? "A" : alphabet[(alphabet.firstIndex(of: characters[i])! + 1) % alphabet.count]
                let result = try await CredentialVerifier.verify(String(changed), lang: .en, now: clock.now, on: app.db)
                #expect(!result.valid, "a change at \(i) still verified")
            }

            let (status, output) = try await pythonVerify(app, jwt: credential.credential, operatorID: f.operatorA.id!, mutations: true)
            #expect(status == 0, "\(output)")
            #expect(output.contains("VALID: 클라우드 백엔드 수료증 for 김민준"))

            // Revocation: only the campus's staff, only with a reason.
            try await app.testing().test(.POST, "/api/v1/credentials/\(credential.id)/revoke", headers: bearer(trainee), beforeRequest: { req in
                try req.content.encode(["reason": "x"] as JSONObject)
            }) { res in #expect(res.status == .notFound) }
            let staff = try await app.token("staff.a@test.kr")
            try await app.testing().test(.POST, "/api/v1/credentials/\(credential.id)/revoke", headers: bearer(staff), beforeRequest: { req in
                try req.content.encode(["reason": " "] as JSONObject)
            }) { res in #expect(res.status == .unprocessableEntity) }
            try await app.testing().test(.POST, "/api/v1/credentials/\(credential.id)/revoke", headers: bearer(staff), beforeRequest: { req in
                try req.content.encode(["reason": "출석 기록 위조 확인"] as JSONObject)
            }) { res in
                #expect(res.status == .ok)
                let out = try res.content.decode(CredentialOutput.self)
                #expect(out.revocationReason == "출석 기록 위조 확인")
            }
            let revoked = try await verify(app, credential.credential)
            #expect(!revoked.valid && revoked.revocation?.reason == "출석 기록 위조 확인")
            #expect(revoked.checks.first { $0.check == "revocation" }?.passed == false)
            let (after, why) = try await pythonVerify(app, jwt: credential.credential, operatorID: f.operatorA.id!, mutations: false)
            #expect(after == 1 && why.contains("revoked"), "\(why)")
        }
    }

    @Test func onlyTheHolderAndTheCampusStaffSeeACertificateAndOthersAreLogged() async throws {
        try await withApp { app, f, clock in
            let (cohort, _) = try await app.endedCohort(f, clock: clock)
            try await app.closeCohort(cohort.id!, token: try await app.token("staff.a@test.kr")) { res in #expect(res.status == .ok) }
            let id = try #require(try await IssuedCredential.query(on: app.db).first()).publicID
            for email in ["trainee.b@test.kr", "admin.b@test.kr", "mentor.a@test.kr", "hr@factory.kr"] {
                let token = try await app.token(email)
                try await app.testing().test(.GET, "/api/v1/credentials/\(id)", headers: bearer(token)) { res in
                    #expect(res.status == .notFound, "\(email)")
                }
            }
            for email in ["trainee.a@test.kr", "pm@test.kr", "admin.a@test.kr"] {
                let token = try await app.token(email)
                try await app.testing().test(.GET, "/api/v1/credentials/\(id)", headers: bearer(token)) { res in
                    #expect(res.status == .ok, "\(email)")
                }
            }
            let views = try await AccessLogEntry.query(on: app.db).filter(\.$action == "view certificate").all()
            #expect(Set(views.map(\.actorID)) == [f.pm.id!, f.adminA.id!] && views.allSatisfy { $0.subjectID == f.traineeA.id })

            // The holder's printable page carries a QR code to the public verification page.
            let session = try await app.login("trainee.a@test.kr")
            try await app.testing().test(.GET, "/certificates/\(id)", headers: session.headers()) { res in
                let html = res.body.string
                #expect(res.status == .ok && html.contains("<svg") && html.contains("/verify/\(id)") && html.contains("김민준"))
                #expect(!html.contains("/revoke"))
            }
            try await app.testing().test(.GET, "/certificates/\(id)/credential.jwt", headers: session.headers()) { res in
                #expect(res.status == .ok && res.body.string.split(separator: ".").count == 3)
            }
            // The verification page needs no account.
            try await app.testing().test(.GET, "/verify/\(id)") { res in
                let html = res.body.string
                #expect(res.status == .ok && html.contains("유효한 수료증입니다") && html.contains("창원 캠퍼스"))
                // In plain words first: who, from whom, for what, when; how it was checked is folded below.
                #expect(html.contains("김민준 님이 한빛 아카데미의 「클라우드 백엔드」 과정"))
                #expect(html.contains("취소되지 않았습니다"))
                let folded = try #require(html.range(of: "<details class=\"technical\">"))
                #expect(html.range(of: "JWKS")!.lowerBound > folded.lowerBound, "the keys are named only in the technical details")
            }
            try await app.testing().test(.GET, "/verify/00000000-0000-0000-0000-000000000000") { res in #expect(res.status == .notFound) }
        }
    }

    @Test func thePasteFormExplainsWhatIsWrong() async throws {
        try await withApp { app, _, _ in
            var cookie = "", token = ""
            try await app.testing().test(.GET, "/verify") { res in
                cookie = res.headers.setCookie?[CSRFProtection.cookieName]?.string ?? ""
                token = Application.csrfToken(in: res.body.string)
            }
            func paste(_ text: String, _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.POST, "/verify", beforeRequest: { req in
                    req.headers.replaceOrAdd(name: .cookie, value: "\(CSRFProtection.cookieName)=\(cookie)")
                    try req.content.encode(["credential": text, "_csrf": token], as: .urlEncodedForm)
                }, afterResponse: check)
            }
            try await paste("") { res in
                #expect(res.status == .unprocessableEntity && res.body.string.contains("f-credential-error"))
            }
            try await paste("not-a-credential") { res in
                #expect(res.status == .ok && res.body.string.contains("JWT 형식의 인증서가 아닙니다"))
            }
        }
    }
}
