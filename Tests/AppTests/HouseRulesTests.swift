import Foundation
import Testing

/// Issue 23's rules for the code itself, checked over the source tree so that a second copy cannot come back.
@Suite("House rules over the source")
struct HouseRulesTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    static func swiftFiles() throws -> [(path: String, text: String)] {
        let walker = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        var files: [(String, String)] = []
        while let url = walker?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            files.append((url.path.replacingOccurrences(of: sources.path + "/", with: ""), try String(contentsOf: url, encoding: .utf8)))
        }
        return files
    }

    @Test("one escaper: entity-writing code only in IeumCore/Text/Markup.swift")
    func oneEscaper() throws {
        let files = try Self.swiftFiles()
        #expect(files.count > 100, "the source tree was found")
        let writers = files.filter { $0.text.contains("\"&amp;\"") || $0.text.contains("\"&lt;\"") }.map(\.path)
        #expect(writers == ["IeumCore/Text/Markup.swift"])
    }

    @Test("one <option> markup: only Components.option writes it")
    func oneOptionMarkup() throws {
        let writers = try Self.swiftFiles().filter { file in
            file.text.components(separatedBy: "<option value=\\\"").dropFirst().contains { !$0.hasPrefix("\\\">") }
        }.map(\.path)
        #expect(writers == ["App/HTML/Components.swift"])
    }
}
