@testable import App
import Foundation
import Testing
import Vapor
import VaporTesting

/// What schemathesis's program-manager run found: bodies that fit the document but named no record, or spanned
/// centuries, reached the database or the KPI arithmetic. Each is a 422 beside its field, and nothing changes.
@Suite("Resource input rules")
struct ResourceRulesTests {
    @Test("a cohort spanning centuries, or reaching the calendar's last typed year, is refused beside ends_on, not a stopped server")
    func cohortSpan() async throws {
        try await withApp { app, f, _ in
            let pm = try await app.token(f.pm.email)
            for (starts, ends, message) in [("1970-12-30", "2200-07-08", "기수는 3년을 넘겨 운영할 수 없습니다."),
                                            ("2026-01-05", "2030-01-05", "기수는 3년을 넘겨 운영할 수 없습니다.")] {
                try await app.testing().test(.PATCH, "/api/v1/cohorts/\(f.cohortA.id!)", headers: bearer(pm), beforeRequest: { req in
                    try req.content.encode(["starts_on": .string(starts), "ends_on": .string(ends)] as JSONObject)
                }) { res in
                    #expect(res.status == .unprocessableEntity)
                    #expect((try? res.content.decode(ErrorBody.self))?.error.fields?["ends_on"] == message)
                }
            }
            // The calendar's last years still count forward (a six-month employment window past 2200).
            try await app.testing().test(.PATCH, "/api/v1/cohorts/\(f.cohortA.id!)", headers: bearer(pm), beforeRequest: { req in
                try req.content.encode(["starts_on": "2199-09-01", "ends_on": "2200-07-08"] as JSONObject)
            }) { res in #expect(res.status == .ok, "\(res.body.string)") }
            try await app.testing().test(.GET, "/api/v1/kpis/summary", headers: bearer(pm)) { res in #expect(res.status == .ok) }
        }
    }

    @Test("a program whose last year comes before its first, with yearly targets, is refused beside end_year, not a stopped server")
    func programYears() async throws {
        try await withApp { app, f, _ in
            let pm = try await app.token(f.pm.email)
            try await app.testing().test(.POST, "/api/v1/programs", headers: bearer(pm), beforeRequest: { req in
                try req.content.encode(["name": "거꾸로 된 사업", "start_year": 2067, "end_year": 2056, "cumulative_target": 1000,
                                        "year_targets": "2060: 10"] as JSONObject)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                #expect((try? res.content.decode(ErrorBody.self))?.error.fields?["end_year"] == "종료 연도는 시작 연도보다 빠를 수 없습니다.")
            }
            try await app.testing().test(.GET, "/healthz") { res in #expect(res.status == .ok) }
        }
    }

    @Test("yearly targets too large to add up are refused beside the field on the page form, and the server keeps answering")
    func hugeYearTargets() async throws {
        try await withApp { app, f, _ in
            let browser = try await app.login(f.pm.email)
            func edit(_ targets: String, _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.POST, "/programs/\(f.program.id!)/edit", headers: browser.headers(), beforeRequest: { req in
                    try req.content.encode(["name": f.program.name, "start_year": "2022", "end_year": "2027", "cumulative_target": "90000",
                                            "year_targets": targets, "_csrf": browser.csrf], as: .urlEncodedForm)
                }, afterResponse: check)
            }
            try await edit("2022: 9000000000000000000\r\n2023: 9000000000000000000") { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("2022년 목표가 너무 큽니다."))
            }
            try await edit("2022: 10,000\r\n2022: 5000") { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("2022년이 두 번 적혔습니다."))
            }
            try await app.testing().test(.GET, "/healthz") { res in #expect(res.status == .ok) }
            let stored = try await ProgramYearTarget.query(on: app.db).all().map { [$0.year, $0.target] }
            #expect(stored == [[2022, 10_000]], "nothing half-written")
        }
    }

    @Test("a program manager's campus or course for an operator that does not exist names operator_id, not a duplicate")
    func unknownOperator() async throws {
        try await withApp { app, f, _ in
            let pm = try await app.token(f.pm.email)
            let bodies: [(String, JSONObject)] = [
                ("/api/v1/campuses", ["operator_id": 9_999_999, "name": "새 캠퍼스", "region": "busan", "address": "부산"]),
                ("/api/v1/courses", ["operator_id": 9_999_999, "title": "백엔드", "track": "backend", "total_hours": 100,
                                     "theory_hours": 60, "project_hours": 40]),
            ]
            for (path, body) in bodies {
                try await app.testing().test(.POST, path, headers: bearer(pm), beforeRequest: { req in try req.content.encode(body) }) { res in
                    #expect(res.status == .unprocessableEntity, "\(path): \(res.body.string)")
                    #expect((try? res.content.decode(ErrorBody.self))?.error.fields?["operator_id"] == "목록에서 선택하세요.", "\(path)")
                }
            }
        }
    }
}
