import Crypto
import Foundation
import IeumCore

/// A JWS in compact serialization signed with Ed25519 ("EdDSA", RFC 8037): `header.payload.signature`.
/// Small enough to write here; interoperability is checked by an independent JOSE library in the test suite.
enum CompactJWS {
    struct Header: Codable, Equatable {
        let alg: String
        let typ: String?
        let kid: String?
    }

    enum Failure: Error, Equatable {
        case malformed
        case unsupportedAlgorithm
        case badSignature
    }

    static func sign(payload: Data, kid: String, with key: Curve25519.Signing.PrivateKey) throws -> String {
        let header = try JSONEncoder.sorted.encode(Header(alg: "EdDSA", typ: "JWT", kid: kid))
        let signingInput = Base64URL.encode(header) + "." + Base64URL.encode(payload)
        let signature = try key.signature(for: Data(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature)
    }

    /// Splits and decodes without checking the signature: the header names the key to check it with.
    static func parse(_ token: String) throws(Failure) -> (header: Header, payload: Data, signingInput: String, signature: [UInt8]) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(parts[0]), let payload = Base64URL.decode(parts[1]),
              let signature = Base64URL.decode(parts[2]),
              let header = try? JSONDecoder().decode(Header.self, from: Data(headerBytes)) else { throw .malformed }
        guard header.alg == "EdDSA" else { throw .unsupportedAlgorithm }
        return (header, Data(payload), "\(parts[0]).\(parts[1])", signature)
    }

    static func verify(signingInput: String, signature: [UInt8], with key: Curve25519.Signing.PublicKey) -> Bool {
        signature.count == 64 && key.isValidSignature(Data(signature), for: Data(signingInput.utf8))
    }
}

extension JSONEncoder {
    /// Keys in a fixed order and no escaped slashes: the same value always gives the same bytes.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}
