import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

/// What the dashboard may be narrowed to (query parameters `year`, `operator_id`, `campus_id`, `track`).
struct KPIFilter: Sendable, Equatable {
    var year: Int?
    var operatorID: Int?
    var campusID: Int?
    var track: String?

    init(year: Int? = nil, operatorID: Int? = nil, campusID: Int? = nil, track: String? = nil) {
        self.year = year
        self.operatorID = operatorID
        self.campusID = campusID
        self.track = track
    }

    init(_ req: Request) throws {
        year = try Self.number(req, "year", in: 2000...2100)
        operatorID = try Self.number(req, "operator_id", in: 1...Int.max)
        campusID = try Self.number(req, "campus_id", in: 1...Int.max)
        let track = req.query[String.self, at: "track"]?.trimmingCharacters(in: .whitespaces) ?? ""
        self.track = track.isEmpty ? nil : track
    }

    private static func number(_ req: Request, _ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let raw = req.query[String.self, at: name], !raw.isEmpty else { return nil }
        guard let n = Int(raw), range.contains(n) else {
            throw AppError.badRequest(Localized("'\(name)' 값이 올바르지 않습니다: \(raw)", "'\(name)' is not a valid value: \(raw)"))
        }
        return n
    }

    /// The filter as a query string, for links and exports.
    var query: String {
        var items: [String] = []
        if let year { items.append("year=\(year)") }
        if let operatorID { items.append("operator_id=\(operatorID)") }
        if let campusID { items.append("campus_id=\(campusID)") }
        if let track { items.append("track=" + (track.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")) }
        return items.joined(separator: "&")
    }
}

/// Everything the KPI pages, exports and API show, read in a handful of queries from the roll-up and small tables.
struct KPIData: Sendable {
    struct CampusInfo: Sendable {
        let name: String
        let operatorID: Int
        let region: Region?
    }

    struct TodayCheckIns: Sendable {
        /// Trainees of cohorts that train today.
        var due = 0
        var checkedIn = 0
    }

    /// Today's check-ins of what the filter shows, and how each may be shown outside an operator.
    struct TodayFigures: Sendable {
        var counts = TodayCheckIns()
        var checkedInStatus = LinkedSuppression.Status.shown
        var dueStatus = LinkedSuppression.Status.shown
    }

    let programName: String
    let firstYear: Int
    let lastYear: Int
    let cumulativeTarget: Int
    let targets: [Int: Int]
    let today: Day
    /// Cohorts in scope and filter, year filter included.
    var rows: [CohortRow]
    /// Cohorts in scope and filter except the year: targets and forecasts span the whole program.
    let allYears: [CohortRow]
    let cohortNames: [Int: String]
    let operators: [Int: String]
    let campuses: [Int: CampusInfo]
    let tracks: [String]
    /// Active mentor grants: per operator, and per campus for mentors tied to one.
    let mentorsByOperator: [Int: Int]
    let mentorsByCampus: [Int: Int]
    let todayFigures: TodayFigures
    /// Only the viewer's own academy: no small-cell suppression (the numbers do not leave the operator).
    let insideOperator: Bool
    /// Outside an operator: which figures may be shown, decided for every KPI view at once (docs/KPIS.md).
    let publication: KPIPublication?
    /// Narrowed to part of the program (an operator, a campus or a track): the program's targets do not apply.
    let narrowed: Bool

    /// Whether the program's targets are the yardstick of what is shown.
    var measuredAgainstTargets: Bool { !insideOperator && !narrowed }

    /// The totals of `rows`, computed once: every table and figure of a page uses them.
    private(set) var totals = KPITotals()

    /// The same data narrowed to one program year.
    func year(_ year: Int) -> KPIData {
        var copy = self
        copy.rows = allYears.filter { $0.programYear == year }
        copy.totals = copy.totals(of: copy.rows)
        return copy
    }

    /// The year to show when none is asked for: this year, within the program's years.
    var defaultYear: Int { min(max(today.year, firstYear), lastYear) }

    func totals(of rows: [CohortRow]) -> KPITotals {
        var t = KPITotals(rows, today: today)
        let operatorIDs = Set(rows.map(\.operatorID))
        t.mentors = operatorIDs.reduce(0) { $0 + (mentorsByOperator[$1] ?? 0) }
        return t
    }

    var todayCheckIns: TodayCheckIns { todayFigures.counts }

    /// How a figure of these cohorts may be shown: always in full inside an operator.
    func status(_ figure: KPIFigure, of rows: some Sequence<CohortRow>) -> LinkedSuppression.Status {
        publication?.status(figure, of: rows) ?? .shown
    }

    func isShown(_ figure: KPIFigure, of rows: some Sequence<CohortRow>) -> Bool { status(figure, of: rows) == .shown }

    static func load(_ req: Request, filter: KPIFilter) async throws -> KPIData {
        let principal = try req.principal
        let scope = principal.readScope
        let sql = req.db as! any SQLDatabase
        guard let snapshot = try await KPISnapshot.current(req: req) else {
            throw AppError(status: .notFound, code: "not_found", message: Localized("사업이 아직 없습니다.", "There is no program yet."))
        }
        let allowed: Set<Int>? = scope.everything ? nil : scope.operators
        let operators = snapshot.operators.filter { allowed?.contains($0.key) ?? true }
        let campuses = snapshot.campuses.filter { operators[$0.value.operatorID] != nil }
        // Narrowed to an operator or campus the caller may not see (or none at all): not a page of zeros, a 404.
        if let id = filter.operatorID, operators[id] == nil { throw AppError.notFound() }
        if let id = filter.campusID, campuses[id] == nil { throw AppError.notFound() }
        var allYears: [CohortRow] = []
        var cohortNames: [Int: String] = [:]
        var tracks = Set<String>()
        for cohort in snapshot.cohorts where operators[cohort.operatorID] != nil {
            if let id = filter.operatorID, cohort.operatorID != id { continue }
            if let id = filter.campusID, cohort.campusID != id { continue }
            tracks.insert(cohort.track)
            if let wanted = filter.track, wanted != cohort.track { continue }
            cohortNames[cohort.facts.cohortID] = cohort.name
            allYears.append(CohortRow(facts: cohort.facts, operatorID: cohort.operatorID, campusID: cohort.campusID,
                                      region: campuses[cohort.campusID]?.region, track: cohort.track, startsOn: cohort.startsOn,
                                      endsOn: cohort.endsOn, capacity: cohort.capacity))
        }

        // Counted by the database: a national program has hundreds of mentors.
        var mentorsByOperator: [Int: Int] = [:]
        var mentorsByCampus: [Int: Int] = [:]
        var mentorQuery: SQLQueryString = """
            SELECT operator_id, campus_id, COUNT(*) AS n FROM role_grants
            WHERE role = \(bind: Role.mentor.rawValue) AND revoked_at IS NULL AND operator_id IS NOT NULL
            """
        if let id = filter.campusID { mentorQuery = mentorQuery + " AND campus_id = \(bind: id)" }
        for row in try await sql.raw(mentorQuery + " GROUP BY operator_id, campus_id").all() {
            let op = try row.decode(column: "operator_id", as: Int.self)
            guard operators[op] != nil else { continue }
            let n = try row.decode(column: "n", as: Int.self)
            mentorsByOperator[op, default: 0] += n
            if let campus = try row.decode(column: "campus_id", as: Int?.self) { mentorsByCampus[campus, default: 0] += n }
        }

        let today = Day(req.now)
        let publication = scope.everything ? KPIPublications.current(snapshot, today: today, app: req.application) : nil
        let todayFigures = try await checkIns(today: today, rows: allYears, snapshot: snapshot, publication: publication, req: req)
        var data = KPIData(
            programName: snapshot.programName, firstYear: snapshot.firstYear, lastYear: snapshot.lastYear,
            cumulativeTarget: snapshot.cumulativeTarget, targets: snapshot.targets, today: today, rows: allYears.filter { filter.year == nil || $0.programYear == filter.year },
            allYears: allYears, cohortNames: cohortNames, operators: operators, campuses: campuses, tracks: tracks.sorted(),
            mentorsByOperator: mentorsByOperator, mentorsByCampus: mentorsByCampus, todayFigures: todayFigures,
            insideOperator: !scope.everything, publication: publication,
            narrowed: filter.operatorID != nil || filter.campusID != nil || filter.track != nil)
        data.totals = data.totals(of: data.rows)
        return data
    }

    /// Today's check-ins, live from the scans (the roll-up counts a day only once it has closed).
    static func checkIns(today: Day, rows: [CohortRow], snapshot: KPISnapshot, publication: KPIPublication?,
                         req: Request) async throws -> TodayFigures {
        let counts = try await TodayCheckInCounts.current(today: today, snapshot: snapshot, req: req)
        var figures = TodayFigures()
        let training = rows.filter { counts.training.contains($0.facts.cohortID) }
        for row in training {
            figures.counts.due += row.facts.active
            figures.counts.checkedIn += counts.checkedIn[row.facts.cohortID] ?? 0
        }
        if let publication {
            // Those due are trainees in training, counted in the KPI tables; those checked in are counted only here.
            figures.dueStatus = publication.status(KPIFigure(.active), of: training)
            figures.checkedInStatus = CheckInSuppression.status(
                training: snapshot.rows.filter { counts.training.contains($0.facts.cohortID) }, checkedIn: counts.checkedIn,
                shown: Set(training.map(\.facts.cohortID)))
        }
        return figures
    }
}
