import Fluent
import Foundation
import IeumCore

/// The encrypted columns of `people`, each with the context its seal is bound to.
enum SealedField: String, CaseIterable {
    case residentNumber = "people.resident_number"
    case bankAccount = "people.bank_account"
    case totpSecret = "people.totp_secret"

    var keyPath: ReferenceWritableKeyPath<Person, String?> {
        switch self {
        case .residentNumber: \Person.residentNumberSealed
        case .bankAccount: \Person.bankAccountSealed
        case .totpSecret: \Person.totpSecretSealed
        }
    }
}

extension Person {
    func reveal(_ field: SealedField, with cipher: FieldCipher) throws -> String? {
        try self[keyPath: field.keyPath].map { try cipher.open($0, context: field.rawValue) }
    }

    func seal(_ field: SealedField, _ value: String?, with cipher: FieldCipher) throws {
        self[keyPath: field.keyPath] = try value.map { try cipher.seal($0, context: field.rawValue) }
    }

    func maskedResidentNumber(with cipher: FieldCipher) -> String? {
        (try? reveal(.residentNumber, with: cipher)).flatMap { $0.map(ResidentNumber.masked) }
    }

    func maskedBankAccount(with cipher: FieldCipher) -> String? {
        (try? reveal(.bankAccount, with: cipher)).flatMap { $0.map(BankAccount.masked) }
    }
}

/// Re-seals every encrypted value under the current (first) key: run after putting a new key first.
enum KeyRotation {
    static func run(on db: any Database, cipher: FieldCipher) async throws -> Int {
        let people = try await Person.query(on: db).group(.or) {
            $0.filter(\.$residentNumberSealed != nil).filter(\.$bankAccountSealed != nil).filter(\.$totpSecretSealed != nil)
        }.all()
        let held = try await HeldIdentifiers.query(on: db).all()
        return try await db.writeTransaction { tx in
            var changed = 0
            for row in held {
                var touched = false
                for field in HeldIdentifiers.Sealed.allCases {
                    guard let sealed = row[keyPath: field.keyPath], cipher.keyID(of: sealed) != cipher.current.id else { continue }
                    try row.seal(field, try row.reveal(field, with: cipher), with: cipher)
                    touched = true
                }
                if touched {
                    try await row.update(on: tx)
                    changed += 1
                }
            }
            for person in people {
                var touched = false
                for field in SealedField.allCases {
                    guard let sealed = person[keyPath: field.keyPath], cipher.keyID(of: sealed) != cipher.current.id else { continue }
                    try person.seal(field, try cipher.open(sealed, context: field.rawValue), with: cipher)
                    touched = true
                }
                if touched {
                    try await person.update(on: tx)
                    changed += 1
                }
            }
            return changed
        }
    }
}
