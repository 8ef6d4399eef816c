@testable import App
@testable import IeumGrader
import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting

extension Application {
    /// An A+B assignment for a cohort, with one sample and two hidden tests, made the way staff do through the API.
    func makeSumAssignment(_ cohort: Cohort, by token: String, policy: String = "penalty", deadline: String = "2026-11-09T18:00",
                           purpose: String = "") async throws -> Int {
        var id = 0
        try await testing().test(.POST, "/api/v1/cohorts/\(cohort.id!)/assignments", headers: bearer(token), beforeRequest: { req in
            try req.content.encode(["title": "두 수의 합", "statement": "# 문제\n두 정수 **a**, **b**를 더하세요.", "languages": "python3,c",
                                    "cpu_ms": 1000, "memory_mb": 128, "points": 100, "deadline": .string("\(deadline)"),
                                    "late_policy": .string("\(policy)"), "penalty_per_day": 20, "penalty_floor": 50, "comparison": "whitespace",
                                    "purpose": .string("\(purpose)")] as JSONObject)
        }) { res in
            #expect(res.status == .created, "\(res.body.string)")
            struct Out: Decodable { let id: Int }
            id = try res.content.decode(Out.self).id
            #expect(res.headers.first(name: .location) == "/api/v1/assignments/\(id)", "a 201 says where the assignment is read")
        }
        for (name, input, expected, sample) in [("예제", "1 2\n", "3\n", true), ("큰 수", "1000000000 1000000000\n", "2000000000\n", false),
                                                ("음수 비밀", "-7 3\n", "-4\n", false)] {
            try await testing().test(.POST, "/api/v1/assignments/\(id)/tests", headers: bearer(token), beforeRequest: { req in
                try req.content.encode(["name": .string("\(name)"), "input": .string("\(input)"), "expected": .string("\(expected)"), "is_sample": .bool(sample)] as JSONObject)
            }) { res in
                #expect(res.status == .created, "\(res.body.string)")
                #expect(res.headers.first(name: .location) == "/api/v1/assignments/\(id)")
            }
        }
        return id
    }

    func submit(_ assignmentID: Int, by token: String, language: String = "python3", source: String) async throws -> Int {
        var id = 0
        try await testing().test(.POST, "/api/v1/assignments/\(assignmentID)/submissions", headers: bearer(token), beforeRequest: { req in
            try req.content.encode(["language": language, "source": source])
        }) { res in
            #expect(res.status == .accepted, "\(res.body.string)")
            struct Out: Decodable { let id: Int; let state: String }
            let out = try res.content.decode(Out.self)
            #expect(out.state == "queued")
            id = out.id
        }
        return id
    }

    /// Grades everything queued, in this process, through the real sandbox.
    func drainGradingQueue() async throws {
        let workers = GradingWorkers(workers: 1)
        while await workers.gradeNext(self, grader: TestSandbox.grader) {}
        await workers.shutdownAsync(self)
    }
}

enum Solutions {
    static let right = "a, b = map(int, input().split())\nprint(a + b)\n"
    static let onlySmall = "a, b = map(int, input().split())\nprint(a + b if abs(a) < 100 and a > 0 else 0)\n"
}
