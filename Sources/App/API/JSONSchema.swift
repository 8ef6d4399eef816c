import Foundation
import IeumCore

/// A JSON Schema (the 2020-12 dialect OpenAPI 3.1 uses), as far as Ieum's bodies need one.
indirect enum JSONSchema: Sendable, Equatable {
    struct StringRules: Sendable, Equatable {
        var format: String?
        var values: [String]?
        var minLength: Int?
        var maxLength: Int?
        var pattern: String?
    }

    struct Property: Sendable, Equatable {
        let name: String
        let schema: JSONSchema
        let required: Bool
        var description: String?
    }

    case string(StringRules)
    case integer(minimum: Int?, maximum: Int?)
    case number(minimum: Double?, maximum: Double?)
    case boolean
    case array(JSONSchema)
    /// `additional` is the schema of keys not named (a map's values); nil means no other key is allowed.
    case object([Property], additional: JSONSchema?)
    case nullable(JSONSchema)
    /// Exactly one of these (an enum with associated values, coded as `{"case": {…}}`).
    case oneOf([JSONSchema])
    case ref(String)
    /// Any JSON value (a stored answer whose shape the form that asked for it decides).
    case anyValue

    static let text = JSONSchema.string(StringRules())
    static func text(format: String? = nil, values: [String]? = nil, minLength: Int? = nil, maxLength: Int? = nil,
                     pattern: String? = nil) -> JSONSchema {
        .string(StringRules(format: format, values: values, minLength: minLength, maxLength: maxLength, pattern: pattern))
    }
    /// No control character but tab and line ends (FieldReader refuses them; PostgreSQL refuses NUL).
    static let plainText = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$"
    /// The same, with something besides white space (FieldReader trims it and calls the rest empty).
    static let filledText = "^\\s*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$"
    static let int = JSONSchema.integer(minimum: nil, maximum: nil)
    static let id = JSONSchema.integer(minimum: FieldReader.ids.lowerBound, maximum: FieldReader.ids.upperBound)
    static let double = JSONSchema.number(minimum: nil, maximum: nil)
    static let dateTime = JSONSchema.text(format: "date-time")
    /// A calendar day, YYYY-MM-DD.
    static let day = JSONSchema.text(format: "date", pattern: Day.pattern)

    /// The schema as the OpenAPI document writes it.
    var json: JSON {
        switch self {
        case let .string(rules):
            var fields: [(String, JSON)] = [("type", .string("string"))]
            if let f = rules.format { fields.append(("format", .string(f))) }
            if let v = rules.values { fields.append(("enum", .array(v.map(JSON.string)))) }
            if let n = rules.minLength { fields.append(("minLength", .int(n))) }
            if let n = rules.maxLength { fields.append(("maxLength", .int(n))) }
            if let p = rules.pattern { fields.append(("pattern", .string(p))) }
            return .object(fields)
        case let .integer(minimum, maximum):
            var fields: [(String, JSON)] = [("type", .string("integer"))]
            if let m = minimum { fields.append(("minimum", .int(m))) }
            if let m = maximum { fields.append(("maximum", .int(m))) }
            return .object(fields)
        case let .number(minimum, maximum):
            var fields: [(String, JSON)] = [("type", .string("number"))]
            if let m = minimum { fields.append(("minimum", .number(m))) }
            if let m = maximum { fields.append(("maximum", .number(m))) }
            return .object(fields)
        case .boolean:
            return .object([("type", .string("boolean"))])
        case let .array(items):
            return .object([("type", .string("array")), ("items", items.json)])
        case let .object(properties, additional):
            var fields: [(String, JSON)] = [("type", .string("object"))]
            let required = properties.filter(\.required).map { JSON.string($0.name) }
            if !required.isEmpty { fields.append(("required", .array(required))) }
            if !properties.isEmpty {
                fields.append(("properties", .object(properties.map { p in
                    guard let d = p.description, case let .object(inner) = p.schema.json else { return (p.name, p.schema.json) }
                    return (p.name, .object(inner + [("description", .string(d))]))
                })))
            }
            fields.append(("additionalProperties", additional.map(\.json) ?? .bool(false)))
            return .object(fields)
        case let .nullable(inner):
            return .object([("anyOf", .array([inner.json, .object([("type", .string("null"))])]))])
        case let .oneOf(choices):
            return .object([("oneOf", .array(choices.map(\.json)))])
        case let .ref(name):
            return .object([("$ref", .string("#/components/schemas/" + name))])
        case .anyValue:
            return .object([])
        }
    }

    /// Whether the schema is a bare `object` or `array` of objects that says nothing of its fields.
    var isGeneric: Bool {
        switch self {
        case let .object(properties, additional): properties.isEmpty && (additional == nil || additional == .anyValue)
        case let .array(items): items.isGeneric
        case let .nullable(inner): inner.isGeneric
        default: false
        }
    }
}
