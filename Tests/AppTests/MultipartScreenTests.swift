@testable import App
import Foundation
import Testing
import Vapor
import VaporTesting

/// Bodies that made MultipartKit trap the server process (schemathesis found the first one): each must be a
/// 400 a person can read, on the API and on a page, and the server must still answer afterwards.
@Suite("Multipart bodies")
struct MultipartScreenTests {
    static let boundary = "ieumBoundary42"
    /// A part whose header name holds bytes of 0x80 and more (UTF-8 Korean here).
    static let highByteHeaderName = Data("--\(boundary)\r\n이름: 값\r\n\r\nx\r\n--\(boundary)--\r\n".utf8)

    static func headers(_ contentType: String) -> HTTPHeaders {
        var h = HTTPHeaders()
        h.replaceOrAdd(name: .contentType, value: contentType)
        return h
    }

    static let hostile: [(String, Data)] = [
        ("multipart/form-data; boundary=\(boundary)", highByteHeaderName),
        ("multipart/form-data; boundary=\"\"", Data("--\r\n\r\n".utf8)),
        ("multipart/form-data; boundary=", Data("--\r\n\r\n".utf8)),
        ("multipart/form-data; boundary=경계", Data("--경계\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--경계--\r\n".utf8)),
    ]

    @Test("a body that would trap the parser is a 400 with a message, on the API and on a page, and the server keeps answering")
    func hostileBodies() async throws {
        try await withApp { app, f, _ in
            let trainee = try await app.token(f.traineeA.email)
            let browser = try await app.login(f.traineeA.email)
            for (contentType, body) in Self.hostile {
                var api = bearer(trainee)
                api.add(contentsOf: Self.headers(contentType))
                try await app.testing().test(.POST, "/api/v1/attendance/corrections", headers: api, body: ByteBuffer(data: body)) { res in
                    #expect(res.status == .badRequest, "\(contentType)")
                    let refusal = try res.content.decode(ErrorBody.self)
                    #expect(refusal.error.message == "보낸 multipart 본문을 읽을 수 없습니다.", "\(contentType)")
                }
                var page = browser.headers()
                page.add(contentsOf: Self.headers(contentType))
                page.replaceOrAdd(name: "X-CSRF-Token", value: browser.csrf)
                try await app.testing().test(.POST, "/attendance/corrections", headers: page, body: ByteBuffer(data: body)) { res in
                    #expect(res.status == .badRequest, "page, \(contentType)")
                    #expect(res.body.string.contains("읽을 수 없습니다"), "page, \(contentType)")
                }
                // The CSRF check reads the body of every form before anyone is known: refused as unreadable, not a crash.
                try await app.testing().test(.POST, "/login", headers: Self.headers(contentType), body: ByteBuffer(data: body)) { res in
                    #expect(res.status == .badRequest, "login, \(contentType)")
                    #expect(res.body.string.contains("읽을 수 없습니다"), "login, \(contentType)")
                }
            }
            try await app.testing().test(.GET, "/healthz") { res in #expect(res.status == .ok) }
        }
    }

    @Test("the screen passes what MultipartKit parses, non-ASCII values and file bytes included, and refuses what it refuses")
    func screenAgreesWithTheParser() throws {
        let (_, good) = multipart(["reason": "퇴실 태그를 잊었습니다\r\n둘째 줄"], file: ("증빙.png", "image/png", pngEvidence + Data([0xFF, 0x80, 0x0D, 0x0A])))
        try ScreenedFormDataDecoder.screen(good, boundary: "ieumBoundary42")
        #expect(throws: AppError.self) {
            try ScreenedFormDataDecoder.screen(ByteBuffer(data: Self.highByteHeaderName), boundary: Self.boundary)
        }
        let badSyntax = Data("--\(Self.boundary)\r\nNo colon here\r\n\r\nx\r\n--\(Self.boundary)--\r\n".utf8)
        #expect(throws: AppError.self) { try ScreenedFormDataDecoder.screen(ByteBuffer(data: badSyntax), boundary: Self.boundary) }
        #expect(!ScreenedFormDataDecoder.isAllowed(boundary: ""))
        #expect(!ScreenedFormDataDecoder.isAllowed(boundary: String(repeating: "a", count: 71)))
        #expect(!ScreenedFormDataDecoder.isAllowed(boundary: "ends with space "))
        #expect(ScreenedFormDataDecoder.isAllowed(boundary: "----WebKitFormBoundary7MA4YWxkTrZu0gW"))
    }

    @Test("a correction sent to the API as JSON, which its document does not take, is a 415 saying what to send")
    func correctionAsJSON() async throws {
        try await withApp { app, f, _ in
            let trainee = try await app.token(f.traineeA.email)
            try await app.testing().test(.POST, "/api/v1/attendance/corrections", headers: bearer(trainee), beforeRequest: { req in
                try req.content.encode(["day": "2026-11-02", "kind": "excuse", "reason": "병원"])
            }) { res in
                #expect(res.status == .unsupportedMediaType)
                #expect((try? res.content.decode(ErrorBody.self))?.error.message.contains("multipart/form-data") == true)
            }
        }
    }
}
