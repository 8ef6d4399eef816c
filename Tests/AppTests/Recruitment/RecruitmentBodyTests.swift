@testable import App
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Recruitment request bodies")
struct RecruitmentBodyTests {
    /// The fields a 422 answer names.
    static func refused(_ app: Application, _ method: HTTPMethod, _ path: String, _ token: String?, _ body: JSONObject) async throws -> [String] {
        var fields: [String] = []
        try await app.testing().test(method, path, headers: token.map(bearer) ?? [:], beforeRequest: { req in
            try req.content.encode(body)
        }) { res in
            #expect(res.status == .unprocessableEntity, "\(method) \(path): \(res.body.string)")
            fields = try res.content.decode(ErrorBody.self).error.fields.map { $0.keys.sorted() } ?? []
        }
        return fields
    }

    @Test("each recruitment body is declared in the document and checked at the door: a wrong JSON type or an unknown field is refused by name")
    func bodiesAreChecked() async throws {
        try await withApp { app, f, _ in
            let document = OpenAPIDocument.inputs
            for key in ["post /api/v1/signup", "post /api/v1/signup/confirm", "put /api/v1/cohorts/{id}/recruitment",
                        "post /api/v1/cohorts/{id}/recruitment/publish", "post /api/v1/cohorts/{id}/selection", "post /api/v1/admissions",
                        "post /api/v1/admissions/{admissionID}/state", "post /api/v1/cohorts/{id}/admissions/advance",
                        "post /api/v1/cohorts/{id}/admissions/reviewers", "put /api/v1/admission-reviews/{reviewID}",
                        "post /api/v1/admissions/{admissionID}/test/{assignmentID}/submissions"] {
                #expect(document[key] != nil, "\(key) declares its body")
            }
            let cohort = try await app.recruitingCohort(f, seats: 5)
            let admin = try await app.token("admin.a@test.kr")
            let settings = "/api/v1/cohorts/\(cohort.id!)/recruitment"
            #expect(try await Self.refused(app, .PUT, settings, admin, ["opens_on": "2026-11-01", "closes_on": "2026-11-20", "rubric": "동기 | 100",
                "reviews_per_application": "1", "resident_share": 0, "confirm_days": 3, "blind_review": "true"]) == ["blind_review", "reviews_per_application"])
            // Whether review is blind is always said: left out, it is asked for by name (it would read as "not blind").
            #expect(try await Self.refused(app, .PUT, settings, admin, ["opens_on": "2026-11-01", "closes_on": "2026-11-20", "rubric": "동기 | 100",
                "reviews_per_application": 1, "resident_share": 0, "confirm_days": 3]) == ["blind_review"])
            #expect(try await Self.refused(app, .POST, settings + "/publish", admin, ["published": "false"]) == ["published"])
            #expect(try await Self.refused(app, .POST, "/api/v1/cohorts/\(cohort.id!)/admissions/advance", admin, ["from": "review"]) == ["from"])
            #expect(try await Self.refused(app, .POST, "/api/v1/cohorts/\(cohort.id!)/admissions/reviewers", admin, ["reviewers": .int(f.mentorA.id!)]) == ["reviewers"])
            #expect(try await Self.refused(app, .POST, "/api/v1/cohorts/\(cohort.id!)/selection", admin, ["apply": "1"]) == ["apply"])
            try await app.openRecruitment(cohort, extra: ["reviews_per_application": 1])
            let token = try await app.applicant(1)
            #expect(try await Self.refused(app, .POST, "/api/v1/admissions", token, ["cohort_id": .string(String(cohort.id!)), "motivaton": "오타", "q21": "x"])
                == ["cohort_id", "motivaton", "q21"])
            let sent = try await app.apply(token, cohort: cohort, [:])
            #expect(try await Self.refused(app, .POST, "/api/v1/admissions/\(sent.id)/state", admin, ["to": "selected"]) == ["to"])
            _ = try await app.post("/api/v1/cohorts/\(cohort.id!)/admissions/advance", admin, ["from": "submitted"])
            _ = try await app.post("/api/v1/cohorts/\(cohort.id!)/admissions/advance", admin, ["from": "screening"])
            _ = try await app.post("/api/v1/cohorts/\(cohort.id!)/admissions/reviewers", admin, ["reviewers": [.int(f.mentorA.id!)]])
            let mentor = try await app.token("mentor.a@test.kr")
            let review = try #require(try await app.json("/api/v1/admission-reviews", token: mentor, as: [ReviewListItem].self).first)
            #expect(try await Self.refused(app, .PUT, "/api/v1/admission-reviews/\(review.reviewID)", mentor, ["c1": "3", "c2": 6, "c11": 1]) == ["c1", "c11", "c2"])
        }
    }
}
