@testable import App
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("The site's own files")
struct SiteAssetsTests {
    @Test("pages name the site's icon, and a browser asking for /favicon.ico gets it instead of a 404")
    func favicon() async throws {
        try await withApp { app, _, _ in
            try await app.testing().test(.GET, "/login") { res in
                #expect(res.body.string.contains("<link rel=\"icon\" href=\"/assets/icon.svg\""))
            }
            for path in ["/assets/icon.svg", "/favicon.ico"] {
                try await app.testing().test(.GET, path) { res in
                    #expect(res.status == .ok)
                    #expect(res.headers.contentType?.subType == "svg+xml")
                    #expect(res.body.string.hasPrefix("<svg"))
                }
            }
        }
    }
}
