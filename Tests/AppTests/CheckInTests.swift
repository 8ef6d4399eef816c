@testable import App
import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting

struct ApiError: Decodable {
    struct Body: Decodable { let code: String; let message: String }
    let error: Body
}

extension Application {
    /// Lays out weekday training days 09:00–18:00 for the cohort.
    func schedule(_ cohort: Cohort) async throws {
        try await ScheduleController.save(ScheduleController.Settings(), for: cohort, on: db)
    }

    func code(for campus: Campus) -> String { checkInCodes.make(campusID: campus.id!, at: ieum.now()) }

    func checkIn(_ token: String, code: String, kind: String = "check_in", key: String = UUID().uuidString,
                 _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
        try await testing().test(.POST, "/api/v1/check-ins", headers: bearer(token), beforeRequest: { req in
            try req.content.encode(["code": code, "kind": kind, "idempotency_key": key])
        }, afterResponse: check)
    }
}

@Suite("Check-in")
struct CheckInTests {
    @Test("a scan of the campus code is recorded once; a retry with the same key gets the first answer")
    func idempotent() async throws {
        try await withApp { app, f, clock in
            try await app.schedule(f.cohortA)
            let token = try await app.token(f.traineeA.email)
            let code = app.code(for: f.campusA)
            var first: CheckInOutput?
            try await app.checkIn(token, code: code, key: "retry-key-0001") { res in
                #expect(res.status == .created)
                first = try res.content.decode(CheckInOutput.self)
                #expect(first?.atKST == "10:00")
                #expect(first?.day == "2026-11-02")
                #expect(first?.replayed == false)
            }
            clock.advance(5)
            try await app.checkIn(token, code: code, key: "retry-key-0001") { res in
                #expect(res.status == .ok)
                #expect(res.headers.first(name: "Idempotent-Replayed") == "true")
                let again = try res.content.decode(CheckInOutput.self)
                #expect(again.scanID == first?.scanID)
                #expect(again.at == first?.at)
            }
            // A retry long after the code expired still finds its first answer.
            clock.advance(600)
            try await app.checkIn(token, code: code, key: "retry-key-0001") { res in
                #expect(res.status == .ok)
                let again = try res.content.decode(CheckInOutput.self)
                #expect(again.scanID == first?.scanID)
            }
            let stored = try await ScanRecord.query(on: app.db).all()
            #expect(stored.count == 1)
            #expect(stored.first?.source == "qr")
            #expect(stored.first?.at == fixtureStart)
        }
    }

