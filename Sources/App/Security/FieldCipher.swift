import Crypto
import Foundation

/// Authenticated encryption (AES-256-GCM) of single fields under keys supplied by configuration.
/// A sealed value reads `v1:<key id>:<base64 of nonce, ciphertext and tag>`, so keys can be rotated:
/// new values use the first key, old ones open with whichever key they name.
struct FieldCipher: Sendable {
    struct Key: Sendable {
        let id: String
        let key: SymmetricKey
    }

    enum Failure: Error, CustomStringConvertible {
        case unknownKey(String)
        case malformed
        case badKeySpec(String)

        var description: String {
            switch self {
            case let .unknownKey(id): "the value was sealed with key '\(id)', which is not configured"
            case .malformed: "the sealed value is malformed"
            case let .badKeySpec(why): "IEUM_DATA_KEYS: \(why)"
            }
        }
    }

    let keys: [Key]

    var current: Key { keys[0] }

    /// `id:base64,id:base64,…` with 32-byte keys; the first one seals new values.
    init(spec: String) throws {
        var parsed: [Key] = []
        for part in spec.split(separator: ",") {
            let pieces = part.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.count == 2, !pieces[0].isEmpty, !pieces[0].contains(":"),
                  let data = Data(base64Encoded: pieces[1]), data.count == 32 else {
                throw Failure.badKeySpec("each key is 'id:<base64 of 32 bytes>'")
            }
            parsed.append(Key(id: pieces[0], key: SymmetricKey(data: data)))
        }
        guard !parsed.isEmpty else { throw Failure.badKeySpec("no key given") }
        guard Set(parsed.map(\.id)).count == parsed.count else { throw Failure.badKeySpec("key ids repeat") }
        keys = parsed
    }

    static func newKeySpec(id: String) -> String {
        id + ":" + SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    /// `context` (e.g. "people.resident_number") is bound into the seal, so a value cannot be moved to another column.
    func seal(_ plaintext: String, context: String) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: current.key, authenticating: Data(context.utf8))
        return "v1:\(current.id):" + box.combined!.base64EncodedString()
    }

    func open(_ sealed: String, context: String) throws -> String {
        let parts = sealed.split(separator: ":", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0] == "v1", let data = Data(base64Encoded: parts[2]) else { throw Failure.malformed }
        guard let key = keys.first(where: { $0.id == parts[1] }) else { throw Failure.unknownKey(parts[1]) }
        let box = try AES.GCM.SealedBox(combined: data)
        return String(decoding: try AES.GCM.open(box, using: key.key, authenticating: Data(context.utf8)), as: UTF8.self)
    }

    func keyID(of sealed: String) -> String? {
        let parts = sealed.split(separator: ":", maxSplits: 2)
        return parts.count == 3 ? String(parts[1]) : nil
    }
}
