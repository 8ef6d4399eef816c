@testable import App
import Fluent
import Foundation
import IeumCore
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Check-in that forgives (issue 24): an early check-out asks first, a mistake is taken back within minutes,
/// a camera that fails is replaced by six digits, and a scan survives the login.
@Suite("Check-in that forgives")
struct CheckInForgivesTests {
    static func hidden(_ name: String, in html: String) -> String {
        html.components(separatedBy: "name=\"\(name)\" value=\"").dropFirst().first?.components(separatedBy: "\"").first ?? ""
    }

    @Test("an early check-out asks first with the time and what it counts as; confirmed later it is recorded, and taken back it no longer counts")
    func earlyCheckOutAsksAndUndoes() async throws {
        try await withApp { app, f, clock in
            try await app.schedule(f.cohortA)
            let token = try await app.token(f.traineeA.email)
            try await app.checkIn(token, code: app.code(for: f.campusA)) { res in #expect(res.status == .created) }   // 10:00
            clock.advance(4 * 3600 + 57 * 60)   // 14:57
            let browser = try await app.login(f.traineeA.email)
            // 10:00 to 14:57 less lunch is 237 minutes, under half of 480: leaving now would make the day an absence.
            let tooEarly = ["code": app.code(for: f.campusA), "kind": "check_out", "idempotency_key": "early-leave-0000", "_csrf": browser.csrf]
            try await app.testing().test(.POST, "/check-in", headers: browser.headers(), beforeRequest: { req in
                try req.content.encode(tooEarly, as: .urlEncodedForm)
            }) { res in
                #expect(res.body.string.contains("오늘 출석 시간이 237분으로, 인정 기준 240분(훈련 시간의 절반)에 못 미쳐 <strong>결석</strong>이 됩니다"))
            }
            clock.advance(33 * 60)   // 15:30
            let code = app.code(for: f.campusA)
            let tap = ["code": code, "kind": "check_out", "idempotency_key": "early-leave-0001", "_csrf": browser.csrf]
            var confirmation: [String: String] = [:]
            try await app.testing().test(.POST, "/check-in", headers: browser.headers(), beforeRequest: { req in
                try req.content.encode(tap, as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .ok)
                let html = res.body.string
                #expect(html.contains("지금(15:30) 퇴실하면 <strong>조퇴</strong>로 기록됩니다"))
                #expect(html.contains("18:00까지") && html.contains("150분"))
                #expect(html.contains("그래도 퇴실하기"))
                for name in ["code", "kind", "idempotency_key", "asked_at", "confirm", "_csrf"] { confirmation[name] = Self.hidden(name, in: html) }
            }
            #expect(try await ScanRecord.query(on: app.db).count() == 1)   // nothing recorded by the question

            // A forged answer is refused; a genuine one is good after the code itself has expired.
            clock.advance(90)
            var forged = confirmation
            forged["confirm"] = "not-the-token"
            try await app.testing().test(.POST, "/check-in", headers: browser.headers(), beforeRequest: { req in
                try req.content.encode(forged, as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("확인이 늦어 다시 찍어야 합니다"))
            }
            // The answer confirms a check-out only: sent with another kind (past the code's window) it is refused.
            var other = confirmation
            other["kind"] = "go_out"
            other["idempotency_key"] = "early-leave-0002"
            try await app.testing().test(.POST, "/check-in", headers: browser.headers(), beforeRequest: { req in
                try req.content.encode(other, as: .urlEncodedForm)
            }) { res in #expect(res.status == .unprocessableEntity) }
            // Switching language on the question asks it again in English (past the code's window too), recording nothing.
            try await app.testing().test(.POST, "/check-in?lang=en", headers: browser.headers(), beforeRequest: { req in
                try req.content.encode(confirmation.merging(["ask_again": "1"]) { $1 }, as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .ok)
                let html = res.body.string
                #expect(html.contains("Checking out now (15:31) counts as an <strong>early leave</strong>"))
                #expect(html.contains("Check out anyway"))
                #expect(html.contains("<button type=\"submit\" class=\"link lang\" lang=\"ko\">한국어</button>"))
                #expect(Self.hidden("asked_at", in: html) == confirmation["asked_at"], "asked again, the question keeps its first window")
            }
            #expect(try await ScanRecord.query(on: app.db).count() == 1)
            var undo = ""
            try await app.testing().test(.POST, "/check-in", headers: browser.headers(), beforeRequest: { req in
                try req.content.encode(confirmation, as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("퇴실 완료"))
                #expect(res.body.string.contains("되돌리기"))
                undo = res.body.string.components(separatedBy: "action=\"/check-in/scans/").dropFirst().first?.components(separatedBy: "\"").first ?? ""
            }
            let checkOut = try #require(try await ScanRecord.query(on: app.db).filter(\.$kind == "check_out").first())
            #expect(undo == "\(checkOut.id!)/withdrawal")

            // Taken back from the page: it stays in the ledger, marked, and counts no more.
            try await app.testing().test(.POST, "/check-in/scans/\(undo)", headers: browser.headers(), beforeRequest: { req in
                try req.content.encode(["_csrf": browser.csrf], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/check-in?withdrawn=check_out")
            }
            #expect(try await ScanRecord.find(checkOut.id, on: app.db)?.withdrawnAt != nil)
            let today = try await CohortLedger.scans(cohortID: f.cohortA.id!, personID: f.traineeA.id!, day: Day("2026-11-02"), on: app.db as! any SQLDatabase)
            #expect(today.map(\.kind) == [.checkIn])
            try await app.testing().test(.GET, "/check-in?withdrawn=check_out", headers: browser.headers()) { res in
                #expect(res.body.string.contains("퇴실 기록을 되돌렸습니다"))
            }
            // Twice is a conflict; the check-in is never taken back.
            let fresh = try await app.token(f.traineeA.email)
            try await app.testing().test(.POST, "/api/v1/me/scans/\(checkOut.id!)/withdrawal", headers: bearer(fresh)) { res in
                #expect(res.status == .conflict)
                #expect(res.body.string.contains("이미 되돌린 기록입니다"))
            }
            let checkIn = try #require(try await ScanRecord.query(on: app.db).filter(\.$kind == "check_in").first())
            try await app.testing().test(.POST, "/api/v1/me/scans/\(checkIn.id!)/withdrawal", headers: bearer(fresh)) { res in
                #expect(res.status == .conflict)
                #expect(res.body.string.contains("입실은 되돌릴 수 없습니다"))
            }
        }
    }

    @Test("a scan is taken back only by its own trainee and only within five minutes")
    func undoIsOwnAndShort() async throws {
        try await withApp { app, f, clock in
            try await app.schedule(f.cohortA)
            let token = try await app.token(f.traineeA.email)
            try await app.checkIn(token, code: app.code(for: f.campusA)) { _ in }
            clock.advance(3600)
            var outID = 0
            try await app.checkIn(token, code: app.code(for: f.campusA), kind: "go_out") { res in
                outID = try res.content.decode(CheckInOutput.self).scanID
            }
            // Another trainee, or anyone else, finds no such scan.
            let other = try await app.token(f.traineeB.email)
            try await app.testing().test(.POST, "/api/v1/me/scans/\(outID)/withdrawal", headers: bearer(other)) { res in #expect(res.status == .notFound) }
            let staff = try await app.token(f.staffA.email)
            try await app.testing().test(.POST, "/api/v1/me/scans/\(outID)/withdrawal", headers: bearer(staff)) { res in #expect(res.status == .forbidden) }
            clock.advance(5 * 60 + 1)
            try await app.testing().test(.POST, "/api/v1/me/scans/\(outID)/withdrawal", headers: bearer(token)) { res in
                #expect(res.status == .conflict)
                #expect(res.body.string.contains("5분이 지나 되돌릴 수 없습니다"))
            }
            #expect(try await ScanRecord.find(outID, on: app.db)?.withdrawnAt == nil)
            // One key, another kind: not a retry but a mistake, refused.
            let key = try #require(try await ScanRecord.find(outID, on: app.db)?.idempotencyKey)
            try await app.checkIn(token, code: app.code(for: f.campusA), kind: "come_back", key: key) { res in
                #expect(res.status == .conflict)
                #expect(res.body.string.contains("idempotency_key_reused"))
            }
            clock.advance(60)
            var comeBack = 0
            try await app.checkIn(token, code: app.code(for: f.campusA), kind: "come_back") { res in
                comeBack = try res.content.decode(CheckInOutput.self).scanID
            }
            try await app.testing().test(.POST, "/api/v1/me/scans/\(comeBack)/withdrawal", headers: bearer(token)) { res in
                #expect(res.status == .ok)
                let out = try res.content.decode(WithdrawnScan.self)
                #expect(out.kind == "come_back" && out.scanID == comeBack)
            }
        }
    }

    @Test("the screen's six digits stand for its code, for the trainee's own campus only, ten tries in ten minutes")
    func typedCode() async throws {
        try await withApp { app, f, _ in
            try await app.schedule(f.cohortA)
            let staff = try await app.token(f.staffA.email)
            let screen = try await app.json("/api/v1/campuses/\(f.campusA.id!)/check-in-code", token: staff, as: CheckInCodeOutput.self)
            #expect(screen.typedCode.count == 6 && screen.typedCode.allSatisfy(\.isNumber))
            try await app.testing().test(.GET, "/campuses/\(f.campusA.id!)/check-in-screen", headers: try await app.login(f.staffA.email).headers()) { res in
                #expect(res.body.string.contains("\(screen.typedCode.prefix(3)) \(screen.typedCode.suffix(3))"))
            }
            let browser = try await app.login(f.traineeA.email)
            let spaced = screen.typedCode.prefix(3) + " " + screen.typedCode.suffix(3)
            try await app.testing().test(.GET, "/check-in?code=\(spaced.replacingOccurrences(of: " ", with: "+"))", headers: browser.headers()) { res in
                #expect(res.status == .ok)
                let html = res.body.string
                #expect(html.contains("창원 캠퍼스"))
                #expect(Self.hidden("code", in: html) == app.code(for: f.campusA))
            }
            // Campus B's trainee cannot use campus A's digits.
            let stranger = try await app.login(f.traineeB.email)
            try await app.testing().test(.GET, "/check-in?code=\(screen.typedCode)", headers: stranger.headers()) { res in
                #expect(res.body.string.contains("화면의 여섯 자리 숫자와 다릅니다"))
                #expect(!res.body.string.contains("창원 캠퍼스"))
            }
            let wrong = String(format: "%06d", (Int(screen.typedCode)! + 1) % 1_000_000)
            for _ in 0..<8 {
                try await app.testing().test(.GET, "/check-in?code=\(wrong)", headers: browser.headers()) { res in
                    #expect(res.status == .unprocessableEntity)
                    #expect(res.body.string.contains("화면의 여섯 자리 숫자와 다릅니다"))
                }
            }
            // The tenth and eleventh try: the right digits no longer help for a while.
            try await app.testing().test(.GET, "/check-in?code=\(screen.typedCode)", headers: browser.headers()) { res in #expect(res.status == .ok) }
            try await app.testing().test(.GET, "/check-in?code=\(screen.typedCode)", headers: browser.headers()) { res in
                #expect(res.status == .tooManyRequests)
                #expect(res.body.string.contains("코드를 너무 여러 번 입력했습니다"))
            }
        }
    }

    @Test("a code scanned while logged out opens again after the login, still checked for its window")
    func scanSurvivesLogin() async throws {
        try await withApp { app, f, _ in
            try await app.schedule(f.cohortA)
            let code = app.code(for: f.campusA)
            var next = ""
            try await app.testing().test(.GET, "/check-in?code=\(code)") { res in
                #expect(res.status == .seeOther)
                let location = res.headers.first(name: .location) ?? ""
                next = URLComponents(string: location)?.queryItems?.first { $0.name == "next" }?.value ?? ""
            }
            #expect(next == "/check-in?code=\(code)")
            // A mistyped password first: the form keeps where the person was going.
            try await app.submitLoginForm(f.traineeA.email, password: "wrong password here", next: next) { res in
                #expect(res.status == .unauthorized)
                #expect(res.body.string.contains("name=\"next\" value=\"/check-in?code=\(code)\""))
            }
            try await app.submitLoginForm(f.traineeA.email, next: next) { res in
                #expect(res.headers.first(name: .location) == "/check-in?code=\(code)")
            }
        }
    }

    @Test("the live roster names an early leave 조퇴 and refreshes itself; a refresh showing the same people is logged once")
    func liveRoster() async throws {
        try await withApp { app, f, clock in
            try await app.schedule(f.cohortA)
            let token = try await app.token(f.traineeA.email)
            try await app.checkIn(token, code: app.code(for: f.campusA)) { _ in }
            clock.advance(4 * 3600 + 57 * 60)
            try await app.checkIn(try await app.token(f.traineeA.email), code: app.code(for: f.campusA), kind: "check_out") { res in #expect(res.status == .created) }
            let staff = try await app.token(f.staffA.email)
            let roster = try await app.json("/api/v1/cohorts/\(f.cohortA.id!)/roster", token: staff, as: RosterOutput.self)
            #expect(roster.trainees.first { $0.personID == f.traineeA.id! }?.state == "left_early")
            #expect(roster.counts["left_early"] == 1)

            let browser = try await app.login(f.staffA.email)
            func listings() async throws -> Int {
                try await AccessLogEntry.query(on: app.db).filter(\.$actorID == f.staffA.id!).all().filter { $0.action.hasPrefix("list") }.count
            }
            let before = try await listings()
            try await app.testing().test(.GET, "/cohorts/\(f.cohortA.id!)/roster", headers: browser.headers()) { res in
                let html = res.body.string
                #expect(html.contains("<span class=\"state left_early\">조퇴</span>"))
                #expect(html.contains("data-refresh=\"/cohorts/\(f.cohortA.id!)/roster\""))
                #expect(html.contains("/assets/follow.js"))
            }
            #expect(try await listings() == before + 1)
            var refresh = browser.headers()
            refresh.add(name: "X-Ieum-Refresh", value: "1")
            for _ in 0..<3 {
                clock.advance(20)
                try await app.testing().test(.GET, "/cohorts/\(f.cohortA.id!)/roster", headers: refresh) { res in #expect(res.status == .ok) }
            }
            #expect(try await listings() == before + 1)
            // Opened again by hand, it is a new look.
            try await app.testing().test(.GET, "/cohorts/\(f.cohortA.id!)/roster", headers: browser.headers()) { res in #expect(res.status == .ok) }
            #expect(try await listings() == before + 2)
        }
    }

    @Test("a self-refresh is matched to an earlier entry only when the entry kept its whole detail")
    func refreshMatchesWholeDetailsOnly() async throws {
        try await withApp { app, f, _ in
            let req = Request(application: app, method: .GET, url: URI(path: "/cohorts/1/roster"), on: app.eventLoopGroup.next())
            let short = "roster — 1,2,3", long = "roster — " + (1...120).map(String.init).joined(separator: ",")
            for detail in [short, long] {
                try await AccessLog.record(req, actor: f.staffA.id!, subject: nil, action: "list 3", detail: detail)
            }
            #expect(try await AccessLog.alreadyHolds(req, actor: f.staffA.id!, action: "list 3", detail: short))
            #expect(!(try await AccessLog.alreadyHolds(req, actor: f.staffA.id!, action: "list 3", detail: long)),
                    "a list cut at 300 characters may differ after the cut: it is written again")
            #expect(!(try await AccessLog.alreadyHolds(req, actor: f.adminA.id!, action: "list 3", detail: short)), "another viewer's look is their own")
        }
    }
}
