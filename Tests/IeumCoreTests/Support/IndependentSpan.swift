/// A second, deliberately plain implementation of "is this vector a combination of those?" — dense Gaussian
/// elimination modulo another prime — so that tests of the suppression do not grade it with its own arithmetic.
struct IndependentSpan {
    static let prime = 1_000_000_007

    let columns: Int
    private var rows: [[Int]] = []
    private var pivots: [Int] = []

    init(columns: Int) { self.columns = columns }

    var rank: Int { rows.count }

    private func reduced(_ vector: [Int: Int]) -> [Int] {
        var v = [Int](repeating: 0, count: columns)
        for (column, coefficient) in vector { v[column] = ((v[column] + coefficient) % Self.prime + Self.prime) % Self.prime }
        for (row, pivot) in zip(rows, pivots) where v[pivot] != 0 {
            let factor = v[pivot]
            for j in 0..<columns where row[j] != 0 { v[j] = ((v[j] - factor * row[j]) % Self.prime + Self.prime) % Self.prime }
        }
        return v
    }

    mutating func add(_ vector: [Int: Int]) {
        var v = reduced(vector)
        guard let pivot = v.firstIndex(where: { $0 != 0 }) else { return }
        let inverse = Self.power(v[pivot], Self.prime - 2)
        for j in 0..<columns { v[j] = v[j] * inverse % Self.prime }
        rows.append(v)
        pivots.append(pivot)
    }

    func contains(_ vector: [Int: Int]) -> Bool { reduced(vector).allSatisfy { $0 == 0 } }

    private static func power(_ base: Int, _ exponent: Int) -> Int {
        var result = 1, b = base % prime, e = exponent
        while e > 0 {
            if e & 1 == 1 { result = result * b % prime }
            b = b * b % prime
            e >>= 1
        }
        return result
    }
}
