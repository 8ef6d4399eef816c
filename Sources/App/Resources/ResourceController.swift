import Fluent
import IeumCore
import Vapor

struct ListPage<Output: Content>: Content {
    let items: [Output]
    let page: Int
    let perPage: Int
    let total: Int

    enum CodingKeys: String, CodingKey {
        case items, page, total
        case perPage = "per_page"
    }
}

/// Registers and serves one resource's pages and API routes.
struct ResourceController<R: Resource>: Sendable {
    func registerPages(_ routes: any RoutesBuilder) {
        let writer: [any Middleware] = [RequireRole(R.writeRoles)]
        routes.register(.GET, R.records.template, roles: R.readRoles, use: listPage)
        routes.register(.GET, R.newRecord.template, roles: R.readRoles, guards: writer, use: newPage)
        if !R.customCreate {
            routes.register(.POST, R.records.template, roles: R.readRoles, guards: writer, action: creation, next: { _, record in R.path(record) },
                            retry: { req, values, errors in try await formPage(req, record: nil, values: values, errors: errors, status: .unprocessableEntity) })
        }
        routes.register(.GET, R.record.template, roles: R.readRoles, guards: [RecordGuard<R>(mode: .read)], use: showPage)
        if R.editable {
            let edit = writer + [RecordGuard<R>(mode: .write)]
            routes.register(.GET, R.editing.template, roles: R.readRoles, guards: edit, use: editPage)
            routes.register(.POST, R.editing.template, roles: R.readRoles, guards: edit, action: change, next: { _, record in R.path(record) },
                            retry: { req, values, errors in
                                try await formPage(req, record: try req.loaded(R.Record.self), values: values, errors: errors, status: .unprocessableEntity)
                            })
        }
    }

    func registerAPI(_ api: any RoutesBuilder) {
        let readable = api.grouped(PathComponent(stringLiteral: R.slug)).grouped(RequireRole(R.readRoles))
        readable.get(use: listJSON)
        if !R.customCreate {
            readable.grouped(RequireRole(R.writeRoles)).post(use: creation.answering(status: .created) { req, record in try await R.created(record, req) })
        }
        readable.grouped(":id").grouped(RecordGuard<R>(mode: .read)).get(use: showJSON)
        if R.editable {
            readable.grouped(":id").grouped(RequireRole(R.writeRoles)).grouped(RecordGuard<R>(mode: .write))
                .patch(use: change.answering(status: .ok) { req, record in try await R.output(record, req) })
                .responseType = R.Output.self
        }
    }

    // MARK: Lists

    func fetch(_ req: Request) async throws -> (items: [R.Record], total: Int, pager: Pager) {
        let principal = try req.principal
        let pager = Pager(req)
        let query = try await R.query(req, principal)
        let total = try await query.copy().count()
        let items = try await query.range(pager.offset..<(pager.offset + pager.perPage)).all()
        req.listed(items.compactMap(R.subject), purpose: "\(R.slug) list" + (req.searchText.map { " search \"\($0)\"" } ?? ""))
        return (items, total, pager)
    }

    @Sendable func listJSON(_ req: Request) async throws -> ListPage<R.Output> {
        let (items, total, pager) = try await fetch(req)
        var outputs: [R.Output] = []
        for item in items { outputs.append(try await R.output(item, req)) }
        return ListPage(items: outputs, page: pager.page, perPage: pager.perPage, total: total)
    }

    @Sendable func listPage(_ req: Request) async throws -> Response {
        let principal = try req.principal
        let (items, total, pager) = try await fetch(req)
        let lang = req.lang
        let filters = try await R.filters(req, principal)
        let filterControls = filters.map { spec -> HTML in
            guard case let .select(options) = spec.kind else { return .empty }
            let current = req.filterValue(spec.name) ?? ""
            let opts = options.map { o -> HTML in
                Components.option(o.value, o.label, selected: o.value == current)
            }
            return "<label>\(spec.label.in(lang))<select name=\"\(spec.name)\"><option value=\"\">\(lang.pick("전체", "All"))</option>\(opts)</select></label>"
        }
        let newButton: HTML = principal.hasAny(R.writeRoles)
            ? "<a class=\"button primary\" href=\"\(R.newRecord.url)\">\(lang.pick("새로 등록", "Add new"))</a>" : .empty
        let body: HTML = """
            <div class="toolbar">
            <form method="get" action="\(R.path)" role="search">
            <label>\(lang.pick("검색", "Search"))<input type="search" name="q" value="\(req.searchText ?? "")"></label>
            \(filterControls)
            <button type="submit" class="button">\(lang.pick("찾기", "Find"))</button>
            </form>
            \(newButton)
            </div>
            <p class="muted">\(lang.pick("모두 \(Components.number(total))건", "\(Components.number(total)) in all"))</p>
            \(Components.table(headers: R.columns(lang), rows: items.map { R.row($0, req) }, empty: lang.pick("조건에 맞는 항목이 없습니다.", "Nothing matches.")))
            \(pager.links(req, total: total))
            """
        return Layout.page(req, title: R.title.in(lang), body: body)
    }

