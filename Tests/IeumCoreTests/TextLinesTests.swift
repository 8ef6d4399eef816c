import Foundation
import Testing
@testable import IeumCore

@Suite("Lines of text: one splitter, source checked at the door, bounded diffs")
struct TextLinesTests {
    @Test("CRLF, CR, LF, mixed, a final line end and Hangul are split the way an editor numbers lines")
    func splitting() {
        #expect(TextLines.split("a\r\nb\r\nc\r\nd") == ["a", "b", "c", "d"])
        #expect(TextLines.split("a\rb\rc") == ["a", "b", "c"])
        #expect(TextLines.split("a\nb\r\nc\rd\n") == ["a", "b", "c", "d"])
        #expect(TextLines.split("한글\r\n\r\n줄\r\n") == ["한글", "", "줄"])
        #expect(TextLines.split("x\n\n") == ["x", ""])
        #expect(TextLines.split("") == [])
        #expect(TextLines.split("\r\n") == [""])
        // The bug this replaces: Swift sees "\r\n" as one Character, so splitting on "\n" gives one line.
        #expect("a\r\nb".split(separator: "\n").count == 1)
        #expect(TextLines.normalized("a\r\nb\rc\n\r\n") == "a\nb\nc\n\n")
        #expect(TextLines.normalized("탭\t그대로") == "탭\t그대로")
    }

    @Test("source code: LF line ends, tabs kept, NUL and other control characters refused with their line")
    func sourceAtTheDoor() {
        #expect(SourceText.accepted("int main() {\r\n\treturn 0;\r\n}\r\n", maxBytes: 100) == .success("int main() {\n\treturn 0;\n}\n"))
        #expect(SourceText.accepted("a\nb\n\u{0}c", maxBytes: 100) == .failure(.controlCharacter(line: 3, code: 0)))
        #expect(SourceText.accepted("\u{0}", maxBytes: 100) == .failure(.controlCharacter(line: 1, code: 0)))
        #expect(SourceText.accepted("x\u{1B}[2J", maxBytes: 100) == .failure(.controlCharacter(line: 1, code: 0x1B)))
        #expect(SourceText.accepted("ok\n\u{FFFD}", maxBytes: 100) == .failure(.notUTF8(line: 2)))
        #expect(SourceText.accepted(String(repeating: "가", count: 40), maxBytes: 100) == .failure(.tooLong(bytes: 120, limit: 100)))
        #expect(SourceText.Problem.controlCharacter(line: 3, code: 0).message.en.contains("Line 3"))
        #expect(SourceText.Problem.controlCharacter(line: 3, code: 0x1B).message.ko.contains("U+001B"))
    }

    @Test("a diff of CRLF text is by line, and applying it to the old text gives the new one")
    func diffByLine() throws {
        guard case let .lines(lines) = LineDiff.lines(from: "a\r\nb\r\nc\r\nd\r\n", to: "a\r\nb\r\nC\r\nd\r\n") else {
            Issue.record("not aligned"); return
        }
        #expect(lines == [.same(old: 1, new: 1, text: "a"), .same(old: 2, new: 2, text: "b"), .removed(old: 3, text: "c"),
                          .added(new: 3, text: "C"), .same(old: 4, new: 4, text: "d")])
        var random = SeededRandom(seed: 21)
        for _ in 0..<300 {
            let old = (0..<Int(random.next() % 30)).map { _ in String(random.next() % 5) }
            var new = old
            for _ in 0..<Int(random.next() % 8) {
                let at = new.isEmpty ? 0 : Int(random.next() % UInt64(new.count))
                if random.next() % 2 == 0 || new.isEmpty { new.insert(String(random.next() % 6), at: at) } else { new.remove(at: at) }
            }
            let outcome = LineDiff.lines(from: old.joined(separator: "\n"), to: new.joined(separator: "\n"))
            guard case let .lines(steps) = outcome else { Issue.record("not aligned"); return }
            var rebuilt: [String] = [], kept: [String] = []
            for step in steps {
                switch step {
                case let .same(_, _, text): rebuilt.append(text); kept.append(text)
                case let .added(_, text): rebuilt.append(text)
                case let .removed(_, text): kept.append(text)
                }
            }
            #expect(rebuilt == new && kept == old)
            // As short as the standard library's own shortest edit script.
            let edits = steps.filter { if case .same = $0 { false } else { true } }.count
            #expect(edits == new.difference(from: old).count)
        }
    }

    @Test("unrelated large texts are 'too different' at once instead of being aligned for minutes")
    func boundedDiff() {
        let a = (0..<4_000).map { "old line \($0)" }.joined(separator: "\n")
        let b = (0..<4_000).map { "new line \($0)" }.joined(separator: "\n")
        #expect(LineDiff.lines(from: a, to: b) == .tooLarge(oldLines: 4_000, newLines: 4_000))
        let many = String(repeating: "x\n", count: LineDiff.maxLines + 1)
        #expect(LineDiff.lines(from: many, to: "x") == .tooLarge(oldLines: LineDiff.maxLines + 1, newLines: 1))
        // A small change in a large file is still shown.
        let c = (0..<4_000).map { "line \($0)" }.joined(separator: "\n")
        guard case let .lines(lines) = LineDiff.lines(from: c, to: c.replacingOccurrences(of: "line 2000\n", with: "line 2000 changed\n")) else {
            Issue.record("not aligned"); return
        }
        #expect(lines.filter { if case .same = $0 { false } else { true } }.count == 2)
    }
}
