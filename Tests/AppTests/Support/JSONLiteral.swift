import Vapor

/// A JSON value written as a Swift literal, so a test body says `"capacity": 30` (a number) or `"name": "x"`
/// (a string) as an API client would. (No string interpolation: it makes literals slow to type-check;
/// write `.string("\(x)")`.)
enum JSONLit: Content, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral {
    case string(String), int(Int), bool(Bool), double(Double), array([JSONLit])

    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(floatLiteral value: Double) { self = .double(value) }
    init(arrayLiteral elements: JSONLit...) { self = .array(elements) }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case let .string(s): try c.encode(s)
        case let .int(i): try c.encode(i)
        case let .bool(b): try c.encode(b)
        case let .double(d): try c.encode(d)
        case let .array(a): try c.encode(a)
        }
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else { self = .array(try c.decode([JSONLit].self)) }
    }
}

typealias JSONObject = [String: JSONLit]
