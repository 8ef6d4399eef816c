/// The lines of two attempts, aligned: what a mentor reads to see what a trainee changed.
///
/// Bounded work: at most `maxLines` lines a side and `maxEdits` changed lines are aligned (Myers' O((N+M)·D)
/// algorithm after trimming the common start and end), so two unrelated 100 KB files answer in milliseconds
/// with "too different" instead of holding a thread for minutes.
public enum LineDiff {
    public enum Line: Equatable, Sendable {
        case same(old: Int, new: Int, text: String)
        case removed(old: Int, text: String)
        case added(new: Int, text: String)
    }

    public enum Outcome: Equatable, Sendable {
        case lines([Line])
        /// More lines than are aligned (either side), or more changed lines than `maxEdits`.
        case tooLarge(oldLines: Int, newLines: Int)
    }

    public static let maxLines = 5_000
    public static let maxEdits = 1_000

    /// Line numbers start at 1.
    public static func lines(from old: String, to new: String, maxLines: Int = maxLines, maxEdits: Int = maxEdits) -> Outcome {
        let a = TextLines.split(old), b = TextLines.split(new)
        guard a.count <= maxLines, b.count <= maxLines else { return .tooLarge(oldLines: a.count, newLines: b.count) }
        // Equal lines get equal numbers, so the search compares integers.
        var ids: [String: Int] = [:]
        let x = a.map { line in ids[line] ?? { ids[line] = ids.count; return ids.count - 1 }() }
        let y = b.map { line in ids[line] ?? { ids[line] = ids.count; return ids.count - 1 }() }
        var prefix = 0
        while prefix < x.count, prefix < y.count, x[prefix] == y[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < x.count - prefix, suffix < y.count - prefix, x[x.count - 1 - suffix] == y[y.count - 1 - suffix] { suffix += 1 }
        let middleX = Array(x[prefix..<(x.count - suffix)]), middleY = Array(y[prefix..<(y.count - suffix)])
        guard let script = editScript(middleX, middleY, maxEdits: maxEdits) else {
            return .tooLarge(oldLines: a.count, newLines: b.count)
        }
        var out: [Line] = []
        for i in 0..<prefix { out.append(.same(old: i + 1, new: i + 1, text: a[i])) }
        for step in script {
            switch step {
            case let .keep(i, j): out.append(.same(old: prefix + i + 1, new: prefix + j + 1, text: a[prefix + i]))
            case let .remove(i): out.append(.removed(old: prefix + i + 1, text: a[prefix + i]))
            case let .insert(j): out.append(.added(new: prefix + j + 1, text: b[prefix + j]))
            }
        }
        for k in 0..<suffix {
            let i = a.count - suffix + k, j = b.count - suffix + k
            out.append(.same(old: i + 1, new: j + 1, text: a[i]))
        }
        return .lines(out)
    }

    enum Step: Equatable { case keep(Int, Int), remove(Int), insert(Int) }

    /// Myers' shortest edit script, removals before insertions at each place; nil past `maxEdits`.
    static func editScript(_ x: [Int], _ y: [Int], maxEdits: Int) -> [Step]? {
        let n = x.count, m = y.count
        if n == 0 { return (0..<m).map { .insert($0) } }
        if m == 0 { return (0..<n).map { .remove($0) } }
        let limit = min(n + m, maxEdits)
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [[Int]] = []
        var found = false
        for d in 0...limit {
            trace.append(v)
            for k in stride(from: -d, through: d, by: 2) {
                var i: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    i = v[offset + k + 1]
                } else {
                    i = v[offset + k - 1] + 1
                }
                var j = i - k
                while i < n, j < m, x[i] == y[j] { i += 1; j += 1 }
                v[offset + k] = i
                if i >= n && j >= m { found = true; break }
            }
            if found { break }
        }
        guard found else { return nil }
        // Walk back through the saved frontiers.
        var steps: [Step] = []
        var i = n, j = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let frontier = trace[d]
            let k = i - j
            let previousK: Int
            if d == 0 {
                while i > 0 && j > 0 { i -= 1; j -= 1; steps.append(.keep(i, j)) }
                break
            }
            if k == -d || (k != d && frontier[offset + k - 1] < frontier[offset + k + 1]) {
                previousK = k + 1
            } else {
                previousK = k - 1
            }
            let previousI = frontier[offset + previousK], previousJ = previousI - previousK
            while i > previousI && j > previousJ { i -= 1; j -= 1; steps.append(.keep(i, j)) }
            if previousK == k + 1 { j -= 1; steps.append(.insert(j)) } else { i -= 1; steps.append(.remove(i)) }
            i = previousI; j = previousJ
        }
        return steps.reversed()
    }
}
