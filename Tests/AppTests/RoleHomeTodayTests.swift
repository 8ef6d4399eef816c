@testable import App
import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting

/// Every role's home answers "what needs me today" (issue 24).
@Suite("Homes that say what needs each role today")
struct RoleHomeTodayTests {
    @Test("campus staff: corrections waiting, a cohort to close, and each running cohort's check-ins so far")
    func staff() async throws {
        try await withApp { app, f, _ in
            try await app.schedule(f.cohortA)
            let ended = try await Cohort.find(f.cohortA2.id, on: app.db)!
            ended.startsOn = "2026-05-01"
            ended.endsOn = "2026-10-30"
            try await ended.save(on: app.db)
            let trainee = try await app.token(f.traineeA.email)
            try await app.checkIn(trainee, code: app.code(for: f.campusA)) { res in #expect(res.status == .created) }
            let browser = try await app.login(f.staffA.email)
            let admin = try await app.login(f.adminA.email)
            try await app.testing().test(.GET, "/", headers: browser.headers()) { res in
                let html = res.body.string
                #expect(html.contains("<h2>오늘 할 일</h2>"))
                #expect(html.contains("입실 1 / 1"), "one of one trainee is in")
                #expect(!html.contains("출결 정정 요청"), "nothing waits yet")
            }
            let (headers, body) = multipart(["day": "2026-11-02", "kind": "missing_scan", "scan_kind": "go_out", "time": "09:30", "reason": "외출 태그를 잊었습니다"],
                                            file: ("a.png", "image/png", pngEvidence))
            var h = bearer(trainee)
            h.add(contentsOf: headers)
            try await app.testing().test(.POST, "/api/v1/attendance/corrections", headers: h, body: body) { res in #expect(res.status == .created) }
            try await app.testing().test(.GET, "/", headers: admin.headers()) { res in
                let html = res.body.string
                #expect(html.contains("출결 정정 요청 1건이 결정을 기다립니다"))
                #expect(html.contains("광주 1기: 2026-10-30에 끝났고 수료 처리를 기다립니다"))
                #expect(html.contains("href=\"/cohorts/\(ended.id!)/completion\""))
            }
        }
    }

    @Test("a trainee sees today's hours and where they stand in them")
    func trainee() async throws {
        try await withApp { app, f, _ in
            try await app.schedule(f.cohortA)
            let browser = try await app.login(f.traineeA.email)
            try await app.testing().test(.GET, "/", headers: browser.headers()) { res in
                let html = res.body.string
                #expect(html.contains("오늘 수업 09:00–18:00 · <span class=\"state not_yet\">미입실</span>"))
            }
            try await app.checkIn(try await app.token(f.traineeA.email), code: app.code(for: f.campusA)) { _ in }
            try await app.testing().test(.GET, "/", headers: browser.headers()) { res in
                #expect(res.body.string.contains("<span class=\"state late\">지각 입실</span>"))
            }
        }
    }

    @Test("an employer sees each posting with the applicants who wait for a first answer")
    func employer() async throws {
        try await withApp { app, f, clock in
            let (_, trainee, jobID) = try await app.graduateAndPosting(f, clock: clock)
            #expect(try await app.status(.POST, "/api/v1/jobs/\(jobID)/applications", trainee, ["message": "지원합니다"]) == .created)
            let browser = try await app.login("hr@factory.kr")
            try await app.testing().test(.GET, "/", headers: browser.headers()) { res in
                let html = res.body.string
                #expect(html.contains("첫 답을 기다리는 지원자 1명"))
                #expect(html.contains("href=\"/jobs/\(jobID)\">스마트팩토리 백엔드 개발자</a>"))
            }
        }
    }
}
