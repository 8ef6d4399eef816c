@testable import App
import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting

@Suite("KPI dashboard, API and exports")
struct KPIDashboardTests {
    func table(_ app: Application, _ name: String, token: String, query: String = "") async throws -> KPITableOutput {
        var out: KPITableOutput?
        try await app.testing().test(.GET, "/api/v1/kpis/tables/\(name)\(query)", headers: bearer(token)) { res in
            #expect(res.status == .ok, "\(res.body.string)")
            out = try res.content.decode(KPITableOutput.self)
        }
        return try #require(out)
    }

    @Test("an operator sees its own academy in full; the program manager sees every academy with small counts suppressed")
    func scopeAndSuppression() async throws {
        try await withApp { app, f, _ in
            let admin = try await app.token(f.adminA.email)
            let own = try await table(app, "operators", token: admin)
            #expect(!own.suppressed)
            #expect(own.rows.map(\.key) == ["\(f.operatorA.id!)", "total"])
            #expect(own.rows[0].counts["enrolled"] == 1 && own.rows[0].counts["active"] == 1)

            let pm = try await app.token(f.pm.email)
            let all = try await table(app, "operators", token: pm)
            #expect(all.suppressed)
            #expect(all.rows.count == 3)
            // One trainee per academy: every count of 1 is hidden, and the totals (2) with them.
            #expect(all.rows.allSatisfy { $0.counts["enrolled"] == nil && $0.suppressed.contains("enrolled") })
            #expect(all.rows.allSatisfy { $0.counts["completed"] == 0 })
        }
    }

