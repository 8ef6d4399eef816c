import IeumCore
import NIOCore
import NIOHTTP1
import Vapor

/// Vapor's URL-encoded decoder, for bodies and query strings, behind `FieldCountScreen`: a body of one name
/// repeated tens of thousands of times would otherwise hold a core for half a minute (CSRF checking reads
/// every form body, before login too).
struct ScreenedURLEncodedFormDecoder: ContentDecoder, URLQueryDecoder {
    private let inner = URLEncodedFormDecoder()

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try decode(D.self, from: body, headers: headers, userInfo: [:])
    }

    func decode<D: Decodable>(
        _ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders, userInfo: [CodingUserInfoKey: Sendable]
    ) throws -> D {
        try Self.screen(Substring(body.getString(at: body.readerIndex, length: body.readableBytes) ?? ""))
        return try inner.decode(D.self, from: body, headers: headers, userInfo: userInfo)
    }

    func decode<D: Decodable>(_ decodable: D.Type, from url: URI) throws -> D {
        try decode(D.self, from: url, userInfo: [:])
    }

    func decode<D: Decodable>(_ decodable: D.Type, from url: URI, userInfo: [CodingUserInfoKey: Sendable]) throws -> D {
        try Self.screen(Substring(url.query ?? ""))
        return try inner.decode(D.self, from: url, userInfo: userInfo)
    }

    static func screen(_ text: Substring) throws {
        try FieldCountScreen.verdict(names: FieldCountScreen.urlEncodedNames(text)).orThrow()
    }
}

extension FieldCountScreen.Verdict {
    func orThrow() throws {
        switch self {
        case .fine:
            return
        case .tooManyFields:
            throw AppError.badRequest(Localized(
                "보낸 양식의 칸이 \(FieldCountScreen.maximumFields)개를 넘습니다.",
                "The form sends more than \(FieldCountScreen.maximumFields) fields."))
        case .nameRepeated(let name):
            throw AppError.badRequest(Localized(
                "'\(name)' 칸이 \(FieldCountScreen.maximumRepeats)번 넘게 반복됩니다.",
                "The field '\(name)' is repeated more than \(FieldCountScreen.maximumRepeats) times."))
        }
    }
}
