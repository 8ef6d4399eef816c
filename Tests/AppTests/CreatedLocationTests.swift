@testable import App
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("A create answers 201 with where the new record is read")
struct CreatedLocationTests {
    @Test("a job posting, a matching round and a role given each name an address that reads them back")
    func followLocation() async throws {
        try await withApp { app, f, _ in
            let employer = try await app.token(f.employerUser.email)
            var job = ""
            try await app.postJob(employer) { res in
                #expect(res.status == .created)
                job = res.headers.first(name: .location) ?? ""
            }
            #expect(job.hasPrefix("/api/v1/jobs/"))
            try await app.testing().test(.GET, job, headers: bearer(employer)) { res in #expect(res.status == .ok) }

            let pm = try await app.token(f.pm.email)
            var round = ""
            try await app.testing().test(.POST, "/api/v1/matching-rounds", headers: bearer(pm), beforeRequest: { req in
                try req.content.encode(JSONObject())
            }) { res in
                #expect(res.status == .created, "\(res.body.string)")
                round = res.headers.first(name: .location) ?? ""
            }
            #expect(round.hasPrefix("/api/v1/matching-rounds/"))
            try await app.testing().test(.GET, round, headers: bearer(pm)) { res in #expect(res.status == .ok) }

            let admin = try await app.token(f.adminA.email)
            try await app.testing().test(.POST, "/api/v1/people/\(f.staffA.id!)/roles", headers: bearer(admin), beforeRequest: { req in
                try req.content.encode(["role": "mentor", "operator_id": .int(f.operatorA.id!)] as JSONObject)
            }) { res in
                #expect(res.status == .created, "\(res.body.string)")
                #expect(res.headers.first(name: .location) == "/api/v1/people/\(f.staffA.id!)")
            }
        }
    }
}
