@testable import App
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("OpenAPI document")
struct OpenAPITests {
    static func normalise(_ path: String) -> String {
        "/" + path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
    }

    @Test("the document lists exactly the API routes that are registered")
    func matchesRoutes() async throws {
        try await withApp { app, _, _ in
            let registered = Set(app.routes.all.compactMap { route -> String? in
                let path = "/" + route.path.map(\.description).joined(separator: "/")
                guard path.hasPrefix("/api/v1") else { return nil }
                return route.method.rawValue.lowercased() + " " + Self.normalise(path)
            })
            var documented = Set<String>()
            var undefinedParameters: [String] = []
            try await app.testing().test(.GET, "/api/v1/openapi.json") { res in
                #expect(res.status == .ok)
                let json = try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [String: Any]
                #expect(json?["openapi"] as? String == "3.1.0")
                let paths = json?["paths"] as? [String: [String: Any]] ?? [:]
                for (path, operations) in paths {
                    for (method, operation) in operations {
                        documented.insert(method + " " + path)
                        // Each {name} of the path must be described, or clients and fuzzers cannot call it.
                        let parameters = ((operation as? [String: Any])?["parameters"] as? [[String: Any]] ?? [])
                            .filter { $0["in"] as? String == "path" }.compactMap { $0["name"] as? String }
                        for name in OpenAPIDocument.pathParameters(path) where !parameters.contains(name) {
                            undefinedParameters.append("\(method) \(path): \(name)")
                        }
                    }
                }
            }
            #expect(registered.subtracting(documented).sorted() == [], "registered but not documented")
            #expect(documented.subtracting(registered).sorted() == [], "documented but not registered")
            #expect(registered.count > 30)
            #expect(undefinedParameters == [])
        }
    }
}
