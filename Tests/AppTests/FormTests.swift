@testable import App
import Fluent
import IeumCore
import Testing
import Vapor
import VaporTesting

@Suite("Forms and bad input")
struct FormTests {
    @Test("a form with mistakes comes back with each error beside its field and what was typed kept")
    func cohortFormErrors() async throws {
        try await withApp { app, f, _ in
            let session = try await app.login(f.adminA.email)
            let before = try await Cohort.query(on: app.db).count()
            try await app.testing().test(.POST, "/cohorts", beforeRequest: { req in
                req.headers = session.headers()
                try req.content.encode([
                    "_csrf": session.csrf, "course_id": String(f.courseA.id!), "campus_id": String(f.campusA.id!),
                    "name": "창원 2기", "starts_on": "2027-03-02", "ends_on": "2027-01-31", "capacity": "많이",
                ], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                let html = res.body.string
                #expect(html.contains("입력한 내용을 확인하세요. 고칠 곳이 2군데 있습니다."))
                #expect(html.contains("<p class=\"field-error\" id=\"f-ends_on-error\">종강일은 개강일보다 뒤여야 합니다.</p>"))
                #expect(html.contains("<p class=\"field-error\" id=\"f-capacity-error\">정수로 입력하세요.</p>"))
                #expect(html.contains("value=\"창원 2기\""))
                #expect(html.contains("value=\"많이\""))
            }
            #expect(try await Cohort.query(on: app.db).count() == before)
        }
    }

    @Test("an operator cannot create a cohort on another operator's campus, even by forging the form")
    func forgedCampus() async throws {
        try await withApp { app, f, _ in
            let session = try await app.login(f.adminA.email)
            try await app.testing().test(.POST, "/cohorts", beforeRequest: { req in
                req.headers = session.headers()
                try req.content.encode([
                    "_csrf": session.csrf, "course_id": String(f.courseA.id!), "campus_id": String(f.campusB.id!),
                    "name": "침입 1기", "starts_on": "2027-03-02", "ends_on": "2027-08-31", "capacity": "30",
                ], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("f-campus_id-error"))
            }
            #expect(try await Cohort.query(on: app.db).filter(\.$name == "침입 1기").count() == 0)
        }
    }

    @Test("a good form creates the record and leads to its page")
    func create() async throws {
        try await withApp { app, f, _ in
            let session = try await app.login(f.adminA.email)
            var location = ""
            try await app.testing().test(.POST, "/cohorts", beforeRequest: { req in
                req.headers = session.headers()
                try req.content.encode([
                    "_csrf": session.csrf, "course_id": String(f.courseA.id!), "campus_id": String(f.campusA2.id!),
                    "name": "광주 2기", "starts_on": "2027-03-02", "ends_on": "2027-08-31", "capacity": "32",
                ], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .seeOther)
                location = res.headers.first(name: .location) ?? ""
            }
            try await app.testing().test(.GET, location, headers: session.headers()) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("<h1>광주 2기</h1>"))
                #expect(res.body.string.contains("2027-03-02 ~ 2027-08-31"))
            }
            let cohort = try await Cohort.query(on: app.db).filter(\.$name == "광주 2기").first()
            #expect(cohort?.operatorID == f.operatorA.id)
        }
    }

    @Test("the API answers bad input with 422 and a message for each field")
    func apiValidation() async throws {
        try await withApp { app, f, _ in
            let token = try await app.token(f.pm.email)
            try await app.testing().test(.POST, "/api/v1/campuses", headers: bearer(token), beforeRequest: { req in
                try req.content.encode(["operator_id": .int(f.operatorA.id!), "name": "", "region": "mars", "address": "어딘가"] as JSONObject)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.code == "validation_failed")
                #expect(body.error.fields?["name"] == "필수 항목입니다.")
                #expect(body.error.fields?["region"] == "목록에서 선택하세요.")
            }
        }
    }

    @Test("English readers get English messages")
    func english() async throws {
        try await withApp { app, f, _ in
            let token = try await app.token(f.pm.email)
            var headers = bearer(token)
            headers.replaceOrAdd(name: .acceptLanguage, value: "en-US")
            try await app.testing().test(.POST, "/api/v1/courses", headers: headers, beforeRequest: { req in
                // Numbers as JSON numbers: the API reads them like the form's text.
                struct Course: Content {
                    let operator_id: Int, title: String, track: String, total_hours: Int, theory_hours: Int, project_hours: Int
                }
                try req.content.encode(Course(operator_id: f.operatorA.id!, title: "AI", track: "AI", total_hours: 100, theory_hours: 30, project_hours: 30))
            }) { res in
                #expect(res.status == .unprocessableEntity)
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.fields?["project_hours"] == "Theory (30) and project (30) hours must add up to the total (100).")
            }
        }
    }

    @Test("malformed JSON, nested values and unknown content types get a 4xx with a message")
    func malformed() async throws {
        try await withApp { app, f, _ in
            let token = try await app.token(f.pm.email)
            let bodies: [(String, HTTPMediaType, UInt)] = [
                ("{not json", .json, 400),
                // A value of another type than the document declares names its field.
                ("{\"name\": {\"deep\": [1, 2]}}", .json, 422),
                ("[1, 2, 3]", .json, 400),
                ("name=x", .plainText, 415),
            ]
            for (text, type, status) in bodies {
                var headers = bearer(token)
                headers.contentType = type
                try await app.testing().test(.POST, "/api/v1/operators", headers: headers, body: ByteBuffer(string: text)) { res in
                    #expect(res.status.code == status, "\(text)")
                    let body = try res.content.decode(ErrorBody.self)
                    #expect(!body.error.message.isEmpty)
                }
            }
            var headers = bearer(token)
            headers.contentType = .json
            // Invalid UTF-8, a huge number and an oversized body.
            try await app.testing().test(.POST, "/api/v1/operators", headers: headers, body: ByteBuffer(bytes: [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D])) { res in
                #expect(res.status == .badRequest)
            }
            try await app.testing().test(.POST, "/api/v1/cohorts", headers: headers,
                                         body: ByteBuffer(string: "{\"capacity\": 1e400, \"name\": \"x\"}")) { res in
                #expect(res.status.code >= 400 && res.status.code < 500)
            }
            // Through a real server: the in-memory tester hands the body over already collected, past the limit check.
            try await app.testing(method: .running(port: 0)).test(.POST, "/api/v1/operators", headers: headers,
                                         body: ByteBuffer(string: "{\"name\": \"" + String(repeating: "가", count: 1_000_000) + "\"}")) { res in
                #expect(res.status == .payloadTooLarge)
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.message == "보낸 내용이 너무 큽니다.")
            }
            try await app.testing().test(.GET, "/api/v1/cohorts/not-a-number", headers: bearer(token)) { res in
                #expect(res.status == .notFound)
            }
        }
    }

    @Test("a duplicate e-mail is caught before saving, beside the field (program support, who sees everyone)")
    func duplicateEmail() async throws {
        try await withApp { app, f, _ in
            let token = try await app.token(f.pm.email)
            try await app.testing().test(.POST, "/api/v1/people", headers: bearer(token), beforeRequest: { req in
                try req.content.encode(["name": "김중복", "email": .string("\(f.traineeB.email)"), "role": "trainee", "operator_id": .int(f.operatorA.id!)] as JSONObject)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.fields?["email"] == "이미 등록된 이메일입니다.")
            }
        }
    }
}
