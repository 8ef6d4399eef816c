@testable import App
import Fluent
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Encrypted identifiers")
struct EncryptedFieldsTests {
    struct Raw: Decodable {
        let resident_number: String?
        let bank_account: String?
    }

    func createTrainee(_ app: Application, _ f: Fixture) async throws -> PersonOutput {
        let token = try await app.token(f.pm.email)
        var created: PersonOutput?
        try await app.testing().test(.POST, "/api/v1/people", headers: bearer(token), beforeRequest: { req in
            try req.content.encode(["name": "박서연", "email": "seoyeon@test.kr", "role": "trainee", "operator_id": .int(f.operatorA.id!),
                                    "resident_number": "9001012345678", "bank_name": "국민은행", "bank_account": "123456-01-987654"] as JSONObject)
        }) { res in
            #expect(res.status == .created)
            created = try res.content.decode(PersonOutput.self)
        }
        let person = try #require(created)
        // Academy A trains them now: the reason its staff may see the numbers.
        try await Enrollment(personID: person.id, cohort: f.cohortA2, state: "enrolled", at: fixtureStart).create(on: app.db)
        return person
    }

    func raw(_ app: Application, _ id: Int) async throws -> Raw {
        try await (app.db as! any SQLDatabase).select().columns("resident_number", "bank_account").from(HeldIdentifiers.schema)
            .where("person_id", .equal, SQLBind(id)).first(decoding: Raw.self)!
    }

    @Test("the numbers are unreadable in the database and masked in the API")
    func atRest() async throws {
        try await withApp { app, f, _ in
            let person = try await createTrainee(app, f)
            // Program support entered them for the trainee's academy; they are that academy's to see, not the program's.
            #expect(person.residentNumber == nil && person.bankAccount == nil)
            let admin = try await app.token(f.adminA.email)
            try await app.testing().test(.GET, "/api/v1/people/\(person.id)", headers: bearer(admin)) { res in
                let out = try res.content.decode(PersonOutput.self)
                #expect(out.residentNumber == "900101-2******")
                #expect(out.bankAccount == "******-**-**7654")
            }
            let stored = try await raw(app, person.id)
            #expect(stored.resident_number?.hasPrefix("v1:test:") == true)
            #expect(stored.resident_number?.contains("2345678") == false)
            #expect(stored.resident_number?.contains("900101") == false)
            #expect(stored.bank_account?.contains("987654") == false)
            let session = try await app.login(f.adminA.email)
            try await app.testing().test(.GET, "/people/\(person.id)", headers: session.headers()) { res in
                #expect(res.body.string.contains("900101-2******"))
                #expect(!res.body.string.contains("2345678"))
                #expect(res.body.string.contains("국민은행 ******-**-**7654"))
            }
        }
    }

    @Test("unmasking is for staff who need it, and every look is logged")
    func unmask() async throws {
        try await withApp { app, f, _ in
            let person = try await createTrainee(app, f)
            let staff = try await app.token(f.adminA.email)
            try await app.testing().test(.GET, "/api/v1/people/\(person.id)/identifiers", headers: bearer(staff)) { res in
                #expect(res.status == .ok)
                let out = try res.content.decode(IdentifiersOutput.self)
                #expect(out.residentNumber == "900101-2345678")
                #expect(out.bankAccount == "123456-01-987654")
            }
            let mentor = try await app.token(f.mentorA.email)
            try await app.testing().test(.GET, "/api/v1/people/\(person.id)/identifiers", headers: bearer(mentor)) { res in
                #expect(res.status == .forbidden)
            }
            let other = try await app.token(f.adminB.email)
            try await app.testing().test(.GET, "/api/v1/people/\(person.id)/identifiers", headers: bearer(other)) { res in
                #expect(res.status == .notFound)
            }
            let actions = try await AccessLogEntry.query(on: app.db).filter(\.$subjectID == person.id).all().map(\.action)
            #expect(actions == ["create", "unmask"])
            // Once the academy no longer trains them, the numbers are closed to it, even masked.
            try await Enrollment.query(on: app.db).filter(\.$person.$id == person.id).set(\.$state, to: "completed").update()
            try await app.testing().test(.GET, "/api/v1/people/\(person.id)/identifiers", headers: bearer(staff)) { res in
                #expect(res.status == .forbidden)
            }
            try await app.testing().test(.GET, "/api/v1/people/\(person.id)", headers: bearer(staff)) { res in
                let out = try res.content.decode(PersonOutput.self)
                #expect(out.residentNumber == nil && out.bankAccount == nil)
            }
            let pm = try await app.token(f.pm.email)
            try await app.testing().test(.GET, "/api/v1/people/\(person.id)/identifiers", headers: bearer(pm)) { res in
                #expect(res.status == .forbidden, "program managers see aggregates, not registration numbers")
            }
        }
    }

