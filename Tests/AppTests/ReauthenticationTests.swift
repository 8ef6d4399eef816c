@testable import App
import Fluent
import Testing
import Vapor
import VaporTesting

@Suite("Re-authentication before sensitive actions")
struct ReauthenticationTests {
    func grantMentor(_ app: Application, _ token: String, to person: Int, operatorID: Int) async throws -> (HTTPStatus, String?) {
        var result: (HTTPStatus, String?) = (.ok, nil)
        try await app.testing().test(.POST, "/api/v1/people/\(person)/roles", headers: bearer(token), beforeRequest: { req in
            try req.content.encode(["role": "mentor", "operator_id": .int(operatorID)] as JSONObject)
        }) { res in
            result = (res.status, try? res.content.decode(ErrorBody.self).error.code)
        }
        return result
    }

    @Test("changing roles needs a password given in the last five minutes")
    func roleChange() async throws {
        try await withApp { app, f, clock in
            let token = try await app.token(f.adminA.email)
            #expect(try await grantMentor(app, token, to: f.traineeA.id!, operatorID: f.operatorA.id!).0 == .created)
            clock.advance(6 * 60)
            let stale = try await grantMentor(app, token, to: f.staffA.id!, operatorID: f.operatorA.id!)
            #expect(stale.0 == .forbidden)
            #expect(stale.1 == "reauthentication_required")
            try await app.testing().test(.POST, "/api/v1/auth/reauth", headers: bearer(token), beforeRequest: { req in
                try req.content.encode(["password": "not my password"])
            }) { res in #expect(res.status == .unauthorized) }
            try await app.testing().test(.POST, "/api/v1/auth/reauth", headers: bearer(token), beforeRequest: { req in
                try req.content.encode(["password": Fixture.password])
            }) { res in #expect(res.status == .noContent) }
            #expect(try await grantMentor(app, token, to: f.staffA.id!, operatorID: f.operatorA.id!).0 == .created)
            let grants = try await RoleGrant.query(on: app.db).filter(\.$role == "mentor").filter(\.$grantedBy == f.adminA.id!).count()
            #expect(grants == 2)
        }
    }

    @Test("on pages, a stale session is sent to confirm the password and then back")
    func pageFlow() async throws {
        try await withApp { app, f, clock in
            let session = try await app.login(f.adminA.email)
            clock.advance(10 * 60)
            var headers = session.headers()
            headers.replaceOrAdd(name: .referer, value: "http://localhost/people/\(f.traineeA.id!)")
            try await app.testing().test(.POST, "/people/\(f.traineeA.id!)/roles", headers: headers, beforeRequest: { req in
                try req.content.encode(["role": "mentor", "operator_id": "\(f.operatorA.id!)", "_csrf": session.csrf], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/reauth?next=/people/\(f.traineeA.id!)")
            }
            #expect(try await RoleGrant.query(on: app.db).filter(\.$role == "mentor").count() == 1)
            try await app.testing().test(.POST, "/reauth", beforeRequest: { req in
                req.headers = session.headers()
                try req.content.encode(["password": Fixture.password, "next": "/people/\(f.traineeA.id!)", "_csrf": session.csrf], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/people/\(f.traineeA.id!)")
            }
            try await app.testing().test(.POST, "/people/\(f.traineeA.id!)/roles", headers: headers, beforeRequest: { req in
                try req.content.encode(["role": "mentor", "operator_id": "\(f.operatorA.id!)", "_csrf": session.csrf], as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther) }
            #expect(try await RoleGrant.query(on: app.db).filter(\.$role == "mentor").count() == 2)
        }
    }
}
