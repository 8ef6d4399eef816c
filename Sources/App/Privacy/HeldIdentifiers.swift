import Fluent
import Foundation
import IeumCore

/// The registration and bank numbers one academy collected about one person (issue 21): held per academy, sealed
/// to the academy as well as the column, so that one academy's numbers are never another's to read — not even by
/// moving a sealed value from one row to another in the database.
final class HeldIdentifiers: Model, @unchecked Sendable {
    static let schema = "person_identifiers"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "person_id") var personID: Int
    @Field(key: "operator_id") var operatorID: Int
    @OptionalField(key: "resident_number") var residentNumberSealed: String?
    @OptionalField(key: "bank_name") var bankName: String?
    @OptionalField(key: "bank_account") var bankAccountSealed: String?
    @OptionalField(key: "collected_by") var collectedBy: Int?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(personID: Int, operatorID: Int, collectedBy: Int?, at: Date) {
        self.personID = personID
        self.operatorID = operatorID
        self.collectedBy = collectedBy
        self.updatedAt = at
    }

    enum Sealed: String, CaseIterable {
        case residentNumber = "resident_number"
        case bankAccount = "bank_account"

        var keyPath: ReferenceWritableKeyPath<HeldIdentifiers, String?> {
            switch self {
            case .residentNumber: \HeldIdentifiers.residentNumberSealed
            case .bankAccount: \HeldIdentifiers.bankAccountSealed
            }
        }
    }

    static func context(_ field: Sealed, operatorID: Int) -> String { "person_identifiers.\(field.rawValue).\(operatorID)" }

    func seal(_ field: Sealed, _ value: String?, with cipher: FieldCipher) throws {
        self[keyPath: field.keyPath] = try value.map { try cipher.seal($0, context: Self.context(field, operatorID: operatorID)) }
    }

    func reveal(_ field: Sealed, with cipher: FieldCipher) throws -> String? {
        try self[keyPath: field.keyPath].map { try cipher.open($0, context: Self.context(field, operatorID: operatorID)) }
    }

    func masked(with cipher: FieldCipher) -> (residentNumber: String?, bankName: String?, bankAccount: String?) {
        ((try? reveal(.residentNumber, with: cipher)).flatMap { $0.map(ResidentNumber.masked) },
         bankName,
         (try? reveal(.bankAccount, with: cipher)).flatMap { $0.map(BankAccount.masked) })
    }

    /// The academy's row for the person, made when first needed.
    static func row(person: Int, operatorID: Int, by actor: Int?, at now: Date, on db: any Database) async throws -> HeldIdentifiers {
        if let found = try await query(on: db).filter(\.$personID == person).filter(\.$operatorID == operatorID).first() { return found }
        return HeldIdentifiers(personID: person, operatorID: operatorID, collectedBy: actor, at: now)
    }
}

struct CreateHeldIdentifiers: AsyncMigration {
    let cipher: FieldCipher

    func prepare(on db: any Database) async throws {
        try await db.schema(HeldIdentifiers.schema)
            .field("id", .int, .identifier(auto: true))
            .field("person_id", .int, .required, .references("people", "id", onDelete: .cascade))
            .field("operator_id", .int, .required, .references("operators", "id"))
            .field("resident_number", .string)
            .field("bank_name", .string)
            .field("bank_account", .string)
            .field("collected_by", .int)
            .field("updated_at", .datetime, .required)
            .unique(on: "person_id", "operator_id", name: "person_identifiers_once")
            .create()
        try await moveFromPeople(on: db)
    }

    /// Numbers stored on the person before they were held per academy go to the academy of the person's latest
    /// enrollment (the one that collected them for its allowance), or of their trainee role; with neither, they
    /// stay where they were, unread, until program support enters them again.
    func moveFromPeople(on db: any Database) async throws {
        // Only the columns this migration knows: later migrations add others the model already reads.
        let people = try await Person.query(on: db)
            .field(\.$id).field(\.$residentNumberSealed).field(\.$bankName).field(\.$bankAccountSealed)
            .group(.or) { $0.filter(\.$residentNumberSealed != nil).filter(\.$bankAccountSealed != nil) }.all()
        let now = Date()
        for person in people {
            let id = try person.requireID()
            let enrolled = try await Enrollment.query(on: db).filter(\.$person.$id == id).sort(\.$stateChangedAt, .descending).first()?.operatorID
            let granted = try await RoleGrant.query(on: db).filter(\.$person.$id == id).filter(\.$role == Role.trainee.rawValue)
                .filter(\.$operatorID != nil).first()?.operatorID
            guard let operatorID = enrolled ?? granted else { continue }
            let held = HeldIdentifiers(personID: id, operatorID: operatorID, collectedBy: nil, at: now)
            try held.seal(.residentNumber, try person.reveal(.residentNumber, with: cipher), with: cipher)
            try held.seal(.bankAccount, try person.reveal(.bankAccount, with: cipher), with: cipher)
            held.bankName = person.bankName
            try await held.create(on: db)
            person.residentNumberSealed = nil
            person.bankAccountSealed = nil
            person.bankName = nil
            try await person.update(on: db)
        }
    }

    func revert(on db: any Database) async throws {
        try await db.schema(HeldIdentifiers.schema).delete()
    }
}
