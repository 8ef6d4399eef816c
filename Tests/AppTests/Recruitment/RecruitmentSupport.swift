@testable import App
import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting

extension Application {
    /// A cohort of campus A (Changwon, 경남) starting after the fixture's "today", with `seats` seats.
    func recruitingCohort(_ f: Fixture, seats: Int) async throws -> Cohort {
        let c = Cohort(courseID: f.courseA.id!, campusID: f.campusA.id!, operatorID: f.operatorA.id!, name: "창원 2기",
                       startsOn: "2027-01-04", endsOn: "2027-06-30", capacity: seats)
        try await c.create(on: db)
        return c
    }

    /// Sets up and publishes the cohort's recruitment as operator admin A.
    func openRecruitment(_ cohort: Cohort, blind: Bool = true, extra: JSONObject = [:]) async throws {
        let admin = try await token("admin.a@test.kr")
        let settings: JSONObject = ["opens_on": "2026-11-01", "closes_on": "2026-11-20", "age_min": 19, "age_max": 34, "not_in_other_course": true,
                                    "questions": "long: 이 과정에서 만들고 싶은 것\nchoice: 희망 트랙 | 백엔드 | 프론트엔드", "rubric": "동기 | 30\n문제 해결 | 70",
                                    "reviews_per_application": 2, "blind_review": .bool(blind), "resident_share": 40, "confirm_days": 3]
        let body = settings.merging(extra) { $1 }
        try await testing().test(.PUT, "/api/v1/cohorts/\(cohort.id!)/recruitment", headers: bearer(admin), beforeRequest: { req in
            try req.content.encode(body)
        }) { res in #expect(res.status == .ok, "\(res.body.string)") }
        try await testing().test(.POST, "/api/v1/cohorts/\(cohort.id!)/recruitment/publish", headers: bearer(admin), beforeRequest: { req in
            try req.content.encode(["published": true] as JSONObject)
        }) { res in #expect(res.status == .ok) }
    }

    /// Signs up through the API and returns a token.
    func applicant(_ n: Int, name: String? = nil) async throws -> String {
        let email = "applicant\(n)@mail.kr"
        try await testing().test(.POST, "/api/v1/signup", beforeRequest: { req in
            try req.content.encode(["name": name ?? "지원자\(n)", "email": email, "phone": "010-5555-\(String(format: "%04d", n))",
                                    "password": "correct horse battery \(n)"])
        }) { res in #expect(res.status == .accepted, "\(res.body.string)") }
        try await confirmSignUp(email, password: "correct horse battery \(n)")
        return try await token(email, password: "correct horse battery \(n)")
    }

    func apply(_ token: String, cohort: Cohort, _ fields: JSONObject, submit: Bool = true) async throws -> AdmissionOutput {
        let body: JSONObject = ["cohort_id": .int(cohort.id!), "birth_date": "2000-05-05", "gender": "female",
                    "residence": "gyeongnam", "education": "university", "school": "창원대학교", "employment": "unemployed",
                    "motivation": "공장 데이터를 다루는 백엔드 개발자가 되고 싶습니다.", "q1": "설비 알림 서비스", "q2": "백엔드",
                    "submit": .bool(submit)].merging(fields) { $1 }
        var out: AdmissionOutput?
        try await testing().test(.POST, "/api/v1/admissions", headers: bearer(token), beforeRequest: { req in
            try req.content.encode(body)
        }) { res in
            #expect(res.status == .ok, "\(res.body.string)")
            out = try res.content.decode(AdmissionOutput.self)
        }
        return out!
    }

    func publicJSON<T: Decodable & Sendable>(_ path: String, as type: T.Type) async throws -> T {
        var out: T?
        try await testing().test(.GET, path) { res in
            #expect(res.status == .ok, "GET \(path)")
            out = try res.content.decode(T.self)
        }
        return out!
    }

    func post(_ path: String, _ token: String, _ body: JSONObject = [:], expect status: HTTPStatus = .ok) async throws -> TestingHTTPResponse? {
        var response: TestingHTTPResponse?
        try await testing().test(.POST, path, headers: bearer(token), beforeRequest: { req in
            try req.content.encode(body)
        }) { res in
            #expect(res.status == status, "POST \(path): \(res.body.string)")
            response = res
        }
        return response
    }

    /// Every assigned review scored by its reviewer; `score` gives the 1–5 scores of an application.
    func reviewAll(_ reviewers: [String], score: (Int) -> (Int, Int)) async throws {
        for email in reviewers {
            let token = try await token(email)
            for item in try await json("/api/v1/admission-reviews", token: token, as: [ReviewListItem].self) where !item.done {
                let (a, b) = score(item.applicationNumber)
                try await testing().test(.PUT, "/api/v1/admission-reviews/\(item.reviewID)", headers: bearer(token), beforeRequest: { req in
                    try req.content.encode(["c1": .int(a), "c2": .int(b), "comment": "성실함"] as JSONObject)
                }) { res in #expect(res.status == .ok, "\(res.body.string)") }
            }
        }
    }
}
