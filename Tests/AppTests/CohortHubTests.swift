@testable import App
import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting

/// Navigation that follows the work (issue 24, point 2): a cohort's page leads to everything about it, and the
/// KPI drill-down reaches a cohort's figures and goes back up.
@Suite("A cohort's page as its hub")
struct CohortHubTests {
    @Test("campus staff reach attendance, assignments, gradebook, recruitment and completion from the cohort page")
    func staffHub() async throws {
        try await withApp { app, f, _ in
            let staff = try await app.login(f.staffA.email)
            let id = f.cohortA.id!
            try await app.testing().test(.GET, "/cohorts/\(id)", headers: staff.headers()) { res in
                #expect(res.status == .ok)
                let html = res.body.string
                for path in ["/cohorts/\(id)/roster", "/cohorts/\(id)/attendance", "/cohorts/\(id)/schedule",
                             "/attendance/corrections?cohort=\(id)", "/cohorts/\(id)/assignments", "/cohorts/\(id)/gradebook",
                             "/cohorts/\(id)/completion", "/cohorts/\(id)/recruitment"] {
                    #expect(html.contains("href=\"\(path)\""), "the cohort page links to \(path)")
                }
                // Campus staff do not read KPIs: no drill-down trail, no figures.
                #expect(!html.contains("class=\"breadcrumbs\"") && !html.contains("이 기수의 성과"))
            }
            for path in ["/cohorts/\(id)/assignments", "/cohorts/\(id)/gradebook"] {
                try await app.testing().test(.GET, path, headers: staff.headers()) { res in #expect(res.status == .ok, "\(path) opens for campus staff") }
            }
        }
    }

    @Test("the drill-down reaches the cohort's figures with the way back; a program manager sees them hidden as in the campus table")
    func kpiDrillDown() async throws {
        try await withApp { app, f, _ in
            try await KPIRollup.refresh(cohorts: [f.cohortA.id!], on: app.db)
            let pm = try await app.login(f.pm.email)
            let id = f.cohortA.id!, campus = f.campusA.id!, op = f.operatorA.id!
            var campusRow = ""
            try await app.testing().test(.GET, "/kpis/campuses/\(campus)", headers: pm.headers()) { res in
                let html = res.body.string
                #expect(html.contains("<a href=\"/kpis\">사업 성과</a> › <a href=\"/kpis/operators/\(op)\">한빛 아카데미</a> › <span aria-current=\"page\">창원 캠퍼스</span>"))
                #expect(html.contains("href=\"/cohorts/\(id)\""))
                campusRow = html.components(separatedBy: "href=\"/cohorts/\(id)\"").dropFirst().first?.components(separatedBy: "</tr>").first ?? ""
            }
            try await app.testing().test(.GET, "/cohorts/\(id)", headers: pm.headers()) { res in
                let html = res.body.string
                #expect(html.contains("<a href=\"/kpis\">사업 성과</a> › <a href=\"/kpis/operators/\(op)\">한빛 아카데미</a> › <a href=\"/kpis/campuses/\(campus)\">창원 캠퍼스</a> › <span aria-current=\"page\">창원 1기</span>"))
                #expect(html.contains("<h2>이 기수의 성과</h2>"))
                // One trainee: under 5, hidden on the cohort page exactly as in the campus table.
                #expect(campusRow.contains("&lt;5"))
                #expect(html.contains("<span class=\"num\">&lt;5</span>"))
                // Nor does a list of its people give the hidden count back.
                #expect(!html.contains(f.traineeA.name) && !html.contains("<h2>수강생"))
            }
            let admin = try await app.login(f.adminA.email)
            try await app.testing().test(.GET, "/cohorts/\(id)", headers: admin.headers()) { res in
                let html = res.body.string
                #expect(html.contains("<h2>이 기수의 성과</h2>"))
                #expect(!html.contains("<span class=\"num\">&lt;5</span>"))   // inside its own academy, in full
                #expect(html.contains("<h2>수강생 (1)</h2>") && html.contains(f.traineeA.name))
            }
        }
    }

    @Test("the cohort list says which ended cohorts still await completion")
    func awaitingCompletion() async throws {
        try await withApp { app, f, _ in
            let ended = try await Cohort.find(f.cohortA2.id, on: app.db)!
            ended.startsOn = "2026-05-01"
            ended.endsOn = "2026-10-30"
            try await ended.save(on: app.db)
            let admin = try await app.login(f.adminA.email)
            try await app.testing().test(.GET, "/cohorts", headers: admin.headers()) { res in
                let html = res.body.string
                let a2 = html.components(separatedBy: "광주 1기").dropFirst().first?.components(separatedBy: "</tr>").first ?? ""
                let a1 = html.components(separatedBy: "창원 1기").dropFirst().first?.components(separatedBy: "</tr>").first ?? ""
                #expect(a2.contains("수료 처리 대기"))
                #expect(a1.contains("훈련 중"))
            }
        }
    }

    @Test("two trainees of one name are told apart on the roster, its hand-scan list, the matrix and the cohort page")
    func namesakes() async throws {
        try await withApp { app, f, _ in
            try await app.schedule(f.cohortA)
            let twin = Person(name: "김민준", email: "kim.twin@test.kr", phone: "010-2222-0009")
            try await twin.create(on: app.db)
            try await Enrollment(personID: twin.id!, cohort: f.cohortA, state: "enrolled", at: Date()).create(on: app.db)
            let staff = try await app.login(f.staffA.email)
            for path in ["/cohorts/\(f.cohortA.id!)/roster", "/cohorts/\(f.cohortA.id!)/attendance", "/cohorts/\(f.cohortA.id!)"] {
                try await app.testing().test(.GET, path, headers: staff.headers()) { res in
                    let html = res.body.string
                    #expect(html.contains("<small class=\"muted\">휴대전화 …0001</small>"), "\(path) tells the first 김민준 apart")
                    #expect(html.contains("<small class=\"muted\">휴대전화 …0009</small>"), "\(path) tells the second 김민준 apart")
                }
            }
            try await app.testing().test(.GET, "/cohorts/\(f.cohortA.id!)/roster", headers: staff.headers()) { res in
                #expect(res.body.string.contains(">김민준 (휴대전화 …0009)</option>"))
            }
        }
    }
}
