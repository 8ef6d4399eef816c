import IeumCore
import Testing

@Suite("Redirect targets and proxy addresses")
struct RequestSafetyTests {
    @Test("only plain paths of this site are followed after login", arguments: [
        ("/cohorts/3?tab=1", true), ("/", true), ("/apply/4/form", true),
        ("//evil.example/", false), ("/\\evil.example/", false), ("https://evil.example/", false), ("evil.example", false),
        ("/%2F%2Fevil.example", false), ("/%5Cevil.example", false), ("/\tevil", false), ("/a\r\nLocation: x", false),
        ("/\u{2028}evil", false), ("", false),
    ])
    func redirects(target: String, allowed: Bool) {
        #expect(SafeRedirect.isSamePath(target) == allowed)
        #expect(SafeRedirect.path(target, fallback: "/home") == (allowed ? target : "/home"))
    }

    @Test("X-Forwarded-For counts only when the peer is a configured proxy, and then its right-most untrusted hop")
    func forwardedFor() throws {
        let proxies = try #require(TrustedProxies("127.0.0.1, 10.0.0.0/8, ::1"))
        #expect(proxies.clientAddress(peer: "203.0.113.9", forwardedFor: ["1.2.3.4"]) == "203.0.113.9")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["1.2.3.4"]) == "1.2.3.4")
        #expect(proxies.clientAddress(peer: "10.1.2.3", forwardedFor: ["6.6.6.6, 198.51.100.7, 10.0.0.5"]) == "198.51.100.7")
        #expect(proxies.clientAddress(peer: "::1", forwardedFor: ["not-an-address"]) == "::1")
        #expect(proxies.clientAddress(peer: "::ffff:127.0.0.1", forwardedFor: ["192.0.2.1"]) == "192.0.2.1")
        #expect(TrustedProxies.none.clientAddress(peer: "127.0.0.1", forwardedFor: ["1.2.3.4"]) == "127.0.0.1")
        #expect(proxies.trusts("10.255.0.1") && !proxies.trusts("11.0.0.1"))
        #expect(TrustedProxies("10.0.0.0/33") == nil && TrustedProxies("localhost") == nil)
        #expect(try #require(TrustedProxies("2001:db8::/32")).trusts("2001:db8:1::7"))
    }
}

@Suite("Counting form fields before parsing")
struct FieldCountScreenTests {
    @Test("names are counted as the parsers nest them, percent-encoded brackets included")
    func nesting() {
        let names = Array(FieldCountScreen.urlEncodedNames("a%5B%5D=1&a[x]=2&b+c=3&=4&d"))
        #expect(names == ["a[]", "a[x]", "b c", "", "d"])
        #expect(FieldCountScreen.verdict(names: names) == .fine)
        let repeated = Array(repeating: "a[]", count: FieldCountScreen.maximumRepeats) + ["a[b]"]
        #expect(FieldCountScreen.verdict(names: repeated) == .nameRepeated("a"))
        let many = (0...FieldCountScreen.maximumFields).map { "f\($0)" }
        #expect(FieldCountScreen.verdict(names: many) == .tooManyFields)
        let body = Array("--b\r\nx\r\n--b\r\ny--\r\n--b--\r\n".utf8)
        #expect(FieldCountScreen.delimiterCount(in: body, boundary: "b", stoppingAfter: 10) == 3)
        #expect(FieldCountScreen.delimiterCount(in: body, boundary: "b", stoppingAfter: 1) == 2)
        #expect(FieldCountScreen.partName(contentDisposition: "form-data; name=\"evidence\"; filename=\"a.png\"") == "evidence")
    }
}
