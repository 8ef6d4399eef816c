import IeumCore
import Vapor

/// What an irreversible step will do, asked once before it is done (reject, withdraw, give up a place, remove):
/// nil when the submitted values need no question.
typealias Confirmation = @Sendable (Request, [String: String]) async throws -> ConfirmationQuestion?

struct ConfirmationQuestion: Sendable {
    let title: Localized
    /// What will happen, in plain words: who is told, what cannot be undone.
    let consequence: Localized
    let confirm: Localized
    /// Where "go back" leads: the page the form was on.
    let back: String
    /// A field the person may fill in on the question page (a note to the person told), shown as a text area.
    var note: (name: String, label: Localized)? = nil
    /// How long the note may be: what the actions taking one accept.
    static let noteLimit = 1000
}

/// The question page of a form whose action asks first (`register(…, confirm:)`): the submitted values go along as
/// hidden fields with `_confirmed=1`, so answering "yes" sends the same form once more; the API never asks.
enum ConfirmationPage {
    static let answered = "_confirmed"

    static func question(_ req: Request, _ values: [String: String], _ confirm: Confirmation) async throws -> ConfirmationQuestion? {
        guard values[answered] != "1" else { return nil }
        return try await confirm(req, values)
    }

    /// The question of an answered form whose values were refused, to ask it again beside the errors.
    static func askedAgain(_ req: Request, _ values: [String: String], _ confirm: Confirmation) async throws -> ConfirmationQuestion? {
        guard values[answered] == "1" else { return nil }
        return try await confirm(req, values)
    }

    /// The question; `errors` are those of an earlier answer: the note's beside it, any other above the form.
    static func render(_ req: Request, question: ConfirmationQuestion, values: [String: String], errors: [FieldError] = []) async throws -> Response {
        let lang = req.lang
        let kept = values.filter { $0.key != CSRFProtection.field && $0.key != answered && $0.key != question.note?.name }
            .sorted { $0.key < $1.key }
            .map { "<input type=\"hidden\" name=\"\($0.key)\" value=\"\($0.value)\">" as HTML }
        let noteError = errors.first { $0.field == question.note?.name }
        let others = errors.filter { $0.field != question.note?.name }
        let note: HTML = question.note.map { field in
            let described: HTML = noteError == nil ? .empty : " aria-invalid=\"true\" aria-describedby=\"f-\(field.name)-error\""
            return """
            <div class="field"><label for="f-\(field.name)">\(field.label.in(lang))</label>
            <textarea id="f-\(field.name)" name="\(field.name)" rows="3" maxlength="\(ConfirmationQuestion.noteLimit)"\(described)>\(values[field.name] ?? "")</textarea>
            \(noteError.map { "<p class=\"field-error\" id=\"f-\(field.name)-error\">\($0.message.in(lang))</p>" as HTML } ?? .empty)</div>
            """
        } ?? .empty
        let refused: HTML = others.isEmpty ? .empty
            : "<div class=\"alert error\" role=\"alert\"><ul>\(others.map { "<li>\($0.message.in(lang))</li>" as HTML })</ul></div>"
        let body: HTML = """
            \(refused)<div class="alert warning" role="alert"><p>\(question.consequence.in(lang))</p></div>
            <form method="post" action="\(req.url.path)" class="form confirm">
            <input type="hidden" name="\(CSRFProtection.field)" value="\(req.csrfToken)">
            <input type="hidden" name="\(answered)" value="1">
            \(kept)
            \(note)
            <div class="actions">
            <button type="submit" class="button danger">\(question.confirm.in(lang))</button>
            <a class="button" href="\(question.back)">\(lang.pick("돌아가기", "Go back"))</a>
            </div>
            </form>
            """
        // Switching language asks again: the same values without the answer.
        let again = values.filter { $0.key != CSRFProtection.field && $0.key != answered }
        return Layout.page(req, title: question.title.in(lang), body: body, repost: again)
    }
}
