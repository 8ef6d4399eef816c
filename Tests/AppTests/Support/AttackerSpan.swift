/// The attacker's linear algebra, written apart from the app's own (`ModularRowSpace`): plain dense Gaussian
/// elimination modulo the prime 1 000 000 007. A hidden figure is recovered when its vector of finest-grain counts
/// is a combination of the published figures' vectors.
struct AttackerSpan {
    static let prime = 1_000_000_007

    let columns: Int
    private var rows: [[Int]] = []
    private var pivots: [Int] = []

    init(columns: Int) { self.columns = columns }

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
        var inverse = 1, base = v[pivot], exponent = Self.prime - 2
        while exponent > 0 {
            if exponent & 1 == 1 { inverse = inverse * base % Self.prime }
            base = base * base % Self.prime
            exponent >>= 1
        }
        for j in 0..<columns { v[j] = v[j] * inverse % Self.prime }
        rows.append(v)
        pivots.append(pivot)
    }

    func contains(_ vector: [Int: Int]) -> Bool { reduced(vector).allSatisfy { $0 == 0 } }
}
