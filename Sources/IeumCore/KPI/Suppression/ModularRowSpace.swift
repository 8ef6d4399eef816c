/// The span of a set of integer vectors, computed exactly in arithmetic modulo the prime 2⁶¹ − 1, to answer one
/// question: is this vector a linear combination of those? (Is a hidden figure worked out from the published ones?)
///
/// Modular arithmetic keeps every number in one machine word however long the elimination runs; the answer is the
/// rational one unless the prime divides one of the system's minors, which for a prime this size does not happen
/// in practice. Were it to happen, a combination would be missed only if the prime divided that combination's
/// denominator exactly.
///
/// Rows are kept in echelon form in the order they were added: each row is reduced by the earlier ones, so it holds
/// its own pivot column, pivot columns of later rows and free columns only. Reducing a vector therefore visits
/// pivots in the order they were made, through a heap, touching only the columns it meets — vectors here are
/// sparse (a campus is a handful of cohorts among thousands).
///
/// With `sources` > 0, every row also remembers which added vectors (numbered `0..<sources`) it is a combination
/// of, so that a vector found to be in the span comes with the sources that produce it.
struct ModularRowSpace {
    static let prime: UInt64 = (1 << 61) - 1

    private struct Row {
        let pivot: Int
        /// Sorted by column; the pivot's coefficient is 1.
        let entries: [(column: Int, value: UInt64)]
        let combination: [(source: Int, value: UInt64)]
    }

    let columns: Int
    var tracking: Bool { !isSourceTouched.isEmpty }
    private var rows: [Row] = []
    private var isQueued: [Bool] = []
    private var pivotRow: [Int]
    // Scratch space reused by every reduction: dense vectors and the entries they have touched.
    private var work: [UInt64]
    private var touched: [Int] = []
    private var isTouched: [Bool]
    private var combination: [UInt64]
    private var sourcesTouched: [Int] = []
    private var isSourceTouched: [Bool]
    /// Sources that some other added vector can stand in for (removing one leaves the span as it is).
    private(set) var isReplaceable: [Bool]

    init(columns: Int, sources: Int = 0) {
        self.columns = columns
        pivotRow = Array(repeating: -1, count: columns)
        work = Array(repeating: 0, count: columns)
        isTouched = Array(repeating: false, count: columns)
        combination = Array(repeating: 0, count: sources)
        isSourceTouched = Array(repeating: false, count: sources)
        isReplaceable = Array(repeating: false, count: sources)
    }

    var rank: Int { rows.count }

    /// Adds a vector; false when it was already in the span (it adds nothing).
    @discardableResult
    mutating func add(_ vector: [(column: Int, coefficient: Int)], source: Int = -1) -> Bool {
        let vectorSource = source
        load(vector, source: source)
        reduce()
        let remaining = touched.filter { work[$0] != 0 }.sorted()
        guard let pivot = remaining.first else {
            // A combination of earlier rows: each of them could be recovered from this one and the rest.
            for source in sourcesTouched where combination[source] != 0 && source != vectorSource { isReplaceable[source] = true }
            clear()
            return false
        }
        let scale = Self.inverse(work[pivot])
        let entries = remaining.map { (column: $0, value: Self.multiply(work[$0], scale)) }
        let combination = sourcesTouched.filter { self.combination[$0] != 0 }.sorted()
            .map { (source: $0, value: Self.multiply(self.combination[$0], scale)) }
        pivotRow[pivot] = rows.count
        rows.append(Row(pivot: pivot, entries: entries, combination: combination))
        isQueued.append(false)
        clear()
        return true
    }

    /// Whether the vector is in the span.
    mutating func contains(_ vector: [(column: Int, coefficient: Int)]) -> Bool {
        load(vector, source: -1)
        reduce(combining: false)
        let inSpan = touched.allSatisfy { work[$0] == 0 }
        clear()
        return inSpan
    }

