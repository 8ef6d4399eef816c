import Vapor

/// Page numbers from the query string; 1-based, 50 rows a page by default.
struct Pager: Sendable {
    let page: Int
    let perPage: Int
    var offset: Int { (page - 1) * perPage }

    init(_ req: Request, perPage: Int = 50) {
        let asked = (try? req.query.get(Int.self, at: "page")) ?? 1
        page = max(1, min(asked, 100_000))
        let size = (try? req.query.get(Int.self, at: "per_page")) ?? perPage
        self.perPage = max(1, min(size, 200))
    }

    func links(_ req: Request, total: Int) -> HTML {
        let pages = max(1, (total + perPage - 1) / perPage)
        guard pages > 1 else { return .empty }
        func href(_ p: Int) -> String {
            var items = (req.url.query ?? "").split(separator: "&").filter { !$0.hasPrefix("page=") }.map(String.init)
            items.append("page=\(p)")
            return req.url.path + "?" + items.joined(separator: "&")
        }
        let prev: HTML = page > 1 ? "<a rel=\"prev\" href=\"\(href(page - 1))\">← \(req.t("이전", "Previous"))</a>" : .empty
        let next: HTML = page < pages ? "<a rel=\"next\" href=\"\(href(page + 1))\">\(req.t("다음", "Next")) →</a>" : .empty
        return "<nav class=\"pager\" aria-label=\"pages\">\(prev)<span>\(page) / \(pages)</span>\(next)</nav>"
    }
}