    @Test("a bad registration number is refused beside the field")
    func validation() async throws {
        try await withApp { app, f, _ in
            let token = try await app.token(f.pm.email)
            try await app.testing().test(.POST, "/api/v1/people", headers: bearer(token), beforeRequest: { req in
                try req.content.encode(["name": "김오류", "email": "bad@test.kr", "role": "trainee", "operator_id": .int(f.operatorA.id!),
                                        "resident_number": "901301-1234567"] as JSONObject)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.fields?["resident_number"] == "YYMMDD-1234567 형식의 올바른 번호가 아닙니다.")
            }
        }
    }

    @Test("rotating keys re-seals every value under the new key, and the old key can then go")
    func rotation() async throws {
        try await withApp { app, f, _ in
            let person = try await createTrainee(app, f)
            let newKey = FieldCipher.newKeySpec(id: "k2")
            let both = try FieldCipher(spec: newKey + "," + app.ieum.dataKeys)
            #expect(try await KeyRotation.run(on: app.db, cipher: both) == 1)
            let stored = try await raw(app, person.id)
            #expect(stored.resident_number?.hasPrefix("v1:k2:") == true)
            let onlyNew = try FieldCipher(spec: newKey)
            let reloaded = try #require(try await HeldIdentifiers.query(on: app.db).filter(\.$personID == person.id).first())
            #expect(try reloaded.reveal(.residentNumber, with: onlyNew) == "900101-2345678")
            #expect(throws: FieldCipher.Failure.self) { try reloaded.reveal(.residentNumber, with: try FieldCipher(spec: FieldCipher.newKeySpec(id: "k3"))) }
            #expect(try await KeyRotation.run(on: app.db, cipher: both) == 0)
        }
    }

    @Test("numbers stored on the person before go to the academy of their latest enrollment, and the person's own export shows them")
    func movedToTheAcademy() async throws {
        try await withApp { app, f, _ in
            let person = Person(name: "이전번호", email: "before@test.kr", phone: nil)
            try person.seal(.residentNumber, "900101-2345678", with: app.cipher)
            person.bankName = "국민은행"
            try await person.create(on: app.db)
            try await Enrollment(personID: person.id!, cohort: f.cohortB, state: "enrolled", at: fixtureStart).create(on: app.db)
            try await CreateHeldIdentifiers(cipher: app.cipher).moveFromPeople(on: app.db)
            let moved = try #require(try await Person.find(person.id!, on: app.db))
            #expect(moved.residentNumberSealed == nil && moved.bankName == nil)
            let held = try #require(try await HeldIdentifiers.query(on: app.db).filter(\.$personID == person.id!).first())
            #expect(held.operatorID == f.operatorB.id && held.bankName == "국민은행")
            #expect(try held.reveal(.residentNumber, with: app.cipher) == "900101-2345678")
            // Academy A never sees them; academy B's admin does, masked.
            try await app.testing().test(.GET, "/api/v1/people/\(person.id!)", headers: bearer(try await app.token(f.adminB.email))) { res in
                let out = try res.content.decode(PersonOutput.self)
                #expect(out.residentNumber == "900101-2******")
            }
            // Academy A, once it trains the person too, reads nothing of what academy B collected.
            try await Enrollment(personID: person.id!, cohort: f.cohortA, state: "enrolled", at: fixtureStart).create(on: app.db)
            try await app.testing().test(.GET, "/api/v1/people/\(person.id!)", headers: bearer(try await app.token(f.adminA.email))) { res in
                #expect(res.status == .ok)
                let out = try res.content.decode(PersonOutput.self)
                #expect(out.residentNumber == nil && out.bankAccount == nil)
            }
        }
    }

    @Test("a sealed value moved to another column, or to another academy's row, does not open")
    func boundToColumn() throws {
        let cipher = try FieldCipher(spec: FieldCipher.newKeySpec(id: "k1"))
        let held = HeldIdentifiers(personID: 1, operatorID: 1, collectedBy: nil, at: fixtureStart)
        try held.seal(.residentNumber, "900101-2345678", with: cipher)
        let other = HeldIdentifiers(personID: 1, operatorID: 2, collectedBy: nil, at: fixtureStart)
        other.residentNumberSealed = held.residentNumberSealed
        #expect(throws: (any Error).self) { try other.reveal(.residentNumber, with: cipher) }
        #expect(try held.reveal(.residentNumber, with: cipher) == "900101-2345678")
        let sealed = try cipher.seal("123456-01-987654", context: SealedField.bankAccount.rawValue)
        #expect(throws: (any Error).self) { try cipher.open(sealed, context: SealedField.residentNumber.rawValue) }
        #expect(try cipher.open(sealed, context: SealedField.bankAccount.rawValue) == "123456-01-987654")
    }
}
