import IeumCore
import Vapor

/// Submitted values as text, from an HTML form or a JSON object, so both go through one FieldReader.
extension Request {
    func submittedValues() throws -> [String: String] {
        guard let type = content.contentType else {
            throw AppError(status: .unsupportedMediaType, code: "unsupported_media_type", message: Localized(
                "내용 형식(Content-Type)이 없습니다.", "The request has no Content-Type."))
        }
        if type == .json {
            let object: [String: LooseValue]
            do { object = try content.decode([String: LooseValue].self) } catch {
                throw AppError.badRequest(Localized(
                    "JSON 객체를 읽을 수 없습니다.", "The body must be a JSON object of simple values."))
            }
            return object.compactMapValues(\.text).mapValues(TextLines.normalized)
        }
        if type == .urlEncodedForm {
            // Browsers send CRLF line ends; every reader of a value sees LF only.
            return ((try? content.decode([String: String].self)) ?? [:]).mapValues(TextLines.normalized)
        }
        throw AppError(status: .unsupportedMediaType, code: "unsupported_media_type", message: Localized(
            "JSON 또는 폼 형식으로 보내세요.", "Send JSON or a form."))
    }

    func reader() throws -> FieldReader { FieldReader(try submittedValues()) }

    /// As `submittedValues`, but a JSON body naming a field outside `allowed` is refused (422, each such field
    /// named), so a misspelt or unsupported field is not silently dropped. Forms carry their own extras
    /// (the CSRF token, the button) and are not checked.
    func submittedValues(allowing allowed: Set<String>) throws -> [String: String] {
        let values = try submittedValues()
        guard content.contentType == .json else { return values }
        let keys = ((try? content.decode([String: LooseValue].self)) ?? [:]).keys
        let unknown = keys.filter { !allowed.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw AppError.invalid(ValidationFailure(unknown.map { FieldError(field: $0, message: Localized(
                "알 수 없는 항목입니다. 쓸 수 있는 항목: \(allowed.sorted().joined(separator: ", "))",
                "Unknown field. Accepted fields: \(allowed.sorted().joined(separator: ", "))")) }))
        }
        return values
    }
}

/// A JSON value given where a form would give text: strings, numbers and booleans become their text.
struct LooseValue: Decodable {
    let text: String?

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { text = nil }
        else if let s = try? c.decode(String.self) { text = s }
        else if let i = try? c.decode(Int.self) { text = String(i) }
        else if let d = try? c.decode(Double.self) { text = String(d) }
        else if let b = try? c.decode(Bool.self) { text = b ? "true" : "false" }
        else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "nested values are not accepted")
        }
    }
}

/// A checkbox list: `<name>_<value>` boxes from a form, or `<name>` as "a,b" from JSON; the chosen values in the
/// order of `options`.
enum FormChoices {
    static func chosen(_ values: [String: String], _ name: String, options: [String]) -> [String] {
        let listed = Set((values[name] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        return options.filter { listed.contains($0) || values["\(name)_\($0)"].map { !$0.isEmpty } == true }
    }
}
