import Foundation
import IeumCore

/// Checks a request body against the schema its operation documents, so that what the document promises
/// is what the door enforces: a field of the wrong type, a missing required field, a field the body may not
/// carry, a value outside its list or limits is refused (422) with the field named and a message a person
/// can act on. Rules no schema can state (one date after another, an id the caller may not use) stay with
/// the action.
struct SchemaCheck {
    /// Named schemas `ref`s point to.
    let components: [String: JSONSchema]

    /// A form sends text only: a number or a yes/no is then judged by whether its text reads as one.
    enum Source { case json, form }

    func problems(_ value: JSONValue, _ schema: JSONSchema, at path: String = "", source: Source = .json) -> [FieldError] {
        let field = path.isEmpty ? "body" : path
        func fail(_ ko: String, _ en: String) -> [FieldError] { [FieldError(field: field, message: Localized(ko, en))] }
        switch schema {
        case .anyValue:
            return []
        case let .ref(name):
            guard let target = components[name] else { return [] }
            return problems(value, target, at: path, source: source)
        case let .nullable(inner):
            return value == .null ? [] : problems(value, inner, at: path, source: source)
        case let .oneOf(choices):
            let found = choices.map { problems(value, $0, at: path, source: source) }
            if found.filter(\.isEmpty).count == 1 { return [] }
            // The choice of the value's own JSON type explains best what is wrong with it.
            if let own = choices.indices.first(where: { choices[$0].admitsType(of: value) }), !found[own].isEmpty { return found[own] }
            return fail("허용되는 형태가 아닙니다.", "This value has none of the accepted shapes.")
        case let .string(rules):
            guard case let .string(text) = value else {
                return fail("글자(문자열)로 보내세요.", "Send this as text (a JSON string).")
            }
            return stringProblems(text, rules, fail)
        case let .integer(minimum, maximum):
            let number: Int
            switch value {
            case let .integer(i): number = i
            case let .string(s) where source == .form:
                // Only the digits of the number: not " 2", "+2" or "02".
                guard let i = Int(s), String(i) == s else { return fail("정수로 입력하세요.", "Enter a whole number.") }
                number = i
            default:
                return fail("정수(JSON 숫자)로 보내세요.", "Send a whole number (a JSON number).")
            }
            return rangeProblems(Double(number), minimum.map(Double.init), maximum.map(Double.init), fail)
        case let .number(minimum, maximum):
            let number: Double
            switch value {
            case let .integer(i): number = Double(i)
            case let .number(d): number = d
            case let .string(s) where source == .form:
                guard let d = Double(s.trimmingCharacters(in: .whitespaces)) else { return fail("숫자로 입력하세요.", "Enter a number.") }
                number = d
            default:
                return fail("숫자(JSON 숫자)로 보내세요.", "Send a number (a JSON number).")
            }
            return rangeProblems(number, minimum, maximum, fail)
        case .boolean:
            switch value {
            case .bool: return []
            case let .string(s) where source == .form && ["true", "false", "on", ""].contains(s): return []
            default: return fail("true 또는 false로 보내세요.", "Send true or false.")
            }
        case let .array(items):
            guard case let .array(elements) = value else { return fail("목록(JSON 배열)으로 보내세요.", "Send a list (a JSON array).") }
            return elements.enumerated().flatMap { problems($0.element, items, at: "\(field)[\($0.offset)]", source: source) }
        case let .object(properties, additional):
            guard case let .object(members) = value else { return fail("객체(JSON 객체)로 보내세요.", "Send an object (a JSON object).") }
            var found: [FieldError] = []
            for property in properties {
                let name = path.isEmpty ? property.name : "\(path).\(property.name)"
                if let member = members[property.name] {
                    // A form's empty box is a field not given.
                    if source == .form, !property.required, member == .string("") { continue }
                    found += problems(member, property.schema, at: name, source: source)
                } else if property.required {
                    found.append(FieldError(field: name, message: Localized("필수 항목입니다.", "This field is required.")))
                }
            }
            let named = Set(properties.map(\.name))
            for (key, member) in members.sorted(by: { $0.key < $1.key }) where !named.contains(key) {
                let name = path.isEmpty ? key : "\(path).\(key)"
                if let additional {
                    found += problems(member, additional, at: name, source: source)
                } else {
                    let accepted = properties.map(\.name).joined(separator: ", ")
                    found.append(FieldError(field: name, message: Localized(
                        "알 수 없는 항목입니다. 쓸 수 있는 항목: \(accepted)", "Unknown field. Accepted fields: \(accepted)")))
                }
            }
            return found
        }
    }

