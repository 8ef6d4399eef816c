import Foundation
import Testing
@testable import IeumCore

@Suite("QR codes")
struct QRCodeTests {
    static let fixtures = (0...4).map { "case\($0).txt" }

    /// Matrices made by python-qrcode 8 (an independent encoder) with the same text, level M, byte mode and mask.
    @Test("module for module the same as an independent encoder", arguments: fixtures)
    func matchesReference(_ name: String) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/qr/\(name)")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let text = lines[0], mask = Int(lines[1])!, version = Int(lines[2])!
        let code = try QRCode(text, mask: mask)
        #expect(code.version == version)
        let rows = (0..<code.size).map { y in String((0..<code.size).map { code.isDark(x: $0, y: y) ? "1" : "0" }) }
        #expect(rows == Array(lines[3..<(3 + code.size)]))
    }

    @Test("too long a text is refused, not truncated")
    func tooLong() {
        #expect(throws: QRCode.Failure.tooLong) { try QRCode(String(repeating: "a", count: 300)) }
    }

    @Test("the automatic mask is the one with the lowest penalty")
    func automaticMask() throws {
        let auto = try QRCode("https://ieum.example/check-in?code=v1.3.1000.sig")
        let penalties = try (0..<8).map { m -> Int in
            let c = try QRCode("https://ieum.example/check-in?code=v1.3.1000.sig", mask: m)
            var g = Grid(size: c.size)
            g.dark = c.modules
            return g.penalty()
        }
        #expect(penalties[auto.mask] == penalties.min())
    }
}
