import IeumCore
import Vapor

struct FieldSpec: Sendable {
    enum Kind: Sendable, Equatable {
        case text, email, tel, date, number, password, textarea, hidden, file
        case select([Option])
        /// Several choices: one checkbox per option, sent as `<name>_<value>=on`; checked from those or from
        /// `values[name]` as a comma-separated list (how a saved record gives them back).
        case checkboxes([Option])
    }

    struct Option: Sendable, Equatable {
        let value: String
        let label: String
    }

    let name: String
    let label: Localized
    var kind: Kind = .text
    var required = true
    var hint: Localized? = nil
}

enum Components {
    static func form(
        _ req: Request, action: String, fields: [FieldSpec], values: [String: String], errors: [FieldError],
        submit: Localized, multipart: Bool = false
    ) -> HTML {
        let lang = req.lang
        // A form on a page shown again after it was posted (`reshowing`) shows what was sent and what was wrong.
        var values = values, errors = errors
        if errors.isEmpty, let sent = req.storage[SentFormKey.self], sent.action == action {
            values = values.merging(sent.values) { _, sent in sent }
            errors = sent.errors
        }
        let refusals = errors.filter { $0.field == formRefusal }, fieldErrors = errors.filter { $0.field != formRefusal }
        let notices = refusals.map { refusal -> HTML in "<div class=\"alert error\" role=\"alert\">\(refusal.message.in(lang))</div>" }
        let summary: HTML = fieldErrors.isEmpty ? "\(notices)" : """
            \(notices)<div class="alert error" role="alert">\(lang.pick("입력한 내용을 확인하세요. 고칠 곳이 \(fieldErrors.count)군데 있습니다.", "Please check the form: \(fieldErrors.count) field(s) need attention."))</div>
            """
        let rows = fields.map { field in
            Self.field(field, value: values[field.name] ?? "", error: errors.first { $0.field == field.name }, lang: lang)
        }
        let enctype = multipart ? " enctype=\"multipart/form-data\"" : ""
        return """
            \(summary)<form method="post" action="\(action)"\(HTML(raw: enctype)) class="form" novalidate>
            <input type="hidden" name="_csrf" value="\(req.csrfToken)">
            \(rows)
            <button type="submit" class="button primary">\(submit.in(lang))</button>
            </form>
            """
    }

    /// For a small form written by hand: what was wrong with it when it was posted and refused (`reshowing`).
    /// `labels` names the fields, so "required" says which.
    static func sentErrors(_ req: Request, action: String, labels: [String: Localized] = [:]) -> HTML {
        guard let sent = req.storage[SentFormKey.self], sent.action == action else { return .empty }
        let notices = sent.errors.map { error -> HTML in
            let label = labels[error.field].map { $0.in(req.lang) + ": " } ?? ""
            return "<div class=\"alert error\" role=\"alert\">\(label)\(error.message.in(req.lang))</div>"
        }
        return "\(notices)"
    }

    /// For a small form written by hand: a value as it was posted, when it was refused.
    static func sentValue(_ req: Request, action: String, _ name: String) -> String {
        guard let sent = req.storage[SentFormKey.self], sent.action == action else { return "" }
        return sent.values[name] ?? ""
    }

    /// A choice of a `<select>`: the one place its markup is written.
    static func option(_ value: String, _ label: String, selected: Bool) -> HTML {
        "<option value=\"\(value)\"\(selected ? " selected" as HTML : .empty)>\(label)</option>"
    }

