@testable import App
import Foundation
import Testing
import Vapor
import VaporTesting

/// Small forms that live on another record's page: refused, they show that page again with what was chosen.
@Suite("Forms on a record's page, refused")
struct InlineFormTests {
    @Test("a role given without its campus shows the person's page again, the form open with the choices kept and the field named")
    func roleGrant() async throws {
        try await withApp { app, f, _ in
            let admin = try await app.login(f.adminA.email)
            try await app.testing().test(.POST, "/people/\(f.mentorA.id!)/roles", beforeRequest: { req in
                req.headers = admin.headers()
                try req.content.encode(["role": "campus_staff", "operator_id": "\(f.operatorA.id!)", "_csrf": admin.csrf], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .unprocessableEntity)
                let html = res.body.string
                #expect(html.contains("<details class=\"panel\" open>"))
                #expect(html.contains("<option value=\"campus_staff\" selected>"))
                #expect(html.contains("<option value=\"\(f.operatorA.id!)\" selected>"))
                #expect(html.contains("id=\"f-campus_id-error\""), "the campus is named as the missing field")
                #expect(html.contains(f.mentorA.email), "on the person's own page")
            }
        }
    }
}
