import Crypto
import Fluent
import Foundation
import IeumCore
import Vapor

/// A public key as a JWK (RFC 8037 OKP).
struct PublicJWK: Content, Equatable {
    var kty = "OKP"
    var crv = "Ed25519"
    var x: String
    var kid: String
    var alg = "EdDSA"
    var use = "sig"
}

struct JWKSet: Content { let keys: [PublicJWK] }

/// Each operator signs its own certificates. A key is made on first use; its private half never leaves the
/// server unsealed.
enum IssuerKeys {
    static func signer(forOperator operatorID: Int, cipher: FieldCipher, on db: any Database) async throws -> CredentialIssuer.Signer {
        if let stored = try await IssuerKey.query(on: db).filter(\.$operatorID == operatorID)
            .filter(\.$retiredAt == nil).sort(\.$id, .descending).first() {
            return .init(kid: stored.kid, key: try open(stored, cipher: cipher))
        }
        let key = Curve25519.Signing.PrivateKey()
        let record = IssuerKey()
        record.operatorID = operatorID
        record.kid = "op\(operatorID)-" + String(Tokens.hex(SHA256.hash(data: Data(Tokens.random().utf8))).prefix(12))
        record.publicKey = Base64URL.encode(key.publicKey.rawRepresentation)
        record.privateKeySealed = try cipher.seal(Base64URL.encode(key.rawRepresentation), context: context(record.kid))
        record.createdAt = Date()
        try await record.create(on: db)
        return .init(kid: record.kid, key: key)
    }

    static func open(_ record: IssuerKey, cipher: FieldCipher) throws -> Curve25519.Signing.PrivateKey {
        guard let raw = Base64URL.decode(try cipher.open(record.privateKeySealed, context: context(record.kid))) else {
            throw Abort(.internalServerError, reason: "issuer key \(record.kid) is unreadable")
        }
        return try Curve25519.Signing.PrivateKey(rawRepresentation: raw)
    }

    static func context(_ kid: String) -> String { "issuer_keys.private_key:\(kid)" }

    static func jwk(_ record: IssuerKey) -> PublicJWK { PublicJWK(x: record.publicKey, kid: record.kid) }

    static func published(operatorID: Int? = nil, on db: any Database) async throws -> [IssuerKey] {
        var query = IssuerKey.query(on: db).sort(\.$id)
        if let operatorID { query = query.filter(\.$operatorID == operatorID) }
        return try await query.all()
    }
}
