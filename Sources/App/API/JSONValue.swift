import Foundation

/// A JSON value as it came over the wire, kept whole so it can be checked against a schema before any
/// handler reads it.
enum JSONValue: Decodable, Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .integer(i) }
        else if let d = try? c.decode(Double.self) { self = d.rounded() == d && abs(d) < 9e15 ? .integer(Int(d)) : .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    /// The value as a form would have sent it: text for strings, numbers and booleans; a list's items joined
    /// by commas (the comma lists the forms take); nil for null. Objects have no text form.
    var text: String? {
        switch self {
        case .null, .object: nil
        case let .bool(b): b ? "true" : "false"
        case let .integer(i): String(i)
        case let .number(d): String(d)
        case let .string(s): s
        case let .array(items): items.compactMap(\.text).joined(separator: ",")
        }
    }

    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
