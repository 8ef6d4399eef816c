import Vapor
import IeumCore

/// Markup whose interpolated strings are escaped unless they are HTML themselves, so a page cannot
/// be made to run a trainee's name as markup by forgetting to escape it.
struct HTML: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    let raw: String

    init(raw: String) { self.raw = raw }
    init(stringLiteral value: String) { raw = value }
    init(stringInterpolation: Interpolation) { raw = stringInterpolation.output }

    var description: String { raw }

    static let empty = HTML(raw: "")

    struct Interpolation: StringInterpolationProtocol {
        var output = ""

        init(literalCapacity: Int, interpolationCount: Int) { output.reserveCapacity(literalCapacity * 2) }
        mutating func appendLiteral(_ literal: String) { output += literal }
        mutating func appendInterpolation(_ html: HTML) { output += html.raw }
        mutating func appendInterpolation(_ html: [HTML]) { for h in html { output += h.raw } }
        mutating func appendInterpolation(_ text: String) { output += HTML.escape(text) }
        mutating func appendInterpolation(_ number: Int) { output += String(number) }
        mutating func appendInterpolation(_ text: String?) { output += HTML.escape(text ?? "") }
    }

    static func escape(_ text: String) -> String { Markup.escape(text) }

    func response(status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: status, headers: headers, body: .init(string: raw))
    }
}

extension Array where Element == HTML {
    func joined() -> HTML { HTML(raw: map(\.raw).joined()) }
}
