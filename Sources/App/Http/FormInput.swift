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
            let value: JSONValue
            do { value = try content.decode(JSONValue.self) } catch {
                throw AppError.badRequest(Localized("JSON 본문을 읽을 수 없습니다.", "The body is not valid JSON."))
            }
            guard case let .object(members) = value else {
                throw AppError.badRequest(Localized("JSON 객체를 보내세요.", "The body must be a JSON object."))
            }
            if let contract {
                try check(value, against: contract, source: .json)
            } else if members.values.contains(where: { $0.text == nil && $0 != .null }) {
                throw AppError.badRequest(Localized("JSON 객체를 읽을 수 없습니다.", "The body must be a JSON object of simple values."))
            }
            return members.compactMapValues(\.text).mapValues(TextLines.normalized)
        }
        if type == .urlEncodedForm {
            // The API's bodies are JSON, as its document says; forms are for the pages.
            if contract != nil {
                throw AppError(status: .unsupportedMediaType, code: "unsupported_media_type", message: Localized(
                    "JSON으로 보내세요 (Content-Type: application/json).", "Send JSON (Content-Type: application/json)."))
            }
            // Browsers send CRLF line ends; every reader of a value sees LF only.
            return try FlatForm.values(of: self).mapValues(TextLines.normalized)
        }
        throw AppError(status: .unsupportedMediaType, code: "unsupported_media_type", message: Localized(
            "JSON 또는 폼 형식으로 보내세요.", "Send JSON or a form."))
    }

    /// A typed form body, or nil when it has another shape; a refusal of the body screens (too many fields, an
    /// unreadable multipart body) is thrown as it is, so that the person sees why.
    func formContent<T: Decodable>(_ type: T.Type) throws -> T? {
        do { return try content.decode(T.self) } catch let refusal as AppError { throw refusal } catch { return nil }
    }

    /// The body schema the API document declares for this route, if it declares one.
    var contract: JSONSchema? {
        guard let route else { return nil }
        return OpenAPIDocument.inputs[OpenAPIDocument.key(route)]
    }

    /// Refuses (422, every field named) a body the route's declared schema does not admit.
    func check(_ value: JSONValue, against schema: JSONSchema, source: SchemaCheck.Source) throws {
        let problems = SchemaCheck(components: [:]).problems(value, schema, source: source)
        if !problems.isEmpty { throw AppError.invalid(ValidationFailure(problems)) }
    }

    /// A typed JSON body, checked against the route's declared schema first so its errors name the field.
    func checkedContent<T: Decodable>(_ type: T.Type, otherwise message: Localized) throws -> T {
        if let contract, content.contentType == .json {
            guard let value = try? content.decode(JSONValue.self) else {
                throw AppError.badRequest(Localized("JSON 본문을 읽을 수 없습니다.", "The body is not valid JSON."))
            }
            try check(value, against: contract, source: .json)
        }
        do { return try content.decode(T.self) } catch let refusal as AppError { throw refusal } catch { throw AppError.badRequest(message) }
    }

    func reader() throws -> FieldReader { FieldReader(try submittedValues()) }
}

/// A form body read as pages send it: each `name=value` pair by its literal name, the last of a repeated name
/// winning. A name no page sends (`capacity[]`, `a[b]`) is just an unknown field, not a reason to lose the others.
enum FlatForm {
    /// The request's form body, screened (too many fields: 400) and read once, for the CSRF check and the action.
    static func values(of req: Request) throws -> [String: String] {
        if let read = req.storage[FlatFormKey.self] { return read }
        let text = req.body.data.map { String(buffer: $0) } ?? ""
        try ScreenedURLEncodedFormDecoder.screen(Substring(text))
        let read = values(text)
        req.storage[FlatFormKey.self] = read
        return read
    }

    static func values(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decoded(parts[0]), !name.isEmpty else { continue }
            values[name] = parts.count > 1 ? decoded(parts[1]) ?? "" : ""
        }
        return values
    }

    private static func decoded(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

struct FlatFormKey: StorageKey { typealias Value = [String: String] }

/// A checkbox list: `<name>_<value>` boxes from a form, or `<name>` as "a,b" from JSON; the chosen values in the
/// order of `options`.
enum FormChoices {
    static func chosen(_ values: [String: String], _ name: String, options: [String]) -> [String] {
        let listed = Set((values[name] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        return options.filter { listed.contains($0) || values["\(name)_\($0)"].map { !$0.isEmpty } == true }
    }
}
