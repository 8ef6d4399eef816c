import Fluent
import Foundation

final class Program: Model, @unchecked Sendable {
    static let schema = "programs"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "name") var name: String
    @Field(key: "start_year") var startYear: Int
    @Field(key: "end_year") var endYear: Int
    @Field(key: "cumulative_target") var cumulativeTarget: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Children(for: \.$program) var yearTargets: [ProgramYearTarget]

    init() {}

    init(name: String, startYear: Int, endYear: Int, cumulativeTarget: Int) {
        self.name = name
        self.startYear = startYear
        self.endYear = endYear
        self.cumulativeTarget = cumulativeTarget
    }
}

final class ProgramYearTarget: Model, @unchecked Sendable {
    static let schema = "program_year_targets"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "program_id") var program: Program
    @Field(key: "year") var year: Int
    @Field(key: "target") var target: Int

    init() {}

    init(programID: Int, year: Int, target: Int) {
        self.$program.id = programID
        self.year = year
        self.target = target
    }
}
