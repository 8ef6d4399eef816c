import Vapor

/// A JSON value for building the OpenAPI document.
indirect enum JSON: Encodable, Sendable {
    case string(String)
    case int(Int)
    case number(Double)
    case bool(Bool)
    case array([JSON])
    case object([(String, JSON)])

    func encode(to encoder: any Encoder) throws {
        switch self {
        case let .string(s): var c = encoder.singleValueContainer(); try c.encode(s)
        case let .int(i): var c = encoder.singleValueContainer(); try c.encode(i)
        case let .number(d): var c = encoder.singleValueContainer(); try c.encode(d)
        case let .bool(b): var c = encoder.singleValueContainer(); try c.encode(b)
        case let .array(a): var c = encoder.unkeyedContainer(); for v in a { try c.encode(v) }
        case let .object(pairs):
            var c = encoder.container(keyedBy: Key.self)
            for (k, v) in pairs { try c.encode(v, forKey: Key(k)) }
        }
    }

    struct Key: CodingKey {
        let stringValue: String
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }
}

enum OpenAPIController {
    @Sendable static func document(_ req: Request) async throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        let data = try encoder.encode(OpenAPIDocument.build(routes: req.application.routes.all))
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}
