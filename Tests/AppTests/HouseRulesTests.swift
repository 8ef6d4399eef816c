import Foundation
import Testing

/// Issue 23's rules for the code itself, checked over the source tree so that a second copy cannot come back.
@Suite("House rules over the source")
struct HouseRulesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sources = root.appendingPathComponent("Sources")

    static func swiftFiles(under folder: URL = sources) throws -> [(path: String, text: String)] {
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        var files: [(String, String)] = []
        while let url = walker?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            files.append((url.path.replacingOccurrences(of: folder.path + "/", with: ""), try String(contentsOf: url, encoding: .utf8)))
        }
        return files
    }

    @Test("small files: no Swift file of the sources or the tests is over 400 lines")
    func smallFiles() throws {
        let files = try Self.swiftFiles(under: Self.sources) + Self.swiftFiles(under: Self.root.appendingPathComponent("Tests"))
        #expect(files.count > 150, "the source and test trees were found")
        let long = files.map { ($0.path, $0.text.split(separator: "\n", omittingEmptySubsequences: false).count - 1) }.filter { $0.1 > 400 }
        #expect(long.map { "\($0.0): \($0.1) lines" } == [])
    }

    @Test("one escaper: entity-writing code only in IeumCore/Text/Markup.swift")
    func oneEscaper() throws {
        let files = try Self.swiftFiles()
        #expect(files.count > 100, "the source tree was found")
        let writers = files.filter { $0.text.contains("\"&amp;\"") || $0.text.contains("\"&lt;\"") }.map(\.path)
        #expect(writers == ["IeumCore/Text/Markup.swift"])
    }

    @Test("markup is HTML: a name given a tag literal is typed HTML, so interpolating it does not escape the tags")
    func markupIsTyped() throws {
        let pattern = try Regex(#"(let|var) [A-Za-z]+ = "<[a-z]"#)
        let untyped = try Self.swiftFiles().flatMap { file in
            file.text.split(separator: "\n").filter { $0.contains(pattern) }.map { "\(file.path): \($0.trimmingCharacters(in: .whitespaces))" }
        }
        #expect(untyped == [])
    }

    @Test("one <option> markup: only Components.option writes it")
    func oneOptionMarkup() throws {
        let writers = try Self.swiftFiles().filter { file in
            file.text.components(separatedBy: "<option value=\\\"").dropFirst().contains { !$0.hasPrefix("\\\">") }
        }.map(\.path)
        #expect(writers == ["App/HTML/Components.swift"])
    }

    /// Slash-led literals that are not links: a program's path, a zip entry.
    static let notLinks: Set<String> = ["Operations/Backup.swift", "Exports/Spreadsheet.swift"]

    @Test("links come from route declarations: no URL literal outside a …Routes file (issue 23)")
    func declaredLinks() throws {
        let files = try Self.swiftFiles(under: Self.sources.appendingPathComponent("App"))
        #expect(files.count > 100, "the App tree was found")
        let literal = try Regex(#""/[a-z][^"\n]*""#)
        let declarations = { (path: String) in path.hasSuffix("Routes.swift") || path == "Http/Endpoint.swift" }
        // …and paths glued after an interpolation: "\(base)/issuers/…".
        let afterInterpolation = try Regex(#"\\\([^\n]*?\)/[a-z]"#)
        let holders = Set(files.filter { !$0.text.matches(of: literal).isEmpty || !$0.text.matches(of: afterInterpolation).isEmpty }.map(\.path))
        let undeclared = holders.filter { !declarations($0) && !Self.notLinks.contains($0) }
        #expect(undeclared.sorted() == [], "links built from strings: declare the path in the feature's …Routes enum")
        #expect(holders.contains("Attendance/AttendanceRoutes.swift"), "the pattern finds the declarations themselves")
    }

    /// Where a copy of the request's own address is rebuilt (the pager, the language switch), not a route's link.
    static let ownAddress: Set<String> = ["HTML/Pager.swift", "HTML/Layout.swift"]

    @Test("queries are given to the declarations too: no query string glued after a declared path (issue 23)")
    func declaredQueries() throws {
        // An RFC 2047 word in a mail header (`"=?UTF-8?B?" + … + "?="`) is no query.
        let glued = try Regex(#"(\.url|\)) \+ "\?(?!=)"#)
        let files = try Self.swiftFiles(under: Self.sources.appendingPathComponent("App"))
        let holders = files.filter { !$0.text.matches(of: glued).isEmpty && !Self.ownAddress.contains($0.path) }.map(\.path)
        #expect(holders.sorted() == [], "pass the query to the path: Path0.url([\"k\": v]) or PathN(id, query: [\"k\": v])")
        #expect(!#"KPIRoutes.report.url + "?year=2026""#.matches(of: glued).isEmpty && !#"Path1<Int>(t)(id) + "?day=""#.matches(of: glued).isEmpty,
                "the pattern finds a glued query")
    }

    /// A use case is one `Action`; the page and the API only present it. A second handler written per medium comes
    /// back under these names, so they are refused. (Check-in's API keeps its own decoder for the morning rush, over
    /// the same `CheckIn.record`; logging in and second-factor pages are the site's own, with tokens on the API.)
    @Test("one action, two presenters: no handler written twice, once for forms and once for JSON (issue 23)")
    func noTwinHandlers() throws {
        let twin = try Regex(#"func \w+(FromForm|FromJSON|FromAPI)\b|func (fromForm|fromJSON)\b"#)
        let files = try Self.swiftFiles(under: Self.sources.appendingPathComponent("App"))
        let holders = files.filter { !$0.text.matches(of: twin).isEmpty }.map(\.path)
        #expect(holders.sorted() == [])
        let actions = files.filter { $0.text.contains("= Action {") || $0.text.contains("= Action(reading:") || $0.text.contains("action: Action {") }
        #expect(actions.count >= 25, "the features' form and API actions are declared as Actions (found \(actions.count) files)")
    }
}
