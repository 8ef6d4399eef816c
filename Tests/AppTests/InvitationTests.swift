@testable import App
import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting

/// Issue 21: an academy reaches a person only by their consent, and can tell nothing from the answers.
@Suite("Invitations across academies")
struct InvitationTests {
    struct Sent: Decodable {
        struct Inner: Decodable { let state: String; let email: String }
        let invitation: Inner
        let message: String
    }

    func enrol(_ app: Application, _ token: String, cohort: Int, email: String) async throws -> (HTTPStatus, String) {
        var result: (HTTPStatus, String) = (.ok, "")
        try await app.testing().test(.POST, "/api/v1/enrollments", headers: bearer(token), beforeRequest: { req in
            try req.content.encode(["cohort_id": .int(cohort), "person_email": .string("\(email)"), "state": "enrolled", "person_name": "초대받는분"] as JSONObject)
        }) { res in result = (res.status, res.body.string) }
        return result
    }

    @Test("another academy's trainee and an unknown address get the same answer, and the trainee stays hidden until they accept")
    func enrolByEmailInvites() async throws {
        try await withApp { app, f, _ in
            let admin = try await app.token(f.adminA.email)
            let foreign = try await enrol(app, admin, cohort: f.cohortA2.id!, email: f.traineeB.email)
            let nobody = try await enrol(app, admin, cohort: f.cohortA2.id!, email: "nobody.yet@mail.kr")
            #expect(foreign.0 == .accepted && nobody.0 == .accepted)
            let a = try JSONDecoder().decode(Sent.self, from: Data(foreign.1.utf8))
            let b = try JSONDecoder().decode(Sent.self, from: Data(nobody.1.utf8))
            #expect(a.message == b.message && a.invitation.state == "pending" && b.invitation.state == "pending")
            #expect(!foreign.1.contains(f.traineeB.name) && !foreign.1.contains("\"person_id\""))
            // Nothing of the person is readable, and no enrollment was made.
            try await app.testing().test(.GET, "/api/v1/people/\(f.traineeB.id!)", headers: bearer(admin)) { res in
                #expect(res.status == .notFound)
            }
            #expect(try await Enrollment.query(on: app.db).filter(\.$person.$id == f.traineeB.id!).count() == 1)
            // The person sees the invitation in their own account, with a message, and accepts it.
            let trainee = try await app.token(f.traineeB.email)
            var id = 0
            try await app.testing().test(.GET, "/api/v1/me/invitations", headers: bearer(trainee)) { res in
                struct Mine: Decodable { let id: Int; let academy: String }
                let list = try res.content.decode([Mine].self)
                #expect(list.map(\.academy) == [f.operatorA.name])
                id = list.first?.id ?? 0
            }
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$personID == f.traineeB.id!).count() == 1)
            // Nobody else can answer it.
            let other = try await app.token(f.traineeA.email)
            try await app.testing().test(.POST, "/api/v1/me/invitations/\(id)/accept", headers: bearer(other)) { res in
                #expect(res.status == .notFound)
            }
            try await app.testing().test(.POST, "/api/v1/me/invitations/\(id)/accept", headers: bearer(trainee)) { res in
                #expect(res.status == .noContent)
            }
            #expect(try await Enrollment.query(on: app.db).filter(\.$person.$id == f.traineeB.id!).filter(\.$cohort.$id == f.cohortA2.id!).count() == 1)
            try await app.testing().test(.GET, "/api/v1/people/\(f.traineeB.id!)", headers: bearer(admin)) { res in
                #expect(res.status == .ok)
            }
        }
    }

    @Test("another academy's staff cannot be pulled in: nothing is sent, and they have nothing to accept")
    func staffOfAnotherAcademyIsWithheld() async throws {
        try await withApp { app, f, _ in
            let admin = try await app.token(f.adminA.email)
            let answer = try await enrol(app, admin, cohort: f.cohortA2.id!, email: f.adminB.email)
            let unknown = try await enrol(app, admin, cohort: f.cohortA2.id!, email: "someone.new@mail.kr")
            #expect(answer.0 == unknown.0)
            #expect(try JSONDecoder().decode(Sent.self, from: Data(answer.1.utf8)).message
                    == JSONDecoder().decode(Sent.self, from: Data(unknown.1.utf8)).message)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$personID == f.adminB.id!).count() == 0)
            let staffB = try await app.token(f.adminB.email)
            try await app.testing().test(.GET, "/api/v1/me/invitations", headers: bearer(staffB)) { res in
                let list = try res.content.decode([MyInvitationOutput].self)
                #expect(list.isEmpty)
            }
            // Nor can the record of another academy's admin be read or changed.
            try await app.testing().test(.PATCH, "/api/v1/people/\(f.adminB.id!)", headers: bearer(admin), beforeRequest: { req in
                try req.content.encode(["email": "taken.over@evil.kr"] as JSONObject)
            }) { res in #expect(res.status == .notFound) }
            #expect(try await Person.find(f.adminB.id!, on: app.db)?.email == f.adminB.email)
        }
    }

    @Test("an academy edits what it keeps about its trainee, never the account's name, e-mail or phone")
    func accountFieldsBelongToThePerson() async throws {
        try await withApp { app, f, _ in
            let admin = try await app.token(f.adminA.email)
            try await app.testing().test(.PATCH, "/api/v1/people/\(f.traineeA.id!)", headers: bearer(admin), beforeRequest: { req in
                try req.content.encode(["name": "바뀐이름", "email": "changed@evil.kr", "residence_region": "busan"] as JSONObject)
            }) { res in #expect(res.status == .ok, "\(res.body.string)") }
            let person = try #require(try await Person.find(f.traineeA.id!, on: app.db))
            #expect(person.name == f.traineeA.name && person.email == f.traineeA.email)
            #expect(person.residenceRegion == "busan")
        }
    }

    @Test("a person trained by two academies: neither sees the other's tie, and neither changes what the other sees")
    func sharedTraineeStaysApart() async throws {
        try await withApp { app, f, _ in
            let id = f.traineeA.id!
            try await Enrollment(personID: id, cohort: f.cohortB, state: "enrolled", at: fixtureStart).create(on: app.db)
            try await RoleGrants.create(Grant(role: .trainee, operatorID: f.operatorB.id, campusID: nil, employerID: nil), for: id, by: nil, on: app.db)
            try await Person.query(on: app.db).filter(\.$id == id).set(\.$birthDate, to: "2001-05-06").set(\.$residenceRegion, to: nil).update()
            struct Out: Decodable { struct R: Decodable { let role: String; let operator_id: Int? }; let roles: [R] }
            for (admin, own) in [(f.adminA, f.operatorA.id!), (f.adminB, f.operatorB.id!)] {
                let token = try await app.token(admin.email)
                try await app.testing().test(.GET, "/api/v1/people/\(id)", headers: bearer(token)) { res in
                    #expect(res.status == .ok)
                    let out = try JSONDecoder().decode(Out.self, from: Data(res.body.readableBytesView))
                    #expect(!out.roles.isEmpty && out.roles.allSatisfy { $0.operator_id == own || $0.operator_id == nil }, "\(admin.email): \(out.roles)")
                }
                try await app.testing().test(.GET, "/people/\(id)", headers: try await app.login(admin.email).headers()) { res in
                    #expect(!res.body.string.contains(own == f.operatorA.id! ? f.operatorB.name : f.operatorA.name), "the other academy is not named")
                }
            }
            let adminB = try await app.token(f.adminB.email)
            try await app.testing().test(.PATCH, "/api/v1/people/\(id)", headers: bearer(adminB), beforeRequest: { req in
                try req.content.encode(["birth_date": "1999-01-01"] as JSONObject)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("본인이나 사업 지원 담당자만"))
            }
            try await app.testing().test(.PATCH, "/api/v1/people/\(id)", headers: bearer(adminB), beforeRequest: { req in
                try req.content.encode(["residence_region": "busan"] as JSONObject)
            }) { res in #expect(res.status == .ok, "an empty field can be filled in") }
            let person = try #require(try await Person.find(id, on: app.db))
            #expect(person.birthDate == "2001-05-06" && person.residenceRegion == "busan")
        }
    }

    @Test("adding a person: an address with an account and a new one get the same answer")
    func personCreationInvites() async throws {
        try await withApp { app, f, _ in
            let admin = try await app.token(f.adminA.email)
            var bodies: [String] = []
            for email in [f.traineeB.email, "fresh.mentor@mail.kr"] {
                try await app.testing().test(.POST, "/api/v1/people", headers: bearer(admin), beforeRequest: { req in
                    try req.content.encode(["name": "새멘토", "email": .string("\(email)"), "role": "mentor", "operator_id": .int(f.operatorA.id!)] as JSONObject)
                }) { res in
                    #expect(res.status == .accepted)
                    bodies.append(try res.content.decode(Sent.self).message)
                }
            }
            #expect(bodies.count == 2 && bodies[0] == bodies[1])
            #expect(try await RoleGrant.query(on: app.db).filter(\.$person.$id == f.traineeB.id!).filter(\.$role == "mentor").count() == 0)
        }
    }

    @Test("someone new sets a password from the e-mailed link, is logged in and enrolled")
    func newPersonClaimsTheLink() async throws {
        try await withApp { app, f, _ in
            let admin = try await app.token(f.adminA.email)
            _ = try await enrol(app, admin, cohort: f.cohortA2.id!, email: "brand.new@mail.kr")
            let message = try #require(try await OutboxMessage.query(on: app.db).filter(\.$toAddress == "brand.new@mail.kr").first())
            let link = try #require(message.link)
            let token = String(try #require(link.split(separator: "=").last))
            var csrfCookie = "", csrf = ""
            try await app.testing().test(.GET, "/invitations/claim?token=\(token)") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains(f.operatorA.name))
                csrf = Application.csrfToken(in: res.body.string)
                csrfCookie = res.headers.setCookie?[CSRFProtection.cookieName]?.string ?? ""
            }
            try await app.testing().test(.POST, "/invitations/claim", beforeRequest: { req in
                req.headers.replaceOrAdd(name: .cookie, value: "\(CSRFProtection.cookieName)=\(csrfCookie)")
                try req.content.encode(["_csrf": .string("\(csrf)"), "token": .string("\(token)"), "password": "새로운 계정 비밀번호 2026", "password_again": "새로운 계정 비밀번호 2026"] as JSONObject,
                                       as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.setCookie?[SessionStore.cookieName] != nil)
            }
            let person = try #require(try await Person.query(on: app.db).filter(\.$email == "brand.new@mail.kr").first())
            #expect(try await Enrollment.query(on: app.db).filter(\.$person.$id == person.id!).filter(\.$cohort.$id == f.cohortA2.id!).count() == 1)
            // The link works once.
            try await app.testing().test(.GET, "/invitations/claim?token=\(token)") { res in #expect(res.status == .notFound) }
        }
    }

    @Test("an academy's import invites everyone it cannot see and names nobody")
    func importInvites() async throws {
        try await withApp { app, f, _ in
            let admin = try await app.token(f.adminA.email)
            let csv = "이름,이메일,휴대전화,생년월일,거주지역\r\n이서연,\(f.traineeB.email),010-9999-0001,2000-01-01,부산\r\n"
                + "박새봄,spring.park@mail.kr,\(f.traineeB.phone!),2001-02-02,광주\r\n김민준,\(f.traineeA.email),\(f.traineeA.phone!),1999-03-03,경남\r\n"
            var headers = bearer(admin)
            headers.contentType = HTTPMediaType(type: "text", subType: "csv")
            try await app.testing().test(.POST, "/api/v1/cohorts/\(f.cohortA2.id!)/import?state=enrolled", headers: headers,
                                         body: ByteBuffer(string: csv)) { res in
                #expect(res.status == .created, "\(res.body.string)")
                let report = try res.content.decode(ImportReport.self)
                #expect(report.invited == 2 && report.linkedExisting == 1 && report.imported == 0)
                #expect(!res.body.string.contains(f.traineeB.email))
            }
            #expect(try await Enrollment.query(on: app.db).filter(\.$cohort.$id == f.cohortA2.id!).count() == 1)
            #expect(try await Person.find(f.traineeB.id!, on: app.db)?.phone == f.traineeB.phone)
        }
    }

    @Test("sign-ups that keep hitting registered addresses from one client are throttled")
    func signUpProbesAreThrottled() async throws {
        try await withApp { app, f, _ in
            var statuses: [UInt] = []
            for n in 0..<7 {
                try await app.testing().test(.POST, "/api/v1/signup", beforeRequest: { req in
                    try req.content.encode(["name": .string("탐색\(n)"), "email": .string("\(n.isMultiple(of: 2) ? f.traineeA.email : f.traineeB.email)"),
                                            "phone": .string("010-7777-000\(n)"), "password": .string("correct horse battery \(n)")] as JSONObject)
                }) { res in statuses.append(res.status.code) }
            }
            #expect(statuses.prefix(5).allSatisfy { $0 == 202 })
            #expect(statuses.suffix(2).allSatisfy { $0 == 429 })
        }
    }

    @Test("sign-up answers the same for an address with an account and a new one, and only the address's owner finishes it")
    func signUpHasNoOracle() async throws {
        try await withApp { app, f, _ in
            var answers: [(UInt, String)] = []
            for (email, phone) in [(f.traineeB.email, "010-7000-0001"), ("new.applicant@mail.kr", f.traineeB.phone!)] {
                try await app.testing().test(.POST, "/api/v1/signup", beforeRequest: { req in
                    try req.content.encode(["name": "새지원자", "email": .string("\(email)"), "phone": .string("\(phone)"), "password": "파란 하늘 아래 코딩 2026"] as JSONObject)
                }) { res in answers.append((res.status.code, res.body.string)) }
            }
            #expect(answers.count == 2 && answers[0].0 == 202 && answers[0] == answers[1])
            // The account holder is told someone tried; their account is untouched.
            let told = try await OutboxMessage.query(on: app.db).filter(\.$personID == f.traineeB.id!).all()
            #expect(told.count == 1 && told[0].link?.hasSuffix("/login") == true)
            #expect(try await SignUpRequest.query(on: app.db).count() == 1)
            // Someone who typed another's address cannot finish without the link; the link with a wrong password fails.
            let message = try #require(try await OutboxMessage.query(on: app.db).filter(\.$toAddress == "new.applicant@mail.kr").first())
            let token = String(try #require(message.link?.split(separator: "=").last))
            try await app.testing().test(.POST, "/api/v1/signup/confirm", beforeRequest: { req in
                try req.content.encode(["token": .string("\(token)"), "password": "다른 비밀번호 입니다 2026"] as JSONObject)
            }) { res in #expect(res.status == .unprocessableEntity) }
            try await app.testing().test(.POST, "/api/v1/auth/token", beforeRequest: { req in
                try req.content.encode(["email": "new.applicant@mail.kr", "password": "파란 하늘 아래 코딩 2026"] as JSONObject)
            }) { res in #expect(res.status == .unauthorized, "no login before the address is confirmed") }
            try await app.confirmSignUp("new.applicant@mail.kr", password: "파란 하늘 아래 코딩 2026")
            let person = try #require(try await Person.query(on: app.db).filter(\.$email == "new.applicant@mail.kr").first())
            #expect(person.phone == f.traineeB.phone, "a number is a contact, not an identity: another account holding it changes nothing")
            _ = try await app.token("new.applicant@mail.kr", password: "파란 하늘 아래 코딩 2026")
            try await app.testing().test(.GET, "/signup/confirm?token=\(token)") { res in #expect(res.status == .notFound, "a link works once") }
        }
    }
}
