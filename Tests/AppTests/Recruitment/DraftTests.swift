@testable import App
import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting

@Suite("Application drafts")
struct DraftTests {
    @Test("a draft saves everything: a field that does not pass is kept as typed and marked, to put right before sending")
    func draftKeepsEverything() async throws {
        try await withApp { app, f, _ in
            let cohort = try await app.recruitingCohort(f, seats: 5)
            try await app.openRecruitment(cohort)
            _ = try await app.applicant(1)
            let session = try await app.login("applicant1@mail.kr", password: "correct horse battery 1")
            let draft = ["_csrf": session.csrf, "action": "save", "birth_date": "1999-02-30", "phone": "010-12",
                         "school": "부산대학교", "motivation": "현장에서 쓰는 백엔드를 배우고 싶습니다.\r\n부산에서 일하고 싶습니다."]
            try await app.testing().test(.POST, "/apply/\(cohort.id!)/form", headers: session.headers(), beforeRequest: { req in
                try req.content.encode(draft, as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/apply/\(cohort.id!)/form?saved=1")
            }
            let saved = try #require(try await Admission.query(on: app.db).first())
            #expect(saved.status == .draft && saved.school == "부산대학교" && saved.motivation.hasPrefix("현장에서"))
            #expect(saved.birthDate == nil && saved.unsettled == ["birth_date": "1999-02-30", "phone": "010-12"])
            let person = try #require(try await Person.find(saved.personID, on: app.db))
            #expect(person.phone == "010-5555-0001", "the account keeps the number it signed up with, not one that does not pass")
            // Opened again (another day, another device), the draft shows what was typed with the problems beside it.
            try await app.testing().test(.GET, "/apply/\(cohort.id!)/form?saved=1", headers: session.headers()) { res in
                #expect(res.status == .ok)
                let html = res.body.string
                #expect(html.contains("value=\"1999-02-30\"") && html.contains("value=\"010-12\"") && html.contains("value=\"부산대학교\""))
                #expect(html.contains("id=\"f-birth_date-error\"") && html.contains("id=\"f-phone-error\""))
                #expect(html.contains("표시된 칸도 적은 그대로 보관했지만, 제출하려면 고쳐야 합니다."))
            }
            // Sending it still needs every field right; nothing is written when it is refused.
            try await app.testing().test(.POST, "/apply/\(cohort.id!)/form", headers: session.headers(), beforeRequest: { req in
                try req.content.encode(draft.merging(["action": "submit"]) { $1 }, as: .urlEncodedForm)
            }) { res in #expect(res.status == .unprocessableEntity) }
            #expect(try await Admission.find(saved.id, on: app.db)?.status == .draft)
            // A program's draft is answered field by field instead (it sends each value on purpose).
            let token = try await app.token("applicant1@mail.kr", password: "correct horse battery 1")
            _ = try await app.post("/api/v1/admissions", token, ["cohort_id": .int(cohort.id!), "q2": "디자인"], expect: .unprocessableEntity)
            let unasked = try await app.post("/api/v1/admissions", token, ["cohort_id": .int(cohort.id!), "q9": "묻지 않은 답"], expect: .unprocessableEntity)
            #expect(unasked?.body.string.contains("이 과정에는 q9 질문이 없습니다.") == true)
            let fixed = ["_csrf": session.csrf, "action": "submit", "birth_date": "1999-02-28", "phone": "010-1234-5678", "gender": "female",
                         "residence": "gyeongnam", "education": "university", "employment": "unemployed", "school": "부산대학교",
                         "motivation": "현장에서 쓰는 백엔드를 배우고 싶습니다.", "q1": "설비 알림 서비스", "q2": "백엔드"]
            try await app.testing().test(.POST, "/apply/\(cohort.id!)/form", headers: session.headers(), beforeRequest: { req in
                try req.content.encode(fixed, as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther) }
            let sent = try #require(try await Admission.find(saved.id, on: app.db))
            #expect(sent.status != .draft && sent.unsettled.isEmpty && sent.birthDate == "1999-02-28")
        }
    }
}
