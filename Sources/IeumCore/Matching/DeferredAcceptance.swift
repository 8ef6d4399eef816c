/// A program-wide matching round (a hiring fair): graduates are assigned to positions (or interview slots) with
/// capacities by graduate-proposing deferred acceptance (Gale and Shapley, 1962; with capacities as in Roth,
/// 1984), which is stable — no graduate and position would both rather have each other than what they got —
/// and the best stable outcome for every graduate.
///
/// Both sides rank by `MatchScore` (ties: the lower id first, so a round is reproducible). A graduate's list holds
/// their `listLength` best positions: with 90,000 graduates and 10,000 positions, full lists would be 900 million
/// entries, and nobody interviews at their 500th choice. Stability is with respect to those lists.
public enum DeferredAcceptance {
    public struct Outcome: Sendable, Equatable {
        /// graduate id → position id; graduates left out are unmatched.
        public var assignment: [Int: Int]
        public var proposals: Int
    }

    public static func match(graduates: [GraduateProfile], positions: [Position], listLength: Int = 20) -> Outcome {
        let lists = PreferenceLists.build(graduates: graduates, positions: positions, length: listLength)
        return match(graduates: graduates, positions: positions, lists: lists)
    }

    /// `lists[g]` is graduate g's positions (indices into `positions`), best first, with their scores.
    public static func match(graduates: [GraduateProfile], positions: [Position], lists: [[(position: Int, score: Int)]]) -> Outcome {
        // Each position holds its current best graduates in a min-heap keyed by (score, -id): the root is the one
        // it would give up first.
        var held = [[(score: Int, graduate: Int)]](repeating: [], count: positions.count)
        var next = [Int](repeating: 0, count: graduates.count)
        var free = Array((0..<graduates.count).reversed())
        var proposals = 0
        func worse(_ a: (score: Int, graduate: Int), _ b: (score: Int, graduate: Int)) -> Bool {
            a.score != b.score ? a.score < b.score : graduates[a.graduate].id > graduates[b.graduate].id
        }
        while let g = free.popLast() {
            guard next[g] < lists[g].count else { continue }
            let (p, score) = lists[g][next[g]]
            next[g] += 1
            proposals += 1
            let offer = (score: score, graduate: g)
            if held[p].count < positions[p].capacity {
                Heap.push(&held[p], offer, worse)
            } else if let weakest = held[p].first, worse(weakest, offer) {
                Heap.replaceRoot(&held[p], offer, worse)
                free.append(weakest.graduate)
            } else {
                free.append(g)
            }
        }
        var assignment: [Int: Int] = [:]
        for (p, graduatesHeld) in held.enumerated() {
            for entry in graduatesHeld { assignment[graduates[entry.graduate].id] = positions[p].id }
        }
        return Outcome(assignment: assignment, proposals: proposals)
    }

    /// Pairs that would break the outcome: a graduate and a position on their list that they prefer to their own
    /// match, where the position has room or holds someone it ranks lower. Empty for a stable outcome.
    public static func blockingPairs(graduates: [GraduateProfile], positions: [Position], lists: [[(position: Int, score: Int)]],
                                     outcome: Outcome) -> [(graduate: Int, position: Int)] {
        let positionIndex = Dictionary(uniqueKeysWithValues: positions.enumerated().map { ($1.id, $0) })
        var members = [[Int]](repeating: [], count: positions.count)
        var matchedAt = [Int: Int]()  // graduate index → position index
        for (g, graduate) in graduates.enumerated() {
            if let pid = outcome.assignment[graduate.id], let p = positionIndex[pid] {
                members[p].append(g)
                matchedAt[g] = p
            }
        }
        func rank(_ g: Int, at p: Int) -> (Int, Int) { (MatchScore(graduates[g], positions[p]).total, -graduates[g].id) }
        var blocking: [(Int, Int)] = []
        for (g, list) in lists.enumerated() {
            for (p, _) in list {
                if matchedAt[g] == p { break }  // everything after this is worse for g
                let room = members[p].count < positions[p].capacity
                let displaces = members[p].contains { rank($0, at: p) < rank(g, at: p) }
                if room || displaces { blocking.append((graduates[g].id, positions[p].id)) }
            }
        }
        return blocking.map { (graduate: $0.0, position: $0.1) }
    }
}

/// Small binary heap helpers over an array, ordered by `less` (the root is the least).
enum Heap {
    static func push<T>(_ heap: inout [T], _ item: T, _ less: (T, T) -> Bool) {
        heap.append(item)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    static func replaceRoot<T>(_ heap: inout [T], _ item: T, _ less: (T, T) -> Bool) {
        heap[0] = item
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count && less(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count && less(heap[right], heap[smallest]) { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
