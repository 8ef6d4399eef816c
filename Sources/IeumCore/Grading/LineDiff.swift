import Foundation

/// The lines of two attempts, aligned: what a mentor reads to see what a trainee changed.
public enum LineDiff {
    public enum Line: Equatable, Sendable {
        case same(old: Int, new: Int, text: String)
        case removed(old: Int, text: String)
        case added(new: Int, text: String)
    }

    /// Line numbers start at 1. Uses the standard library's shortest edit script over lines.
    public static func lines(from old: String, to new: String) -> [Line] {
        let a = split(old), b = split(new)
        let difference = b.difference(from: a)
        var removed = Set<Int>(), inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var out: [Line] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, removed.contains(i) {
                out.append(.removed(old: i + 1, text: a[i])); i += 1
            } else if j < b.count, inserted.contains(j) {
                out.append(.added(new: j + 1, text: b[j])); j += 1
            } else if i < a.count, j < b.count {
                out.append(.same(old: i + 1, new: j + 1, text: a[i])); i += 1; j += 1
            } else {
                break
            }
        }
        return out
    }

    static func split(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0).replacingOccurrences(of: "\r", with: "") }
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