    @Test("expired, forged, replayed and wrong-cohort codes are refused with a clear message, and nothing is recorded")
    func refusals() async throws {
        try await withApp { app, f, clock in
            try await app.schedule(f.cohortA)
            try await app.schedule(f.cohortB)
            let tokenA = try await app.token(f.traineeA.email)
            let tokenB = try await app.token(f.traineeB.email)
            let old = app.code(for: f.campusA)
            clock.advance(61)
            try await app.checkIn(tokenA, code: old) { res in
                #expect(res.status == .unprocessableEntity)
                let body = try res.content.decode(ApiError.self)
                #expect(body.error.code == "code_expired")
                #expect(body.error.message == "QR 코드가 만료되었습니다. 화면의 새 코드를 찍으세요.")
            }
            let fresh = app.code(for: f.campusA)
            let forged = String(fresh.dropLast(2)) + (fresh.hasSuffix("AA") ? "BB" : "AA")
            try await app.checkIn(tokenA, code: forged) { res in
                let failure = try res.content.decode(ApiError.self)
                #expect(failure.error.code == "code_forged")
            }
            // Another campus's number with this campus's signature: the signature no longer matches.
            let moved = fresh.replacingOccurrences(of: "v1.\(f.campusA.id!).", with: "v1.\(f.campusB.id!).")
            try await app.checkIn(tokenB, code: moved) { res in
                let failure = try res.content.decode(ApiError.self)
                #expect(failure.error.code == "code_forged")
            }
            // Trainee B (another academy, another campus) scanning campus A's screen.
            try await app.checkIn(tokenB, code: fresh) { res in
                #expect(res.status == .forbidden)
                let failure = try res.content.decode(ApiError.self)
                #expect(failure.error.code == "not_in_cohort")
            }
            try await app.checkIn(tokenA, code: "v1.1.2.3") { res in
                let failure = try res.content.decode(ApiError.self)
                #expect(failure.error.code == "code_forged")
            }
            try await app.checkIn(tokenA, code: "not a code") { res in
                let failure = try res.content.decode(ApiError.self)
                #expect(failure.error.code == "code_malformed")
            }
            #expect(try await ScanRecord.query(on: app.db).count() == 0)
            try await app.checkIn(tokenA, code: fresh) { res in #expect(res.status == .created) }
            // The same code sent again as a new request (a new key): a replay.
            try await app.checkIn(tokenA, code: fresh) { res in
                #expect(res.status == .conflict)
                let failure = try res.content.decode(ApiError.self)
                #expect(failure.error.code == "code_replayed")
            }
            #expect(try await ScanRecord.query(on: app.db).count() == 1)
        }
    }

    @Test("no training today, a bad kind or a missing key is explained")
    func notToday() async throws {
        try await withApp { app, f, clock in
            try await app.schedule(f.cohortA)
            let token = try await app.token(f.traineeA.email)
            try await app.testing().test(.POST, "/api/v1/check-ins", headers: bearer(token), beforeRequest: { req in
                try req.content.encode(["code": app.code(for: f.campusA), "kind": "check_in"])
            }) { res in
                #expect(res.status == .badRequest)
                let failure = try res.content.decode(ApiError.self)
                #expect(failure.error.code == "idempotency_key_required")
            }
            // The key travels in the body only, as the document says; a header does not stand in for it.
            try await app.testing().test(.POST, "/api/v1/check-ins", headers: bearer(token), beforeRequest: { req in
                req.headers.add(name: "Idempotency-Key", value: "header-key-0001")
                try req.content.encode(["code": app.code(for: f.campusA), "kind": "check_in"])
            }) { res in
                #expect(res.status == .badRequest)
                #expect((try? res.content.decode(ApiError.self))?.error.code == "idempotency_key_required")
            }
            // The documented media types are both read; anything else is a 415, a broken body a 400.
            for (type, body, status, code) in [("application/x-www-form-urlencoded", "code=x&kind=check_in", HTTPStatus.badRequest, "idempotency_key_required"),
                                               ("application/json", "{\"code\": ", .badRequest, "bad_request"),
                                               ("text/plain", "{}", .unsupportedMediaType, "unsupported_media_type"),
                                               ("application/jsonfoo", "{}", .unsupportedMediaType, "unsupported_media_type"),
                                               ("application/json", "{\"code\": \"x\", \"kind\": \"check_in\", \"idempotency_key\": 12345678}",
                                                .unprocessableEntity, "validation_failed")] {
                try await app.testing().test(.POST, "/api/v1/check-ins", headers: bearer(token), beforeRequest: { req in
                    req.headers.contentType = HTTPMediaType(type: String(type.split(separator: "/")[0]), subType: String(type.split(separator: "/")[1]))
                    req.body = ByteBuffer(string: body)
                }) { res in
                    #expect(res.status == status, "\(type)")
                    #expect((try? res.content.decode(ApiError.self))?.error.code == code, "\(type)")
                }
            }
            let form = "code=\(app.code(for: f.campusA).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&kind=check_in&idempotency_key=form-key-0001"
            try await app.testing().test(.POST, "/api/v1/check-ins", headers: bearer(token), beforeRequest: { req in
                req.headers.contentType = .urlEncodedForm
                req.body = ByteBuffer(string: form)
            }) { res in
                #expect(res.status == .created, "a form body checks in like JSON: \(res.body.string)")
                #expect((try? res.content.decode(CheckInOutput.self))?.kind == "check_in")
            }
            try await app.checkIn(token, code: app.code(for: f.campusA), kind: "teleport") { res in
                let failure = try res.content.decode(ApiError.self)
                #expect(failure.error.code == "invalid_kind")
            }
            clock.advance(5 * 86_400) // Saturday
            let saturdayToken = try await app.token(f.traineeA.email)
            try await app.checkIn(saturdayToken, code: app.code(for: f.campusA)) { res in
                #expect(res.status == .unprocessableEntity)
                let body = try res.content.decode(ApiError.self)
                #expect(body.error.code == "not_a_training_day")
                #expect(body.error.message.contains("2026-11-07"))
            }
        }
    }

    @Test("staff and program managers cannot check in as trainees")
    func traineesOnly() async throws {
        try await withApp { app, f, _ in
            try await app.schedule(f.cohortA)
            let token = try await app.token(f.staffA.email)
            try await app.checkIn(token, code: app.code(for: f.campusA)) { res in #expect(res.status == .forbidden) }
        }
    }

    @Test("the phone page shows the campus, records the scan and shows it in today's list")
    func phonePage() async throws {
        try await withApp { app, f, _ in
            try await app.schedule(f.cohortA)
            let browser = try await app.login(f.traineeA.email)
            let code = app.code(for: f.campusA)
            var key = ""
            try await app.testing().test(.GET, "/check-in?code=\(code)", headers: browser.headers()) { res in
                #expect(res.status == .ok)
                let html = res.body.string
                #expect(html.contains("창원 캠퍼스"))
                #expect(html.contains("value=\"check_in\" class=\"button primary big\""))
                key = html.components(separatedBy: "name=\"idempotency_key\" value=\"")[1].components(separatedBy: "\"")[0]
            }
            let form = ["code": code, "kind": "check_in", "idempotency_key": key, "_csrf": browser.csrf]
            for _ in 0..<2 { // a double tap sends the form twice
                try await app.testing().test(.POST, "/check-in", headers: browser.headers(), beforeRequest: { req in
                    try req.content.encode(form, as: .urlEncodedForm)
                }) { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string.contains("입실 완료"))
                    #expect(res.body.string.contains("10:00"))
                }
            }
            #expect(try await ScanRecord.query(on: app.db).count() == 1)
            try await app.testing().test(.GET, "/check-in?code=garbage.x.y.z", headers: browser.headers()) { res in
                #expect(res.body.string.contains("이 QR 코드는 이음에서 만든 것이 아닙니다."))
            }
        }
    }

    @Test("many scans at once are written in group commits, each once, with duplicates answered as conflicts")
    func groupCommit() async throws {
        try await withApp { app, f, _ in
            let writer = app.scanWriter
            let enrollment = try f.enrollmentA.requireID()
            let outcomes = try await withThrowingTaskGroup(of: ScanWriter.Outcome.self) { group in
                for i in 0..<300 {
                    group.addTask {
                        try await writer.write(NewScan(
                            enrollmentID: enrollment, personID: f.traineeA.id!, cohortID: f.cohortA.id!, campusID: f.campusA.id!,
                            operatorID: f.operatorA.id!, day: "2026-11-02", kind: "check_in", at: fixtureStart, source: .qr,
                            manualReason: nil, recordedBy: nil, correctionID: nil, codeWindow: nil, idempotencyKey: "key-\(i % 200)"))
                    }
                }
                return try await group.reduce(into: [ScanWriter.Outcome]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 != .conflict }.count == 200)
            #expect(outcomes.filter { $0 == .conflict }.count == 100)
            #expect(try await ScanRecord.query(on: app.db).count() == 200)
        }
    }
}

@Suite("Check-in code encoding")
struct Base64URLTests {
    @Test("hand-written base64url matches Foundation's for every length")
    func matchesFoundation() {
        var rng = SystemRandomNumberGenerator()
        for length in 0..<70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let expected = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(CheckInCode.base64URL(bytes) == expected)
        }
    }
}