    // MARK: One record

    @Sendable func showJSON(_ req: Request) async throws -> R.Output {
        try await R.output(try req.loaded(R.Record.self), req)
    }

    @Sendable func showPage(_ req: Request) async throws -> Response {
        let principal = try req.principal
        let record = try req.loaded(R.Record.self)
        let lang = req.lang
        let mayEdit = R.editable && principal.hasAny(R.writeRoles) ? try await R.canWrite(record, principal, on: req.db) : false
        let edit: HTML = mayEdit
            ? "<div class=\"actions\"><a class=\"button\" href=\"\(R.editing(record.id ?? 0))\">\(lang.pick("수정", "Edit"))</a></div>" : .empty
        let body: HTML = """
            <p><a href="\(R.path)">← \(R.title.in(lang))</a></p>
            \(edit)
            \(try await R.details(record, req, principal))
            """
        return Layout.page(req, title: R.label(record), body: body)
    }

    // MARK: Create and edit

    func formPage(_ req: Request, record: R.Record?, values: [String: String], errors: [FieldError],
                  status: HTTPResponseStatus = .ok) async throws -> Response {
        let principal = try req.principal
        let creating = record == nil
        let fields = try await R.fields(req, principal, creating: creating)
        let action = record.map { R.editing($0.id ?? 0) } ?? R.path
        let title = creating
            ? req.t("\(R.singular.ko) 등록", "New \(R.singular.en.lowercased())")
            : req.t("\(R.label(record!)) 수정", "Edit \(R.label(record!))")
        let back = record.map { R.path($0) } ?? R.path
        let body: HTML = """
            <p><a href="\(back)">← \(req.t("돌아가기", "Back"))</a></p>
            \(Components.form(req, action: action, fields: fields, values: values, errors: errors, submit: Localized("저장", "Save")))
            """
        return Layout.page(req, title: title, body: body, status: status)
    }

    @Sendable func newPage(_ req: Request) async throws -> Response {
        var prefill: [String: String] = [:]
        for field in try await R.fields(req, try req.principal, creating: true) {
            if let v = req.filterValue(field.name) { prefill[field.name] = v }
        }
        return try await formPage(req, record: nil, values: prefill, errors: [])
    }

    @Sendable func editPage(_ req: Request) async throws -> Response {
        let record = try req.loaded(R.Record.self)
        return try await formPage(req, record: record, values: try await R.values(of: record, on: req.db), errors: [])
    }

    /// Reads, checks and saves; throws `ValidationFailure` with every problem, or an AppError.
    func save(_ req: Request, record: R.Record, values: [String: String], creating: Bool) async throws {
        let principal = try req.principal
        var reader = FieldReader(values)
        try await R.apply(&reader, to: record, creating: creating, req: req, principal: principal)
        try reader.finish()
        guard creating ? principal.canWrite(R.scope(of: record)) : try await R.canWrite(record, principal, on: req.db) else {
            throw AppError.forbidden()
        }
        do {
            try await req.db.writeTransaction { db in
                if creating { try await record.create(on: db) } else { try await record.update(on: db) }
                try await R.afterSave(record, creating: creating, on: db, req: req, principal: principal)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw AppError.conflict(Localized(
                "같은 내용이 이미 등록되어 있습니다.", "A record with the same details already exists."))
        }
    }

    var creation: Action<[String: String], R.Record> {
        Action { req, values in
            let record = R.Record()
            try await save(req, record: record, values: values, creating: true)
            return record
        }
    }

    /// A page's form sends every field; the API's PATCH only the ones it changes, the rest keep their present values.
    var change: Action<[String: String], R.Record> {
        Action(reading: { req in
            let submitted = try req.submittedValues()
            guard req.content.contentType == .json else { return submitted }
            return try await R.values(of: try req.loaded(R.Record.self), on: req.db).merging(submitted) { _, new in new }
        }, shown: { $0 }) { req, values in
            let record = try req.loaded(R.Record.self)
            try await save(req, record: record, values: values, creating: false)
            return record
        }
    }
}
