import Fluent
import Vapor

/// People a list, roster, matrix, export or search showed, with why it was opened.
struct ListedPeople: Sendable {
    var ids: [Int] = []
    var purpose = ""
}

struct ListedPeopleKey: StorageKey { typealias Value = ListedPeople }

extension Request {
    /// Says which people this answer shows; `ListedPeopleLog` writes one access-log entry for all of them.
    func listed(_ personIDs: [Int], purpose: String) {
        var listed = storage[ListedPeopleKey.self] ?? ListedPeople()
        listed.ids += personIDs
        if listed.purpose.isEmpty { listed.purpose = purpose }
        storage[ListedPeopleKey.self] = listed
    }
}

/// Every look at many people's records leaves one entry, as a look at one does (issue 21; 안전성 확보조치 기준
/// 제8조 asks for whose data was handled, not only that a page was opened): after a successful answer, the people
/// it showed — other than the viewer — go into a single entry with the query and the purpose. A list of one
/// person names them as the entry's subject, so the per-person access review finds it.
struct ListedPeopleLog: AsyncMiddleware {
    static let namedAtMost = 500

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        guard response.status.code < 400, let listed = request.storage[ListedPeopleKey.self],
              let principal = request.principalIfAny else { return response }
        var seen = Set<Int>()
        let others = listed.ids.filter { $0 != principal.personID && seen.insert($0).inserted }
        guard !others.isEmpty else { return response }
        let named = others.prefix(Self.namedAtMost).map(String.init).joined(separator: ",")
        let more = others.count > Self.namedAtMost ? " (+\(others.count - Self.namedAtMost))" : ""
        let query = request.url.query.map { "?" + String($0.prefix(300)) } ?? ""
        let action = "list \(others.count)", detail = "\(listed.purpose)\(query) — \(named)\(more)"
        if request.isSelfRefresh, try await AccessLog.alreadyHolds(request, actor: principal.personID, action: action, detail: detail) {
            return response
        }
        try await AccessLog.record(request, actor: principal.personID, subject: others.count == 1 ? others[0] : nil,
                                   action: action, detail: detail)
        return response
    }
}

extension Request {
    /// Sent by the site's script when a page left open refreshes a part of itself (`data-refresh`).
    static let selfRefreshHeader = "X-Ieum-Refresh"
    var isSelfRefresh: Bool { headers.first(name: Self.selfRefreshHeader) != nil }
}
