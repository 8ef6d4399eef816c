import Fluent
import Foundation
import Vapor

/// What protects the access log beyond its hash chain: the audit key behind the entries' MACs, outside the database.
struct AuditSeal: Sendable {
    let key: AuditKey

    func verify(on db: any Database) async throws -> AuditChain.Report {
        try await AuditChain.verify(on: db, key: key)
    }
}

struct AuditSealKey: StorageKey { typealias Value = AuditSeal }

extension Application {
    var audit: AuditSeal { storage[AuditSealKey.self]! }
}

extension Request {
    var audit: AuditSeal { application.audit }
}
