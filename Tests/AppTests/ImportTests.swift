@testable import App
import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting

func fixtureFile(_ name: String) throws -> Data {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent(name)
    return try Data(contentsOf: url)
}

@Suite("Importing trainees into a cohort")
struct ImportTests {
    func post(_ app: Application, _ token: String, cohort: Int, file: String, state: String = "enrolled",
              _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
        let data = try fixtureFile(file)
        var headers = bearer(token)
        headers.contentType = HTTPMediaType(type: "text", subType: "csv")
        try await app.testing().test(.POST, "/api/v1/cohorts/\(cohort)/import?state=\(state)", headers: headers,
                                     body: ByteBuffer(data: data), afterResponse: check)
    }

    func counts(_ db: any Database) async throws -> [Int] {
        [try await Person.query(on: db).count(), try await Enrollment.query(on: db).count(),
         try await EnrollmentTransition.query(on: db).count(), try await RoleGrant.query(on: db).count()]
    }

    @Test("a good UTF-8 file from program support creates the people, their enrollments and their histories")
    func goodFile() async throws {
        try await withApp { app, f, _ in
            let token = try await app.token(f.pm.email)   // program-level support registers people directly
            try await post(app, token, cohort: f.cohortA2.id!, file: "trainees-utf8-bom.csv") { res in
                #expect(res.status == .created)
                let report = try res.content.decode(ImportReport.self)
                #expect(report.imported == 3)
                #expect(report.problems.isEmpty)
                #expect(report.encoding == "utf8-bom")
            }
            let park = try await Person.query(on: app.db).filter(\.$email == "seoyeon.park@example.kr").first()
            #expect(park?.name == "박서연")
            #expect(park?.phone == "010-3456-7890")
            let enrollments = try await Enrollment.query(on: app.db).filter(\.$cohort.$id == f.cohortA2.id!).all()
            #expect(enrollments.count == 3)
            #expect(Set(enrollments.map(\.state)) == ["enrolled"])
        }
    }

    @Test("a CP949 file is imported with its Korean names intact")
    func cp949File() async throws {
        try await withApp { app, f, _ in
            let token = try await app.token(f.pm.email)   // program-level support registers people directly
            try await post(app, token, cohort: f.cohortA2.id!, file: "trainees-cp949.csv", state: "applied") { res in
                #expect(res.status == .created)
                let report = try res.content.decode(ImportReport.self)
                #expect(report.encoding == "cp949")
            }
            let names = try await Person.query(on: app.db).filter(\.$email ~~ ["ttom.kang@example.kr", "haeun.yoon@example.kr"]).all().map(\.name)
            #expect(Set(names) == ["강똠", "윤하은"])
        }
    }

    @Test("a file with bad rows imports nothing and reports every bad row")
    func badFileChangesNothing() async throws {
        try await withApp { app, f, _ in
            let token = try await app.token(f.adminA.email)
            let before = try await counts(app.db)
            try await post(app, token, cohort: f.cohortA2.id!, file: "trainees-bad.csv") { res in
                #expect(res.status == .unprocessableEntity)
                let report = try res.content.decode(ImportReport.self)
                #expect(report.imported == 0)
                #expect(report.problems.map(\.row) == [3, 4, 5, 6, 7, 8, 9])
                #expect(report.problems.first?.message == "필수 항목입니다.")
            }
            #expect(try await counts(app.db) == before)
        }
    }

    @Test("an existing e-mail is linked, not created twice; a new e-mail with someone else's number is refused without naming them")
    func duplicatePerson() async throws {
        try await withApp { app, f, _ in
            let existing = Person(name: "김민준", email: "minjun.kim@example.kr", phone: nil)
            try await existing.create(on: app.db)
            let samePhone = Person(name: "최지호", email: "jiho.other@example.kr", phone: "010-4567-8901")
            try await samePhone.create(on: app.db)
            let token = try await app.token(f.pm.email)   // program-level support sees everyone
            try await post(app, token, cohort: f.cohortA2.id!, file: "trainees-utf8-bom.csv") { res in
                #expect(res.status == .unprocessableEntity)
                let report = try res.content.decode(ImportReport.self)
                #expect(report.problems.map(\.column) == ["휴대전화"])
                #expect(report.problems.first?.message == "이 번호는 이미 다른 이메일로 등록된 사람의 번호입니다. 이메일과 번호를 확인하세요.")
                #expect(!res.body.string.contains("jiho.other@example.kr"))
            }
            try await samePhone.delete(on: app.db)
            try await post(app, token, cohort: f.cohortA2.id!, file: "trainees-utf8-bom.csv") { res in
                #expect(res.status == .created)
                let report = try res.content.decode(ImportReport.self)
                #expect(report.imported == 2)
                #expect(report.linkedExisting == 1)
            }
            #expect(try await Person.query(on: app.db).filter(\.$name == "김민준").count() == 2) // the fixture's own 김민준 has another e-mail
            #expect(try await Enrollment.query(on: app.db).filter(\.$person.$id == existing.id!).count() == 1)
        }
    }

    @Test("importing the same file twice is refused the second time and changes nothing")
    func alreadyInCohort() async throws {
        try await withApp { app, f, _ in
            let token = try await app.token(f.pm.email)   // program-level support registers people directly
            try await post(app, token, cohort: f.cohortA2.id!, file: "trainees-cp949.csv") { res in #expect(res.status == .created) }
            let before = try await counts(app.db)
            try await post(app, token, cohort: f.cohortA2.id!, file: "trainees-cp949.csv") { res in
                #expect(res.status == .unprocessableEntity)
                let report = try res.content.decode(ImportReport.self)
                #expect(report.problems.count == 2)
            }
            #expect(try await counts(app.db) == before)
        }
    }

    @Test("more people than seats left is refused as a whole")
    func seats() async throws {
        try await withApp { app, f, _ in
            let token = try await app.token(f.adminA.email)
            // Cohort A has 3 seats and one is taken.
            try await post(app, token, cohort: f.cohortA.id!, file: "trainees-utf8-bom.csv") { res in
                #expect(res.status == .unprocessableEntity)
                let report = try res.content.decode(ImportReport.self)
                #expect(report.problems.first?.message.contains("남은 정원은 2명") == true)
            }
        }
    }

    @Test("the import page shows the report of bad rows in a table")
    func page() async throws {
        try await withApp { app, f, _ in
            let session = try await app.login(f.adminA.email)
            let data = try fixtureFile("trainees-bad.csv")
            let boundary = "ieum-test-boundary"
            var body = ByteBuffer()
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(session.csrf)\r\n")
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"state\"\r\n\r\napplied\r\n")
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bad.csv\"\r\nContent-Type: text/csv\r\n\r\n")
            body.writeBytes(data)
            body.writeString("\r\n--\(boundary)--\r\n")
            var headers = session.headers()
            headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
            try await app.testing().test(.POST, "/cohorts/\(f.cohortA2.id!)/import", headers: headers, body: body) { res in
                #expect(res.status == .unprocessableEntity)
                let html = res.body.string
                #expect(html.contains("파일에 고칠 곳이 7군데 있어 아무것도 가져오지 않았습니다."))
                #expect(html.contains("2행과 이메일이 같습니다."))
            }
        }
    }
}
