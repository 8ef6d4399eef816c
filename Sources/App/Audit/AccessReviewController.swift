import Fluent
import Foundation
import IeumCore
import Vapor

/// The monthly review of unusual access, for program managers.
enum AccessReviewController {
    static func monthRange(_ text: String?, now: Date) -> (label: String, start: Date, end: Date)? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = KoreanFormats.kst
        let today = Day(now)
        var year = today.year, month = today.month
        if let text {
            let parts = text.split(separator: "-")
            guard parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]), (2000...2100).contains(y), (1...12).contains(m) else { return nil }
            year = y
            month = m
        }
        let start = calendar.date(from: DateComponents(year: year, month: month, day: 1))!
        let end = calendar.date(byAdding: .month, value: 1, to: start)!
        return (String(format: "%04d-%02d", year, month), start, end)
    }

    @Sendable static func page(_ req: Request) async throws -> Response {
        let lang = req.lang
        guard let range = monthRange(try? req.query.get(String.self, at: "month"), now: req.now) else {
            throw AppError.badRequest(Localized("month는 YYYY-MM 형식입니다.", "month must be YYYY-MM."))
        }
        let entries = try await AccessLogEntry.query(on: req.db).filter(\.$at >= range.start).filter(\.$at < range.end).all()
            .map { AccessReview.Entry(actorID: $0.actorID, subjectID: $0.subjectID, at: $0.at) }
        let findings = AccessReview().review(entries)
        let names = Dictionary(try await Person.query(on: req.db).filter(\.$id ~~ findings.map(\.actorID)).all().map { ($0.id!, $0.name) },
                               uniquingKeysWith: { a, _ in a })
        let rows = findings.map { f -> [HTML] in
            var flags: [HTML] = []
            if f.bulk { flags.append(Components.badge(lang.pick("대량 열람", "Bulk viewing"), "dropped")) }
            if f.offHoursViews > 0 { flags.append(Components.badge(lang.pick("업무시간 외 \(f.offHoursViews)건", "\(f.offHoursViews) off-hours"), "selected")) }
            return [Components.link(AuditRoutes.accessLog.url(["actor_id": "\(f.actorID)"]), names[f.actorID] ?? "#\(f.actorID)"),
                    "\(Components.number(f.views))", "\(Components.number(f.distinctPeople))", "\(flags)"]
        }
        let unusual = findings.filter(\.isUnusual).count
        let body: HTML = """
            <form method="get" action="\(AuditRoutes.review.url)" class="toolbar"><label>\(lang.pick("월", "Month"))<input type="month" name="month" value="\(range.label)"></label><button class="button" type="submit">\(lang.pick("보기", "Show"))</button></form>
            <p>\(lang.pick("\(range.label): 열람 \(Components.number(entries.count))건, 열람자 \(findings.count)명, 살펴볼 열람자 \(unusual)명.", "\(range.label): \(Components.number(entries.count)) views by \(findings.count) people; \(unusual) to look into."))</p>
            <p class="muted">\(lang.pick("한 달에 200명 넘게 열람했거나 평일 08–20시 밖에 열람한 사람을 먼저 보여 줍니다.", "People who looked at more than 200 people in the month, or outside weekdays 08:00–20:00 KST, come first."))</p>
            \(Components.table(headers: [lang.pick("열람자", "Who"), lang.pick("열람", "Views"), lang.pick("열람한 사람 수", "People viewed"), lang.pick("확인할 점", "To check")], rows: rows, empty: lang.pick("이 달에는 열람 기록이 없습니다.", "No access this month.")))
            """
        return Layout.page(req, title: lang.pick("월간 열람 점검", "Monthly access review"), body: body)
    }
}
