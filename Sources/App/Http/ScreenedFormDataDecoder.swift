import IeumCore
import MultipartKit
import NIOCore
import NIOHTTP1
import Vapor

/// MultipartKit 4.7.1, the only version we can build against, traps the whole process on two inputs anyone
/// can send: a byte of 0x80 or more in a part's header name (its character table has 128 entries) and an
/// empty `boundary=` (a precondition). One request would take every user's session down with it. This
/// decoder stands in front of it for every multipart body the app reads (pages and API alike): it refuses a
/// boundary RFC 2046 §5.1.1 does not allow, then runs MultipartKit's own parser over a copy in which every
/// byte of 0x80 or more reads as DEL (0x7F). DEL is refused in a header name like those bytes would have
/// been, and can match nothing else the parser looks for (CR, LF, ':', space, tab, '-', a boundary of ASCII
/// characters), so the copy parses exactly when the original would, minus the trap.
struct ScreenedFormDataDecoder: ContentDecoder {
    private let inner = FormDataDecoder()

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try decode(D.self, from: body, headers: headers, userInfo: [:])
    }

    func decode<D: Decodable>(
        _ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders, userInfo: [CodingUserInfoKey: Sendable]
    ) throws -> D {
        guard let boundary = headers.contentType?.parameters["boundary"] else {
            throw Abort(.unsupportedMediaType)
        }
        try Self.screen(body, boundary: boundary)
        return try inner.decode(D.self, from: body, headers: headers, userInfo: userInfo)
    }

    static func screen(_ body: ByteBuffer, boundary: String) throws {
        guard isAllowed(boundary: boundary) else { throw unreadable }
        // The last delimiter closes the body, so parts are one fewer than delimiters.
        guard FieldCountScreen.delimiterCount(in: body.readableBytesView, boundary: boundary,
                                              stoppingAfter: FieldCountScreen.maximumParts + 1) <= FieldCountScreen.maximumParts + 1 else {
            throw AppError.badRequest(Localized(
                "보낸 양식의 부분(part)이 \(FieldCountScreen.maximumParts)개를 넘습니다.",
                "The form sends more than \(FieldCountScreen.maximumParts) parts."))
        }
        let copy = body.readableBytesView.map { $0 < 0x80 ? $0 : 0x7F }
        var names: [String] = []
        var name = ""
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { field, value in
            if field.lowercased() == "content-disposition" { name = FieldCountScreen.partName(contentDisposition: value) }
        }
        parser.onPartComplete = { names.append(name); name = "" }
        do { try parser.execute(copy) } catch { throw unreadable }
        // MultipartKit's form decoder is quadratic in a repeated name, like Vapor's URL-encoded one.
        try FieldCountScreen.verdict(names: names).orThrow()
    }

    /// RFC 2046 §5.1.1: 1 to 70 of `bchars`, not ending in a space.
    static func isAllowed(boundary: String) -> Bool {
        let bytes = Array(boundary.utf8)
        guard (1...70).contains(bytes.count), bytes.last != UInt8(ascii: " ") else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "a")...UInt8(ascii: "z"):
                return true
            default:
                return Array("'()+_,-./:=? ".utf8).contains(byte)
            }
        }
    }

    static let unreadable = AppError.badRequest(Localized(
        "보낸 multipart 본문을 읽을 수 없습니다.", "The multipart body could not be read."))
}