    private func stringProblems(_ text: String, _ rules: JSONSchema.StringRules, _ fail: (String, String) -> [FieldError]) -> [FieldError] {
        // The messages are FieldReader's, so a form and the API say the same thing.
        if let values = rules.values, !values.contains(text) {
            return fail("목록에서 선택하세요.", "Choose one of the listed options.")
        }
        let length = text.unicodeScalars.count
        if let min = rules.minLength, min == 1, text.isEmpty {
            return fail("필수 항목입니다.", "This field is required.")
        }
        if let max = rules.maxLength, length > max { return fail("\(max)자 이하로 입력하세요.", "Use at most \(max) characters.") }
        if let min = rules.minLength, length < min { return fail("\(min)자 이상 입력하세요.", "Use at least \(min) characters.") }
        // A date's own message says what is wrong with it, before the generic one for its pattern.
        if rules.format == "date", Day(text) == nil || text.range(of: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", options: .regularExpression) == nil {
            let problem = FieldReader.dayProblem(text)
            return fail(problem.korean, problem.english)
        }
        // The whole value must match: ICU's `$` also matches before a final line break (a form feed, U+2028…).
        if let pattern = rules.pattern, text.range(of: pattern, options: .regularExpression) != text.startIndex..<text.endIndex {
            return fail("형식이 맞지 않습니다.", "This value is not in the expected form.")
        }
        switch rules.format {
        case "date-time" where Formats.dateTime(text) == nil:
            return fail("날짜와 시각을 2026-12-01T18:00:00+09:00 형식으로 보내세요.", "Send a date and time such as 2026-12-01T18:00:00+09:00.")
        case "email" where !KoreanFormats.isPlausibleEmail(text):
            return fail("올바른 이메일 주소가 아닙니다.", "This is not a valid e-mail address.")
        case "uuid" where UUID(uuidString: text) == nil:
            return fail("UUID 형식이 아닙니다.", "This is not a UUID.")
        default:
            return []
        }
    }

    private func rangeProblems(_ n: Double, _ minimum: Double?, _ maximum: Double?, _ fail: (String, String) -> [FieldError]) -> [FieldError] {
        func show(_ d: Double) -> String { d.rounded() == d ? String(Int(d)) : String(d) }
        switch (minimum, maximum) {
        case let (lo?, hi?) where n < lo || n > hi:
            return fail("\(show(lo))에서 \(show(hi)) 사이로 입력하세요.", "Enter a number from \(show(lo)) to \(show(hi)).")
        case let (lo?, nil) where n < lo:
            return fail("\(show(lo)) 이상으로 입력하세요.", "Enter \(show(lo)) or more.")
        case let (nil, hi?) where n > hi:
            return fail("\(show(hi)) 이하로 입력하세요.", "Enter \(show(hi)) or less.")
        default:
            return []
        }
    }
}

extension JSONSchema {
    /// Whether the value's JSON type is the one this schema takes (its content aside).
    func admitsType(of value: JSONValue) -> Bool {
        switch (self, value) {
        case (.string, .string), (.boolean, .bool), (.array, .array), (.object, .object), (.integer, .integer),
             (.number, .integer), (.number, .number), (.anyValue, _), (.nullable, .null):
            true
        case let (.nullable(inner), _):
            inner.admitsType(of: value)
        default:
            false
        }
    }
}

/// Formats the API's documents name, as the door reads them.
enum Formats {
    /// RFC 3339 date-time, with or without fractional seconds.
    static func dateTime(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let d = plain.date(from: text) { return d }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
