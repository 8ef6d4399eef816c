/// Which KPI figures may be shown outside an operator, decided once for every figure of every table, drill-down,
/// export, API answer and chart at once (docs/KPIS.md, "Small-cell suppression").
///
/// Each program year is decided on its own (`KPIYearPublication`): its figures are sums over its own cohorts only.
/// Any other figure — one spanning several years (the all-years tables, cumulative progress, today's trainees due),
/// or one of a year that was not decided (a track crossed with an operator, say) — is shown only when each year's
/// part of it is already worked out from that year's published figures: it tells nothing new, and the years stay
/// independent. A figure of 1 to 4 people is never shown, whichever way it is reached.
public struct KPIPublication: Sendable {
    public typealias Status = LinkedSuppression.Status

    public let today: Day
    public let years: [Int: KPIYearPublication]

    public init(years: [KPIYearPublication], today: Day) {
        self.today = today
        self.years = Dictionary(years.map { ($0.year, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public init(rows: [CohortRow], today: Day) {
        let byYear = Dictionary(grouping: rows, by: \.programYear)
        self.init(years: byYear.map { KPIYearPublication(year: $0.key, rows: $0.value, today: today) }, today: today)
    }

    /// How to show this figure of these cohorts (a table row, a total, a headline term).
    public func status(_ figure: KPIFigure, of rows: some Sequence<CohortRow>) -> Status {
        var parts: [Int: [Int]] = [:]
        var total = 0
        var unknown = false
        for row in rows where figure.phase.includes(row, today: today) {
            guard let year = years[row.programYear], let i = year.index[row.facts.cohortID] else {
                unknown = true
                total += figure.measure.value(row.facts)
                continue
            }
            total += figure.measure.value(year.rows[i].facts)
            parts[row.programYear, default: []].append(i)
        }
        if unknown { return LinkedSuppression.isSmall(total) ? .small : .protected }
        if parts.count == 1, let (year, members) = parts.first, let decided = years[year]!.decided(figure.measure, members.sorted()) {
            return decided
        }
        let determined = parts.allSatisfy { year, members in
            let sorted = members.sorted()
            let publication = years[year]!
            return publication.decided(figure.measure, sorted).map { $0 == .shown } ?? publication.determines(figure.measure, sorted)
        }
        if LinkedSuppression.isSmall(total) { return .small }
        return determined ? .shown : .protected
    }

    public func isShown(_ figure: KPIFigure, of rows: some Sequence<CohortRow>) -> Bool {
        status(figure, of: rows) == .shown
    }
}

/// The suppression of one program year, one `LinkedSuppression` per family of measures. Decided together: every
/// figure (`KPIFigure.inEveryRow`, and `inFilterTotals` for a filter's whole) of the core groups (`KPIGroups`), and
/// every other figure any view can show or divide by that is small. The crossings left out (a track within an
/// operator, an operator within a region) would each add constraints for little; protecting small counts against
/// all of them at once hides the program's own totals. They are shown when the decided figures determine them.
public struct KPIYearPublication: Sendable {
    public typealias Status = LinkedSuppression.Status

    struct Key: Hashable {
        let measure: KPIMeasure
        /// Indices into `rows`, ascending.
        let members: [Int]
    }

    public let year: Int
    public let today: Day
    /// The cohorts it was decided on: a cached decision is reused only for the same rows and day.
    public let rows: [CohortRow]
    let index: [Int: Int]
    private let statusByKey: [Key: Status]
    private let systems: [KPIMeasure.Family: LinkedSuppression]
    /// Figures decided, for measurements.
    public let figureCount: Int

    public init(year: Int, rows: [CohortRow], today: Day) {
        let rows = rows.sorted { $0.facts.cohortID < $1.facts.cohortID }
        self.year = year
        self.today = today
        self.rows = rows
        index = Dictionary(rows.enumerated().map { ($1.facts.cohortID, $0) }, uniquingKeysWith: { a, _ in a })

        // Decided: every figure of the core groups, and any other figure a view shows or divides by when it is
        // small (it must be protected like any small count). The rest is shown only when already determined.
        var keys: [KPIMeasure.Family: [Key]] = [:]
        var seen = Set<Key>()
        for group in KPIGroups.groups(rows) {
            for figure in KPIFigure.inEveryRow + (group.isFilterTotal ? KPIFigure.inFilterTotals : []) {
                let members = group.members.filter { figure.phase.includes(rows[$0], today: today) }
                let key = Key(measure: figure.measure, members: members)
                guard !members.isEmpty, !seen.contains(key) else { continue }
                guard group.isCore || LinkedSuppression.isSmall(members.reduce(0) { $0 + figure.measure.value(rows[$1].facts) }) else { continue }
                seen.insert(key)
                keys[figure.measure.family, default: []].append(key)
            }
        }
        var statusByKey: [Key: Status] = [:]
        var systems: [KPIMeasure.Family: LinkedSuppression] = [:]
        for family in KPIMeasure.Family.allCases {
            let familyKeys = keys[family] ?? []
            let figures = familyKeys.map { key in
                LinkedSuppression.Figure(terms: Self.terms(key.measure, key.members),
                                         value: key.members.reduce(0) { $0 + key.measure.value(rows[$1].facts) })
            }
            let system = LinkedSuppression(variables: rows.count * Self.width(family), figures: figures)
            for (key, status) in zip(familyKeys, system.status) { statusByKey[key] = status }
            systems[family] = system
        }
        self.statusByKey = statusByKey
        self.systems = systems
        figureCount = statusByKey.count
    }

    static func width(_ family: KPIMeasure.Family) -> Int { family == .trainees ? 3 : 1 }

    static func terms(_ measure: KPIMeasure, _ members: [Int]) -> [LinkedSuppression.Term] {
        let width = width(measure.family)
        return members.flatMap { m in measure.components.map { LinkedSuppression.Term(m * width + $0) } }
    }

    func decided(_ measure: KPIMeasure, _ members: [Int]) -> Status? {
        statusByKey[Key(measure: measure, members: members)]
    }

    func determines(_ measure: KPIMeasure, _ members: [Int]) -> Bool {
        systems[measure.family]!.determines(Self.terms(measure, members))
    }

    /// Counts of hidden figures, for measurements and tests.
    public var hiddenCount: (small: Int, protected: Int) {
        statusByKey.values.reduce(into: (0, 0)) { acc, s in
            if s == .small { acc.0 += 1 } else if s == .protected { acc.1 += 1 }
        }
    }
}
