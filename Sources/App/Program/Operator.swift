import Fluent
import Foundation

/// An academy run by one IT company or association. Everything below it is visible only to its own people.
final class Operator: Model, @unchecked Sendable {
    static let schema = "operators"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "program_id") var program: Program
    @Field(key: "name") var name: String
    @Field(key: "description") var summary: String
    @Field(key: "contact_email") var contactEmail: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(programID: Int, name: String, summary: String, contactEmail: String) {
        self.$program.id = programID
        self.name = name
        self.summary = summary
        self.contactEmail = contactEmail
    }
}

final class Campus: Model, @unchecked Sendable {
    static let schema = "campuses"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "operator_id") var `operator`: Operator
    @Field(key: "name") var name: String
    @Field(key: "region") var region: String
    @Field(key: "address") var address: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(operatorID: Int, name: String, region: String, address: String) {
        self.$operator.id = operatorID
        self.name = name
        self.region = region
        self.address = address
    }
}
