import IeumCore
import Testing

@Suite("One escaper for HTML, SVG and XML")
struct MarkupTests {
    @Test("markup characters become entities; XML drops what it cannot hold, HTML keeps text as it is")
    func escapes() {
        #expect(Markup.escape("<a href=\"x\">'김' & </a>") == "&lt;a href=&quot;x&quot;&gt;&#39;김&#39; &amp; &lt;/a&gt;")
        #expect(Markup.escape("줄\t1\r\n줄 2\u{1B}") == "줄\t1\r\n줄 2\u{1B}")
        #expect(Markup.escape("줄\t1\r\n줄 2\u{1B}\u{0}\u{FFFE}", forXML: true) == "줄\t1\r\n줄 2")
    }

    @Test("a QR code's SVG title is text, not markup")
    func qrTitle() throws {
        let svg = try QRCode("https://ieum.example/v/1").svg(pixels: 100, title: "</title><script>alert(1)</script>")
        #expect(svg.contains("<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>"))
        #expect(!svg.contains("<script>"))
    }
}