    static func field(_ field: FieldSpec, value: String, error: FieldError?, lang: Lang) -> HTML {
        let id = "f-" + field.name
        let required: HTML = field.required ? " required" : ""
        let invalid: HTML = error == nil ? "" : " aria-invalid=\"true\" aria-describedby=\"\(id)-error\""
        let input: HTML
        switch field.kind {
        case .hidden:
            return "<input type=\"hidden\" name=\"\(field.name)\" value=\"\(value)\">"
        case .file:
            input = "<input id=\"\(id)\" type=\"file\" name=\"\(field.name)\" accept=\"application/pdf,image/png,image/jpeg\"\(required)\(invalid)>"
        case .textarea:
            input = "<textarea id=\"\(id)\" name=\"\(field.name)\" rows=\"4\"\(required)\(invalid)>\n\(value)</textarea>"
        case let .checkboxes(options):
            let listed = Set((value).split(separator: ",").map(String.init))
            let boxes = options.map { option -> HTML in
                let checked: HTML = listed.contains(option.value) ? " checked" : ""
                return "<label class=\"check\"><input type=\"checkbox\" name=\"\(field.name)_\(option.value)\" value=\"on\"\(checked)> \(option.label)</label>"
            }
            let mark: HTML = field.required ? " <span class=\"req\" aria-hidden=\"true\">*</span>" : ""
            let message: HTML = error.map { "<p class=\"field-error\" id=\"\(id)-error\">\($0.message.in(lang))</p>" } ?? .empty
            return "<fieldset class=\"field\(error == nil ? "" : " has-error")\"><legend>\(field.label.in(lang))\(mark)</legend>\(boxes)\(message)</fieldset>"
        case let .select(options):
            let opts = options.map { Components.option($0.value, $0.label, selected: $0.value == value) }
            let blank: HTML = "<option value=\"\">\(lang.pick("선택하세요", "Choose…"))</option>"
            input = "<select id=\"\(id)\" name=\"\(field.name)\"\(required)\(invalid)>\(blank)\(opts)</select>"
        default:
            let type: String = switch field.kind {
            case .email: "email"
            case .tel: "tel"
            case .date: "date"
            case .number: "number"
            case .password: "password"
            default: "text"
            }
            let shown = field.kind == .password ? "" : value
            input = "<input id=\"\(id)\" type=\"\(type)\" name=\"\(field.name)\" value=\"\(shown)\"\(required)\(invalid)>"
        }
        let mark: HTML = field.required ? " <span class=\"req\" aria-hidden=\"true\">*</span>" : ""
        let hint: HTML = field.hint.map { "<small class=\"hint\">\($0.in(lang))</small>" } ?? .empty
        let message: HTML = error.map { "<p class=\"field-error\" id=\"\(id)-error\">\($0.message.in(lang))</p>" } ?? .empty
        let cls = error == nil ? "field" : "field has-error"
        return """
            <div class="\(cls)"><label for="\(id)">\(field.label.in(lang))\(mark)</label>\(input)\(hint)\(message)</div>
            """
    }

    /// A compact table stays a table on a phone (short numeric tables); others turn into one card per row.
    static func table(headers: [String], rows: [[HTML]], empty: String, compact: Bool = false) -> HTML {
        guard !rows.isEmpty else { return "<p class=\"empty\">\(empty)</p>" }
        let head = headers.map { h -> HTML in "<th scope=\"col\">\(h)</th>" }
        let body = rows.map { cells -> HTML in
            let tds = cells.enumerated().map { i, cell -> HTML in
                "<td data-label=\"\(i < headers.count ? headers[i] : "")\">\(cell)</td>"
            }
            return "<tr>\(tds)</tr>"
        }
        let cls: HTML = compact ? " class=\"compact\"" : ""
        return "<div class=\"table-wrap\"><table\(cls)><thead><tr>\(head)</tr></thead><tbody>\(body)</tbody></table></div>"
    }

    static func definitionList(_ items: [(String, HTML)]) -> HTML {
        let rows = items.map { label, value -> HTML in "<div><dt>\(label)</dt><dd>\(value)</dd></div>" }
        return "<dl class=\"facts\">\(rows)</dl>"
    }

    static func link(_ href: String, _ text: String) -> HTML { "<a href=\"\(href)\">\(text)</a>" }

    static func badge(_ text: String, _ kind: String) -> HTML { "<span class=\"badge \(kind)\">\(text)</span>" }

    static func number(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + String(out.reversed())
    }
}
