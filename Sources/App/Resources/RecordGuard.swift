import Fluent
import IeumCore
import Vapor

struct LoadedRecordKey<M: Model>: StorageKey { typealias Value = M }

/// Loads the record named in the path and lets the request through only if the principal may see it
/// (or change it). A record of another operator is answered exactly like one that does not exist: 404.
/// Every successful look at a person's record by someone else is written to the access log.
struct RecordGuard<R: Resource>: AsyncMiddleware {
    enum Mode { case read, write }
    let mode: Mode

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let principal = try request.principal
        guard let id = request.parameters.get("id", as: Int.self),
              let record = try await R.find(id, on: request.db),
              try await R.canRead(record, principal, on: request.db) else {
            throw AppError.notFound()
        }
        if mode == .write, !(try await R.canWrite(record, principal, on: request.db)) {
            throw AppError.forbidden()
        }
        request.storage[LoadedRecordKey<R.Record>.self] = record
        let response = try await next.respond(to: request)
        // Handlers that log a more specific action themselves (e.g. "unmask") set `accessLogged`.
        if let subject = R.subject(of: record), subject != principal.personID, response.status.code < 400,
           request.storage[AccessLoggedKey.self] == nil {
            let action = request.method == .GET ? "view" : "update"
            try await AccessLog.record(request, actor: principal.personID, subject: subject, action: action)
        }
        return response
    }
}

extension Request {
    func loaded<M: Model>(_: M.Type) throws -> M {
        guard let record = storage[LoadedRecordKey<M>.self] else { throw AppError.notFound() }
        return record
    }
}

struct AccessLoggedKey: StorageKey { typealias Value = Bool }
