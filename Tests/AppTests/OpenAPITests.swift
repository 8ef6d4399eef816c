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

    /// Whether a schema (after following its `$ref`) says nothing of its fields.
    static func isGeneric(_ schema: [String: Any], _ components: [String: [String: Any]]) -> Bool {
        if let ref = schema["$ref"] as? String {
            guard let target = components[String(ref.split(separator: "/").last!)] else { return true }
            return isGeneric(target, components)
        }
        if let any = schema["anyOf"] as? [[String: Any]] { return any.contains { isGeneric($0, components) && $0["type"] as? String != "null" } }
        switch schema["type"] as? String {
        case "object":
            // A map names its values' schema; `additionalProperties: {}` (anything) names nothing.
            guard (schema["properties"] as? [String: Any] ?? [:]).isEmpty else { return false }
            guard let values = schema["additionalProperties"] as? [String: Any], !values.isEmpty else { return true }
            return isGeneric(values, components)
        case "array":
            return isGeneric(schema["items"] as? [String: Any] ?? [:], components)
        case nil:
            return true
        default:
            return false
        }
    }

    @Test("every operation's request body and success answer have schemas that name their fields")
    func specificAnswers() async throws {
        try await withApp { app, _, _ in
            try await app.testing().test(.GET, "/api/v1/openapi.json") { res in
                let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [String: Any])
                let components = (json["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]] ?? [:]
                var generic: [String] = []
                var genericBodies: [String] = []
                for (path, operations) in json["paths"] as? [String: [String: Any]] ?? [:] {
                    for (method, operation) in operations {
                        let body = ((operation as? [String: Any])?["requestBody"] as? [String: Any])?["content"] as? [String: [String: Any]] ?? [:]
                        if let schema = body["application/json"]?["schema"] as? [String: Any], Self.isGeneric(schema, components) {
                            genericBodies.append("\(method) \(path)")
                        }
                        let responses = (operation as? [String: Any])?["responses"] as? [String: [String: Any]] ?? [:]
                        for (status, response) in responses where status.hasPrefix("2") {
                            guard let content = response["content"] as? [String: [String: Any]] else { continue }
                            for (media, body) in content where media == "application/json" {
                                if Self.isGeneric(body["schema"] as? [String: Any] ?? [:], components) { generic.append("\(method) \(path) \(status)") }
                            }
                        }
                    }
                }
                #expect(generic.sorted() == [], "answers whose schema names no field")
                #expect(genericBodies.sorted() == [], "request bodies whose schema names no field")
            }
            #expect(OpenAPIDocument.described(routes: app.routes.all).unprobed == [], "answer types that decode by hand and describe no schema")
            #expect(OpenAPIDocument.described(routes: app.routes.all).unanswered == [], "operations whose handler builds its Response and names no output")
        }
    }
}
