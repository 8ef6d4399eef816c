import Fluent
import Foundation

/// Anyone who uses Ieum or is recorded in it. Roles come from grants, so one person can be a mentor at one
/// academy and an employer's recruiter at the same time.
final class Person: Model, @unchecked Sendable {
    static let schema = "people"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "name") var name: String
    @Field(key: "email") var email: String
    /// In `mobile`, not unique: see `MovePhoneOffUniqueColumn`.
    @OptionalField(key: "mobile") var phone: String?
    @OptionalField(key: "birth_date") var birthDate: String?
    @OptionalField(key: "residence_region") var residenceRegion: String?
    @OptionalField(key: "password_hash") var passwordHash: String?
    /// Sealed by `FieldCipher` (context `people.resident_number`); never stored in the clear.
    @OptionalField(key: "resident_number") var residentNumberSealed: String?
    @OptionalField(key: "bank_name") var bankName: String?
    /// Sealed by `FieldCipher` (context `people.bank_account`).
    @OptionalField(key: "bank_account") var bankAccountSealed: String?
    /// Sealed by `FieldCipher` (context `people.totp_secret`).
    @OptionalField(key: "totp_secret") var totpSecretSealed: String?
    @OptionalField(key: "totp_enabled_at") var totpEnabledAt: Date?
    /// The time step of the last accepted code: each code works once.
    @OptionalField(key: "totp_last_counter") var totpLastCounter: Int64?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Children(for: \.$person) var grants: [RoleGrant]

    init() {}

    init(name: String, email: String, phone: String?, birthDate: String? = nil, residenceRegion: String? = nil,
         passwordHash: String? = nil) {
        self.name = name
        self.email = email
        self.phone = phone
        self.birthDate = birthDate
        self.residenceRegion = residenceRegion
        self.passwordHash = passwordHash
    }
}

/// A role held by a person, tied to an operator, campus or employer where the role needs one.
/// Revoked grants are kept: PROGRAM.md asks for role grants and revocations to be kept for 3 years.
final class RoleGrant: Model, @unchecked Sendable {
    static let schema = "role_grants"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "person_id") var person: Person
    @Field(key: "role") var role: String
    @OptionalField(key: "operator_id") var operatorID: Int?
    @OptionalField(key: "campus_id") var campusID: Int?
    @OptionalField(key: "employer_id") var employerID: Int?
    @OptionalField(key: "granted_by") var grantedBy: Int?
    @Timestamp(key: "granted_at", on: .create) var grantedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @OptionalField(key: "revoked_by") var revokedBy: Int?

    init() {}

    init(personID: Int, role: String, operatorID: Int? = nil, campusID: Int? = nil, employerID: Int? = nil,
         grantedBy: Int? = nil) {
        self.$person.id = personID
        self.role = role
        self.operatorID = operatorID
        self.campusID = campusID
        self.employerID = employerID
        self.grantedBy = grantedBy
    }
}
