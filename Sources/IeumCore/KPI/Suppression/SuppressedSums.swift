/// The same rule for figures outside the KPI tables: sums of counts over finest-grain units (a campus, a cohort, an
/// operator's applicants living in or outside the capital region) that one audience sees together.
public struct SuppressedSums: Sendable {
    public typealias Status = LinkedSuppression.Status

    public let status: [Status]

    /// `units`: each unit's count; `sums`: the units each published figure adds up; `alsoHidden`: figures to hide
    /// whatever their value (by the index of `sums`).
    public init(units: [Int], sums: [[Int]], alsoHidden: Set<Int> = []) {
        let figures = sums.map { members in
            LinkedSuppression.Figure(terms: Set(members).sorted().map { LinkedSuppression.Term($0) },
                                     value: Set(members).reduce(0) { $0 + units[$1] })
        }
        status = LinkedSuppression(variables: units.count, figures: figures, alsoHidden: alsoHidden).status
    }

    /// What to print for a count under this status: the number, "<5", or "×".
    public static func text(_ value: Int, _ status: Status, number: (Int) -> String = { String($0) }) -> String {
        switch status {
        case .shown: number(value)
        case .small: "<\(LinkedSuppression.threshold)"
        case .protected: protectedMark
        }
    }

    /// How a figure hidden only to protect another is printed: it is not small, so "<5" would mislead.
    public static let protectedMark = "×"
}
