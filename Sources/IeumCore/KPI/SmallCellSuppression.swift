import Foundation

/// Hides counts of fewer than five people in tables that leave an operator, and enough other cells that no
/// hidden count can be worked out from the totals.
///
/// Primary suppression hides every count from 1 to 4. Zero is shown: it describes nobody, and hiding it would
/// also hide that a region has no campus at all. Secondary suppression then looks at every published sum
/// (a line: some cells and the cell holding their total); a line with exactly one hidden cell would give it
/// away by subtraction, so the smallest other non-zero cell of the line is hidden too (or, if there is none, its
/// total). This repeats until every line has no hidden cell or at least two.
public struct SuppressedTable: Sendable, Equatable {
    public struct Cell: Hashable, Sendable {
        public let row: Int
        public let column: Int
        public init(_ row: Int, _ column: Int) {
            self.row = row
            self.column = column
        }
    }

    /// Cells whose sum is published in `total`.
    public struct Line: Sendable, Equatable {
        public let parts: [Cell]
        public let total: Cell
        public init(parts: [Cell], total: Cell) {
            self.parts = parts
            self.total = total
        }
    }

    public static let threshold = 5

    public let values: [[Int]]
    /// Every hidden cell: the small ones and those hidden to protect them.
    public let hidden: Set<Cell>
    /// The small counts themselves (1 to 4).
    public let small: Set<Cell>

    /// How a cell hidden only to protect another is printed: it is not small, so "<5" would mislead.
    public static let secondaryMark = "×"

    public func isHidden(_ row: Int, _ column: Int) -> Bool { hidden.contains(Cell(row, column)) }

    /// What to print: the count, "<5" for a small count, or "×" for a cell hidden to protect one.
    public func text(_ row: Int, _ column: Int) -> String {
        if small.contains(Cell(row, column)) { return "<\(Self.threshold)" }
        return isHidden(row, column) ? Self.secondaryMark : String(values[row][column])
    }

    public init(values: [[Int]], lines: [Line]) {
        self.values = values
        var hidden = Set<Cell>()
        for (r, row) in values.enumerated() {
            for (c, value) in row.enumerated() where value > 0 && value < Self.threshold { hidden.insert(Cell(r, c)) }
        }
        small = hidden
        func value(_ cell: Cell) -> Int { values[cell.row][cell.column] }
        // A work list over the lines: a line is looked at again only when one of its cells was hidden, so a
        // table of thousands of cohorts takes milliseconds. Lines are first taken in order, for stable results.
        var linesOf: [Cell: [Int]] = [:]
        var hiddenIn = [Int](repeating: 0, count: lines.count)
        for (index, line) in lines.enumerated() {
            for cell in line.parts + [line.total] {
                linesOf[cell, default: []].append(index)
                if hidden.contains(cell) { hiddenIn[index] += 1 }
            }
        }
        var queue = Array(lines.indices)
        var next = 0
        while next < queue.count {
            let index = queue[next]
            next += 1
            guard hiddenIn[index] == 1 else { continue }
            let line = lines[index]
            let candidates = line.parts.filter { !hidden.contains($0) }
            let pick = candidates.filter { value($0) > 0 }.min { value($0) < value($1) }
                ?? (hidden.contains(line.total) ? candidates.first : line.total)
            guard let pick else { continue }
            hidden.insert(pick)
            for affected in linesOf[pick] ?? [] {
                hiddenIn[affected] += 1
                queue.append(affected)
            }
        }
        self.hidden = hidden
    }

    /// A table of group rows above one total row: each column's rows sum to its total. `rowSums` adds, per
    /// row, columns that sum to another column of the same row (e.g. active + completed + dropped = enrolled).
    public init(rows: [[Int]], total: [Int], rowSums: [(parts: [Int], total: Int)] = []) {
        let values = rows + [total]
        let totalRow = rows.count
        var lines: [Line] = []
        for column in total.indices {
            lines.append(Line(parts: rows.indices.map { Cell($0, column) }, total: Cell(totalRow, column)))
        }
        for sum in rowSums {
            for row in values.indices {
                lines.append(Line(parts: sum.parts.map { Cell(row, $0) }, total: Cell(row, sum.total)))
            }
        }
        self.init(values: values, lines: lines)
    }
}
