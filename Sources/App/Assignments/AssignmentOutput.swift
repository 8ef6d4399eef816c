import Foundation
import IeumCore
import Vapor

struct AssignmentOutput: Content {
    struct TestOut: Content {
        let id: Int
        let name: String
        let weight: Int
        let isSample: Bool
        /// Input and expected output of samples; hidden tests' only for those who write the assignment.
        let input: String?
        let expected: String?
        enum CodingKeys: String, CodingKey { case id, name, weight, input, expected; case isSample = "is_sample" }
    }

    let id: Int
    let cohortID: Int
    let title: String
    let statement: String
    let languages: [String]
    let starterCode: String?
    let cpuMs: Int
    let memoryMb: Int
    let outputKb: Int
    let points: Double
    let deadline: Date
    let latePolicy: String
    let comparison: String
    let testsVersion: Int
    let tests: [TestOut]

    enum CodingKeys: String, CodingKey {
        case id, title, statement, languages, points, deadline, comparison, tests
        case cohortID = "cohort_id"
        case starterCode = "starter_code"
        case cpuMs = "cpu_ms"
        case memoryMb = "memory_mb"
        case outputKb = "output_kb"
        case latePolicy = "late_policy"
        case testsVersion = "tests_version"
    }

    init(_ a: Assignment, tests: [AssignmentTest], showHidden: Bool) {
        id = a.id ?? 0
        cohortID = a.$cohort.id
        title = a.title
        statement = a.statement
        languages = a.languageList.map(\.id)
        starterCode = a.starterCode
        cpuMs = a.cpuMilliseconds
        memoryMb = a.memoryKilobytes / 1024
        outputKb = a.outputKilobytes
        points = a.points
        deadline = a.deadline
        latePolicy = a.latePolicy
        comparison = a.comparison
        testsVersion = a.testsVersion
        self.tests = tests.map { t in
            let visible = t.isSample || showHidden
            return TestOut(id: t.id ?? 0, name: t.name, weight: t.weight, isSample: t.isSample,
                           input: visible ? t.input : nil, expected: visible ? t.expected : nil)
        }
    }
}