    @Test("another operator's drill-down is not found")
    func drillDownScope() async throws {
        try await withApp { app, f, _ in
            let admin = try await app.login(f.adminA.email)
            try await app.testing().test(.GET, "/kpis/operators/\(f.operatorB.id!)", headers: admin.headers()) { res in
                #expect(res.status == .notFound)
            }
            try await app.testing().test(.GET, "/kpis/campuses/\(f.campusB.id!)", headers: admin.headers()) { res in
                #expect(res.status == .notFound)
            }
            try await app.testing().test(.GET, "/kpis/operators/\(f.operatorA.id!)", headers: admin.headers()) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains(f.campusA.name))
                #expect(!res.body.string.contains(f.campusB.name))
            }
            // Filters naming another academy's operator or campus are a 404 too, never a page of zeros.
            let token = try await app.token(f.adminA.email)
            for query in ["operator_id=\(f.operatorB.id!)", "campus_id=\(f.campusB.id!)", "operator_id=99999"] {
                for path in ["/api/v1/kpis/summary", "/api/v1/kpis/tables/operators"] {
                    try await app.testing().test(.GET, path + "?" + query, headers: bearer(token)) { res in #expect(res.status == .notFound, "\(path)?\(query)") }
                }
            }
            try await app.testing().test(.GET, "/api/v1/kpis/summary?operator_id=\(f.operatorA.id!)", headers: bearer(token)) { res in #expect(res.status == .ok) }
            let trainee = try await app.token(f.traineeA.email)
            try await app.testing().test(.GET, "/api/v1/kpis/summary", headers: bearer(trainee)) { res in #expect(res.status == .forbidden) }
        }
    }

    @Test("a completion and a hire show in the next answer of the summary")
    func freshness() async throws {
        try await withApp { app, f, clock in
            var admin = try await app.token(f.adminA.email)
            func summary() async throws -> KPISummaryOutput {
                var out: KPISummaryOutput?
                try await app.testing().test(.GET, "/api/v1/kpis/summary", headers: bearer(admin)) { res in
                    out = try res.content.decode(KPISummaryOutput.self)
                }
                return try #require(out)
            }
            #expect(try await summary().totals.counts["completed"] == 0)
            admin = try await app.completeTraineeA(f, clock: clock, as: f.adminA.email)
            try await app.testing().test(.POST, "/api/v1/employment", headers: bearer(admin), beforeRequest: { req in
                try req.content.encode(["enrollment_id": .int(f.enrollmentA.id!), "employer_name": "(주)창원소프트", "job_title": "백엔드 개발자",
                                        "region": "gyeongnam", "starts_on": "2026-11-20", "verification": "contract"] as JSONObject)
            }) { res in #expect(res.status == .created) }
            let after = try await summary()
            #expect(after.totals.counts["completed"] == 1)
            #expect(after.totals.counts["employed"] == 1)
            #expect(after.totals.rates["regional_retention"] == 1.0)
            #expect(after.targets.first { $0.year == 2026 }?.actual == 1)
        }
    }

    @Test("a check-in shows in today's figure at once")
    func scanFreshness() async throws {
        try await withApp { app, f, _ in
            try await app.schedule(f.cohortA)
            let admin = try await app.token(f.adminA.email)
            func today() async throws -> (Int?, Int?) {
                var out: KPISummaryOutput?
                try await app.testing().test(.GET, "/api/v1/kpis/summary", headers: bearer(admin)) { res in
                    out = try res.content.decode(KPISummaryOutput.self)
                }
                let s = try #require(out)
                return (s.checkedInToday, s.dueToday)
            }
            #expect(try await today() == (0, 1))
            let trainee = try await app.token(f.traineeA.email)
            try await app.checkIn(trainee, code: app.code(for: f.campusA)) { res in #expect(res.status == .created) }
            #expect(try await today() == (1, 1))
        }
    }

    @Test("a course moved to another track is regrouped in the next answer (the cached snapshot is renewed)")
    func regrouped() async throws {
        try await withApp { app, f, _ in
            let admin = try await app.token(f.adminA.email)
            #expect(try await table(app, "tracks", token: admin).rows.map(\.key) == ["백엔드", "total"])
            try await app.testing().test(.PATCH, "/api/v1/courses/\(f.courseA.id!)", headers: bearer(admin), beforeRequest: { req in
                try req.content.encode(["track": "클라우드"] as JSONObject)
            }) { res in #expect(res.status == .ok, "\(res.body.string)") }
            #expect(try await table(app, "tracks", token: admin).rows.map(\.key) == ["클라우드", "total"])
            try await app.testing().test(.PATCH, "/api/v1/operators/\(f.operatorA.id!)", headers: bearer(admin), beforeRequest: { req in
                try req.content.encode(["name": "한빛 디지털 아카데미"] as JSONObject)
            }) { res in #expect(res.status == .ok, "\(res.body.string)") }
            #expect(try await table(app, "operators", token: admin).rows.first?.label == "한빛 디지털 아카데미")
        }
    }

    @Test("one decimal without Foundation's formatter", arguments: [(85.94, "85.9"), (0, "0.0"), (100, "100.0"), (2.25001, "2.3"), (-1.5, "-1.5")])
    func oneDecimal(value: Double, text: String) {
        #expect(KPIFormat.oneDecimal(value) == text)
    }

    @Test("filters narrow the numbers, and a bad filter is a 422 naming it")
    func filters() async throws {
        try await withApp { app, f, _ in
            let pm = try await app.token(f.pm.email)
            let web = try await table(app, "tracks", token: pm, query: "?track=%EC%9B%B9")
            #expect(web.rows.map(\.key) == ["웹", "total"])
            let none = try await table(app, "years", token: pm, query: "?year=2023")
            #expect(none.rows.map(\.key) == ["total"])
            for year in ["abc", "1999"] {
                try await app.testing().test(.GET, "/api/v1/kpis/tables/operators?year=\(year)", headers: bearer(pm)) { res in
                    #expect(res.status == .unprocessableEntity)
                    #expect((try? res.content.decode(ErrorBody.self))?.error.fields?["year"] != nil)
                }
            }
            try await app.testing().test(.GET, "/api/v1/kpis/tables/planets", headers: bearer(pm)) { res in #expect(res.status == .notFound) }
        }
    }

    @Test("exports: CSV with a byte-order mark and Korean headers, XLSX as a zip; the dashboard and report render")
    func exportsAndPages() async throws {
        try await withApp { app, f, _ in
            let admin = try await app.login(f.adminA.email)
            try await app.testing().test(.GET, "/kpis/export/campuses?format=csv", headers: admin.headers()) { res in
                #expect(res.status == .ok)
                let bytes = Array(res.body.readableBytesView)
                #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
                let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
                #expect(text.hasPrefix("캠퍼스,선발,훈련 시작,훈련 중,수료,중도 탈락,취업,"))
                #expect(text.contains("창원 캠퍼스,1,1,1,0,0,0,"))
            }
            try await app.testing().test(.GET, "/kpis/export/regions?format=xlsx", headers: admin.headers()) { res in
                #expect(res.status == .ok)
                #expect(Array(res.body.readableBytesView).starts(with: [0x50, 0x4B, 0x03, 0x04]))
            }
            for path in ["/kpis", "/kpis/report?year=2026", "/kpis/campuses/\(f.campusA.id!)"] {
                try await app.testing().test(.GET, path, headers: admin.headers()) { res in
                    #expect(res.status == .ok, "\(path)")
                    #expect(res.body.string.contains("<svg"), "\(path)")
                }
            }
        }
    }
}