    /// The sources whose combination gives the vector (with `tracking`; empty without), or nil when it is not in the span.
    mutating func certificate(_ vector: [(column: Int, coefficient: Int)]) -> [Int]? {
        load(vector, source: -1)
        reduce()
        let inSpan = touched.allSatisfy { work[$0] == 0 }
        let sources = inSpan ? sourcesTouched.filter { combination[$0] != 0 }.sorted() : []
        clear()
        return inSpan ? sources : nil
    }

    // MARK: Elimination

    private mutating func load(_ vector: [(column: Int, coefficient: Int)], source: Int) {
        for (column, coefficient) in vector {
            precondition(column >= 0 && column < columns, "column \(column) outside 0..<\(columns)")
            touch(column)
            work[column] = Self.add(work[column], Self.residue(coefficient))
        }
        if tracking && source >= 0 {
            touchSource(source)
            combination[source] = 1
        }
    }

    /// Subtracts pivot rows, earliest first, until no pivot column is left in `work`.
    private mutating func reduce(combining: Bool = true) {
        var heap = MinHeap()
        func queue(_ row: Int) {
            if !isQueued[row] {
                isQueued[row] = true
                heap.push(row)
            }
        }
        for column in touched where pivotRow[column] >= 0 && work[column] != 0 { queue(pivotRow[column]) }
        while let index = heap.pop() {
            isQueued[index] = false
            let row = rows[index]
            let factor = work[row.pivot]
            guard factor != 0 else { continue }
            let negated = Self.prime - factor
            for (column, value) in row.entries {
                touch(column)
                work[column] = Self.add(work[column], Self.multiply(negated, value))
                let later = pivotRow[column]
                if later > index && work[column] != 0 { queue(later) }
            }
            if combining && tracking {
                for (source, value) in row.combination {
                    touchSource(source)
                    combination[source] = Self.add(combination[source], Self.multiply(negated, value))
                }
            }
        }
    }

    private mutating func touch(_ column: Int) {
        if !isTouched[column] {
            isTouched[column] = true
            touched.append(column)
        }
    }

    private mutating func touchSource(_ source: Int) {
        if !isSourceTouched[source] {
            isSourceTouched[source] = true
            sourcesTouched.append(source)
        }
    }

    private mutating func clear() {
        for column in touched {
            work[column] = 0
            isTouched[column] = false
        }
        touched.removeAll(keepingCapacity: true)
        for source in sourcesTouched {
            combination[source] = 0
            isSourceTouched[source] = false
        }
        sourcesTouched.removeAll(keepingCapacity: true)
    }

    // MARK: Arithmetic modulo 2⁶¹ − 1

    static func residue(_ value: Int) -> UInt64 {
        let r = value % Int(prime)
        return UInt64(r < 0 ? r + Int(prime) : r)
    }

    static func add(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let s = a + b
        return s >= prime ? s - prime : s
    }

    static func multiply(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        // 2⁶⁴ = 8 · 2⁶¹ ≡ 8, and 2⁶¹ ≡ 1.
        var r = (low & prime) + (low >> 61) + (high << 3)
        while r >= prime { r -= prime }
        return r
    }

    static func inverse(_ a: UInt64) -> UInt64 {
        var result: UInt64 = 1, base = a, exponent = prime - 2
        while exponent > 0 {
            if exponent & 1 == 1 { result = multiply(result, base) }
            base = multiply(base, base)
            exponent >>= 1
        }
        return result
    }
}

/// A binary heap of row indices, smallest first.
private struct MinHeap {
    private var items: [Int] = []

    mutating func push(_ value: Int) {
        items.append(value)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard items[parent] > items[i] else { break }
            items.swapAt(parent, i)
            i = parent
        }
    }

    mutating func pop() -> Int? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var smallest = i
                if l < items.count && items[l] < items[smallest] { smallest = l }
                if r < items.count && items[r] < items[smallest] { smallest = r }
                guard smallest != i else { break }
                items.swapAt(i, smallest)
                i = smallest
            }
        }
        return first
    }
}
