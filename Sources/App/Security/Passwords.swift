import Foundation
import IeumCore

/// The password policy with the common-password list shipped in the App bundle.
enum Passwords {
    static let policy: PasswordPolicy = {
        guard let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            fatalError("common-passwords.txt is missing from the App bundle")
        }
        let words = text.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("#") }.map { String($0) }
        return PasswordPolicy(commonPasswords: Set(words))
    }()

    /// Adds a field error when the password breaks the policy.
    static func check(_ password: String, field: String, personal: [String], into reader: inout FieldReader) {
        if let problem = policy.check(password, personal: personal) {
            reader.fail(field, problem.message.ko, problem.message.en)
        }
    }
}
