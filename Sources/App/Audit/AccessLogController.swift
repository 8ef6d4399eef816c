import Fluent
import IeumCore
import Vapor

struct AccessLogOutput: Content {
    let id: Int
    let actorID: Int
    let at: Date
    let ip: String
    let subjectID: Int?
    let action: String
    let target: String

    enum CodingKeys: String, CodingKey {
        case id, at, ip, action, target
        case actorID = "actor_id"
        case subjectID = "subject_id"
    }
}

/// Administrators read who looked at whose personal data.
enum AccessLogController {
    static func query(_ req: Request) -> QueryBuilder<AccessLogEntry> {
        var q = AccessLogEntry.query(on: req.db).sort(\.$at, .descending).sort(\.$id, .descending)
        if let subject = req.filterID("subject_id") { q = q.filter(\.$subjectID == subject) }
        if let actor = req.filterID("actor_id") { q = q.filter(\.$actorID == actor) }
        return q
    }

    @Sendable static func list(_ req: Request) async throws -> ListPage<AccessLogOutput> {
        let pager = Pager(req, perPage: 100)
        let q = query(req)
        let total = try await q.copy().count()
        let rows = try await q.range(pager.offset..<(pager.offset + pager.perPage)).all()
        return ListPage(items: rows.map {
            AccessLogOutput(id: $0.id!, actorID: $0.actorID, at: $0.at, ip: $0.ip, subjectID: $0.subjectID, action: $0.action, target: $0.target)
        }, page: pager.page, perPage: pager.perPage, total: total)
    }

    @Sendable static func page(_ req: Request) async throws -> Response {
        let lang = req.lang
        let pager = Pager(req, perPage: 100)
        let q = query(req)
        let total = try await q.copy().count()
        let rows = try await q.range(pager.offset..<(pager.offset + pager.perPage)).all()
        let ids = Set(rows.map(\.actorID) + rows.compactMap(\.subjectID))
        let names = Dictionary(try await Person.query(on: req.db).filter(\.$id ~~ ids).all().map { ($0.id!, $0.name) },
                               uniquingKeysWith: { a, _ in a })
        let table = rows.map { e -> [HTML] in
            ["\(KST.dateTime(e.at))",
             Components.link(AuditRoutes.accessLog.url(["actor_id": "\(e.actorID)"]), names[e.actorID] ?? "#\(e.actorID)"),
             e.subjectID.map { Components.link(AuditRoutes.accessLog.url(["subject_id": "\($0)"]), names[$0] ?? "#\($0)") } ?? "—",
             "\(e.action)", "\(e.target)", "\(e.ip)"]
        }
        let body: HTML = """
            <p class="muted">\(lang.pick("개인정보를 열람·변경한 기록입니다. 누가, 언제, 어디서, 누구의 정보를, 무엇을 했는지 남습니다.", "Every look at or change to personal data: who, when, from where, whose data and what."))</p>
            <p class="muted">\(lang.pick("모두 \(Components.number(total))건", "\(Components.number(total)) in all")) · <a href="\(AuditRoutes.review.url)">\(lang.pick("월간 점검", "Monthly review"))</a></p>
            \(Components.table(headers: [lang.pick("시각(KST)", "Time (KST)"), lang.pick("열람자", "Who"), lang.pick("정보 주체", "Whose data"), lang.pick("행위", "Action"), lang.pick("화면", "Where"), lang.pick("접속 주소", "From")], rows: table, empty: lang.pick("기록이 없습니다.", "No entries.")))
            \(pager.links(req, total: total))
            """
        return Layout.page(req, title: lang.pick("개인정보 열람 기록", "Personal data access log"), body: body)
    }
}
