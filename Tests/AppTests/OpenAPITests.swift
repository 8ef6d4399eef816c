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

    /// The schema a JSON pointer (`/items/0/id`) reaches inside an answer's schema, or nil where it leads nowhere.
    static func schema(at pointer: String, in schema: [String: Any], _ components: [String: [String: Any]]) -> [String: Any]? {
        var current = schema
        for token in pointer.split(separator: "/") {
            while let ref = current["$ref"] as? String { current = components[String(ref.split(separator: "/").last!)] ?? [:] }
            if Int(token) != nil {
                guard current["type"] as? String == "array", let items = current["items"] as? [String: Any] else { return nil }
                current = items
            } else {
                guard let next = (current["properties"] as? [String: Any])?[String(token)] as? [String: Any] else { return nil }
                current = next
            }
        }
        return current
    }

    @Test("every response link leads to an operation of the document and fills its path parameter from a field the answer has")
    func linksLeadSomewhere() async throws {
        try await withApp { app, _, _ in
            try await app.testing().test(.GET, "/api/v1/openapi.json") { res in
                let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [String: Any])
                let components = (json["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]] ?? [:]
                let paths = json["paths"] as? [String: [String: Any]] ?? [:]
                var byID: [String: String] = [:]
                for (path, operations) in paths {
                    for case let (_, operation as [String: Any]) in operations { byID[operation["operationId"] as? String ?? ""] = path }
                }
                var broken: [String] = []
                var count = 0
                for (path, operations) in paths {
                    for case let (method, operation as [String: Any]) in operations {
                        for (status, response) in operation["responses"] as? [String: [String: Any]] ?? [:] {
                            let answer = ((response["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any] ?? [:]
                            for case let (name, link as [String: Any]) in response["links"] as? [String: Any] ?? [:] {
                                count += 1
                                let place = "\(method) \(path) \(status) \(name)"
                                guard let target = byID[link["operationId"] as? String ?? ""] else { broken.append(place + ": no such operation"); continue }
                                let filled = (link["parameters"] as? [String: String] ?? [:]).merging(link["requestBody"] as? [String: String] ?? [:]) { a, _ in a }
                                if filled.isEmpty { broken.append(place + ": fills nothing") }
                                for (parameter, expression) in filled {
                                    if link["parameters"] as? [String: String] != nil, !OpenAPIDocument.pathParameters(target).contains(parameter) {
                                        broken.append(place + ": \(target) has no {\(parameter)}")
                                    }
                                    guard expression.hasPrefix("$response.body#"),
                                          Self.schema(at: String(expression.dropFirst("$response.body#".count)), in: answer, components) != nil else {
                                        broken.append(place + ": \(expression) is not in the answer"); continue
                                    }
                                }
                            }
                        }
                    }
                }
                #expect(broken.sorted() == [])
                #expect(count >= 60, "the main flows are linked, from creates and from lists (\(count) links)")
            }
        }
    }
}