@Suite("Check-in caches")
struct CheckInCacheTests {
    @Test("a trainee dropped after opening the check-in page cannot check in a moment later")
    func droppedAfterPageLoad() async throws {
        try await withApp { app, f, _ in
            try await app.schedule(f.cohortA)
            let trainee = try await app.token(f.traineeA.email)
            let browser = try await app.login(f.traineeA.email)
            let code = app.code(for: f.campusA)
            try await app.testing().test(.GET, "/check-in?code=\(code)", headers: browser.headers()) { res in
                #expect(res.body.string.contains("value=\"check_in\""))
            }
            // The page set off loading today's roster; wait until it knows the trainee.
            for _ in 0..<100 where app.todayRoster.place(personID: f.traineeA.id!, campusID: f.campusA.id!, day: Day(app.ieum.now()),
                                                          now: app.ieum.now(), app: app) == nil {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(app.todayRoster.place(personID: f.traineeA.id!, campusID: f.campusA.id!, day: Day(app.ieum.now()), now: app.ieum.now(), app: app) != nil)
            let staff = try await app.token(f.staffA.email)
            try await app.testing().test(.POST, "/api/v1/enrollments/\(f.enrollmentA.id!)/transitions", headers: bearer(staff), beforeRequest: { req in
                try req.content.encode(["to": "dropped", "reason": "조기 취업"])
            }) { res in #expect(res.status == .ok) }
            try await app.checkIn(trainee, code: code) { res in
                #expect(res.status == .forbidden)
                let body = try res.content.decode(ApiError.self)
                #expect(body.error.code == "not_in_cohort")
            }
            try await app.testing().test(.GET, "/check-in?code=\(code)", headers: browser.headers()) { res in
                #expect(res.body.string.contains("이 캠퍼스에서 수강 중인 과정이 없습니다."))
                #expect(!res.body.string.contains("value=\"check_in\""))
            }
        }
    }

    @Test("a revoked role and an ended token take effect on the very next request")
    func revocation() async throws {
        try await withApp { app, f, _ in
            let staff = try await app.token(f.staffA.email)
            try await app.testing().test(.GET, "/api/v1/cohorts", headers: bearer(staff)) { res in #expect(res.status == .ok) }
            let admin = try await app.token(f.adminA.email)
            let grant = try await RoleGrant.query(on: app.db).filter(\.$person.$id == f.staffA.id!).first()!
            try await app.testing().test(.DELETE, "/api/v1/people/\(f.staffA.id!)/roles/\(grant.id!)", headers: bearer(admin)) { res in
                #expect(res.status == .noContent)
            }
            try await app.testing().test(.GET, "/api/v1/cohorts", headers: bearer(staff)) { res in #expect(res.status == .forbidden) }
            try await app.testing().test(.DELETE, "/api/v1/auth/token", headers: bearer(admin)) { res in #expect(res.status == .noContent) }
            try await app.testing().test(.GET, "/api/v1/me", headers: bearer(admin)) { res in #expect(res.status == .unauthorized) }
        }
    }
}
