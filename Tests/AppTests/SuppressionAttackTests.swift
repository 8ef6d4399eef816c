@testable import App
import Foundation
import IeumCore
import SQLKit
import Testing
import Vapor
import VaporTesting

/// An outside audit, done again by a test: a program manager collects every figure the API gives — every KPI table
/// of every grouping under every filter (year, operator, campus, track, and their combinations), the summary with
/// its targets, shares and today's check-ins, the attendance overview and the recruitment funnel — and writes each
/// as a sum of finest-grain counts (per cohort: in training, completed, dropped out, recruited, employed, …; per
/// campus: trainees at risk and below 80%; per operator and where applicants live: each stage of the funnel). A
/// published rate is taken to publish both its terms; the funnel's selected and enrolled are taken to be the KPI
/// tables' recruited and enrolled. Then it solves: a suppressed figure is recovered when its vector is a combination
/// of the published ones. None may be.
@Suite("Suppression: a program manager's attack on everything published")
struct SuppressionAttackTests {
    struct CohortInfo {
        let id: Int
        let operatorID: Int
        let campusID: Int
        let region: String?
        let track: String
        let startsOn: Day
        let endsOn: Day
        let facts: CohortFacts
        var year: Int { startsOn.year }
        var isCapital: Bool { region.flatMap(Region.init(rawValue:))?.isCapitalRegion ?? false }
    }

    struct Cell {
        let family: String
        let vector: [Int: Int]
        let label: String
        /// The true count, where the test knows it.
        let value: Int?
    }

    /// Finest-grain counts: the columns of each family's system.
    struct Layout {
        let cohorts: [CohortInfo]
        let campuses: [Int]
        let units: [(operatorID: Int, capital: Bool)]
        let today: Day
        var n: Int { cohorts.count }

        func columns(_ family: String) -> Int {
            switch family {
            case "trainees": 3 * n + units.count
            case "recruited": n + units.count
            case "atRisk", "below": campuses.count
            case _ where family.hasPrefix("funnel"): units.count
            default: n
            }
        }

        func includes(_ c: CohortInfo, _ phase: String) -> Bool {
            switch phase {
            case "ended": c.endsOn < today
            case "closed": EmploymentWindow.phase(courseEnd: c.endsOn, today: today) != .open
            case "open": EmploymentWindow.phase(courseEnd: c.endsOn, today: today) == .open
            default: true
            }
        }

        /// A KPI count over cohorts: (family, vector, true value).
        func kpi(_ measure: String, _ set: [CohortInfo], phase: String = "all", label: String) -> Cell {
            let index = Dictionary(uniqueKeysWithValues: cohorts.enumerated().map { ($1.id, $0) })
            var v: [Int: Int] = [:]
            var value = 0
            let family: String
            for c in set where includes(c, phase) {
                let i = index[c.id]!
                switch measure {
                case "enrolled": v[3 * i] = 1; v[3 * i + 1] = 1; v[3 * i + 2] = 1; value += c.facts.enrolled
                case "active": v[3 * i] = 1; value += c.facts.active
                case "completed": v[3 * i + 1] = 1; value += c.facts.completed
                case "dropped": v[3 * i + 2] = 1; value += c.facts.dropped
                case "recruited": v[i] = 1; value += c.facts.recruited
                case "employed": v[i] = 1; value += c.facts.employed
                case "employedInRegion": v[i] = 1; value += c.facts.employedInRegion
                case "employedInCapital": v[i] = 1; value += c.facts.employedInCapital
                case "attendanceRated": v[i] = 1; value += c.facts.attendanceRated
                default: v[i] = 1
                }
            }
            switch measure {
            case "enrolled", "active", "completed", "dropped": family = "trainees"
            default: family = measure
            }
            return Cell(family: family, vector: v, label: label, value: measure == "checkedIn" ? nil : value)
        }
    }

    static let counts = ["recruited", "enrolled", "active", "completed", "dropped", "employed"]
    static let rateTerms: [String: [(String, String)]] = [
        "completion_rate": [("completed", "ended"), ("enrolled", "ended")], "dropout_rate": [("dropped", "all"), ("enrolled", "all")],
        "employment_rate": [("employed", "closed"), ("completed", "closed")], "regional_retention": [("employedInRegion", "all"), ("employed", "all")],
        "average_attendance": [("attendanceRated", "all")],
    ]

    @Test("on the demo program, every suppressed figure stays unknown after solving everything published together")
    func nothingRecovered() async throws {
        try await withApp { app, _, clock in
            try await app.autoRevert()
            try await Operations.migrate(app)
            _ = try #require(try await Operations.seedDemo(app))
            let pm = try await app.token("pm@ieum.demo", password: Operations.demoPassword)
            let layout = try await Self.layout(app, today: Day(clock.now))
            var published: [Cell] = []
            var hidden: [Cell] = []
            var requests = 0
            var loss: [String] = []
            let started = Date()

            func get(_ path: String) async throws -> [String: Any] {
                requests += 1
                var out: [String: Any] = [:]
                try await app.testing().test(.GET, path, headers: bearer(pm)) { res in
                    #expect(res.status == .ok, "GET \(path)")
                    out = try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [String: Any] ?? [:]
                }
                return out
            }
            func record(_ cell: Cell, shown: Bool) {
                guard !cell.vector.isEmpty else { return }
                if shown { published.append(cell) } else { hidden.append(cell) }
            }
            /// A table row: its counts, and both terms of every rate it shows.
            func row(_ json: [String: Any], _ set: [CohortInfo], _ label: String) {
                let counts = json["counts"] as? [String: Any] ?? [:]
                let suppressed = Set(json["suppressed"] as? [String] ?? [])
                for key in Self.counts {
                    let cell = layout.kpi(key, set, label: "\(label) \(key)")
                    if counts[key] != nil { record(cell, shown: true) } else if suppressed.contains(key) { record(cell, shown: false) }
                }
                for (key, _) in json["rates"] as? [String: Any] ?? [:] {
                    for (measure, phase) in Self.rateTerms[key]! { record(layout.kpi(measure, set, phase: phase, label: "\(label) \(key)"), shown: true) }
                }
            }

            let years: [Int?] = [nil] + Set(layout.cohorts.map(\.year)).sorted()
            var places: [(String, (CohortInfo) -> Bool)] = [("", { _ in true })]
            for op in Set(layout.cohorts.map(\.operatorID)).sorted() {
                places.append(("operator_id=\(op)", { (c: CohortInfo) in c.operatorID == op }))
            }
            for campus in layout.campuses {
                places.append(("campus_id=\(campus)", { (c: CohortInfo) in c.campusID == campus }))
            }
            let tracks: [String?] = [nil] + Set(layout.cohorts.map(\.track)).sorted()
            let training = try await Self.trainingToday(app, layout)
            for year in years {
                for (place, inPlace) in places {
                    for track in tracks {
                        let query = [year.map { "year=\($0)" }, place.isEmpty ? nil : place,
                                     track.map { "track=" + $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }].compactMap { $0 }
                        let q = query.isEmpty ? "" : "?" + query.joined(separator: "&")
                        let allYears = layout.cohorts.filter { inPlace($0) && (track == nil || $0.track == track) }
                        let shown = allYears.filter { year == nil || $0.year == year }
                        for grouping in KPIGrouping.allCases {
                            let table = try await get("/api/v1/kpis/tables/\(grouping.rawValue)\(q)")
                            if place.isEmpty && track == nil && (year == nil || year == layout.today.year) {
                                let rows = table["rows"] as? [[String: Any]] ?? []
                                let hiddenCounts = rows.map { r in (r["suppressed"] as? [String] ?? []).filter(Self.counts.contains).count }.reduce(0, +)
                                loss.append("\(year.map(String.init) ?? "all years") \(grouping.rawValue): \(hiddenCounts)/\(rows.count * Self.counts.count)")
                            }
                            for r in table["rows"] as? [[String: Any]] ?? [] {
                                let key = r["key"] as! String
                                let set: [CohortInfo] = key == "total" ? shown : shown.filter { c in
                                    switch grouping {
                                    case .operators: String(c.operatorID) == key
                                    case .campuses: String(c.campusID) == key
                                    case .regions: c.region == key
                                    case .capital: c.isCapital == (key == "capital")
                                    case .years: String(c.year) == key
                                    case .tracks: c.track == key
                                    case .cohorts: String(c.id) == key
                                    }
                                }
                                row(r, set, "\(grouping.rawValue)\(q) \(key)")
                            }
                        }
                        let summary = try await get("/api/v1/kpis/summary\(q)")
                        row(summary["totals"] as! [String: Any], shown, "summary\(q) total")
                        for t in summary["targets"] as? [[String: Any]] ?? [] {
                            let y = t["year"] as! Int
                            record(layout.kpi("enrolled", allYears.filter { $0.year == y }, label: "summary\(q) actual \(y)"), shown: t["actual"] is NSNumber)
                            record(layout.kpi("enrolled", allYears.filter { $0.year <= y }, label: "summary\(q) cumulative \(y)"),
                                   shown: t["cumulative_actual"] is NSNumber)
                        }
                        let shares: [String: [(String, String, [CohortInfo])]] = [
                            "open_share": [("completed", "open", shown), ("completed", "all", shown)],
                            "capital_share_of_trainees": [("enrolled", "all", shown.filter(\.isCapital)), ("enrolled", "all", shown)],
                            "capital_share_of_completers": [("completed", "all", shown.filter(\.isCapital)), ("completed", "all", shown)],
                            "capital_share_of_hires": [("employedInCapital", "all", shown), ("employed", "all", shown)],
                            "mentor_load": [("active", "all", shown)],
                        ]
                        for (key, terms) in shares where summary[key] is NSNumber {
                            for (measure, phase, set) in terms { record(layout.kpi(measure, set, phase: phase, label: "summary\(q) \(key)"), shown: true) }
                        }
                        let today = allYears.filter { training.contains($0.id) }
                        record(layout.kpi("checkedIn", today, label: "summary\(q) checked in"), shown: summary["checked_in_today"] is NSNumber)
                        record(layout.kpi("active", today, label: "summary\(q) due"), shown: summary["due_today"] is NSNumber)
                    }
                }
            }
            try await Self.attendanceOverview(get, layout, record)
            published += try await Self.funnel(get, layout, record)
            let collected = Date().timeIntervalSince(started)

            // Every shown figure is 0 or at least 5.
            let small = published.filter { ($0.value ?? 0) > 0 && ($0.value ?? 0) < 5 }
            #expect(small.isEmpty, "shown under five: \(small.prefix(5).map(\.label))")
            // Solve, family by family (no figure mixes families but the funnel's links).
            var recovered: [Cell] = []
            for family in Set(published.map(\.family) + hidden.map(\.family)).sorted() {
                var span = AttackerSpan(columns: layout.columns(family))
                var seen = Set<[Int: Int]>()
                for cell in published where cell.family == family && seen.insert(cell.vector).inserted { span.add(cell.vector) }
                var checked = Set<[Int: Int]>()
                for cell in hidden where cell.family == family && checked.insert(cell.vector).inserted && span.contains(cell.vector) {
                    recovered.append(cell)
                }
            }
            print("counts hidden in the unfiltered tables: " + loss.joined(separator: ", "))
            print("attack: \(requests) requests in \(Int(collected)) s, \(published.count) figures shown, \(hidden.count) suppressed, \(recovered.count) recovered")
            #expect(hidden.count > 100)
            #expect(recovered.isEmpty, "recovered \(recovered.count): \(recovered.prefix(8).map { "\($0.label) = \($0.value.map(String.init) ?? "?")" })")
        }
    }

    // MARK: What the attacker knows of the program's structure

    static func layout(_ app: Application, today: Day) async throws -> Layout {
        let sql = app.db as! any SQLDatabase
        let facts = Dictionary(uniqueKeysWithValues: try await KPIRollup.stored(on: app.db).map { ($0.cohortID, $0) })
        let cohorts = try await sql.raw("""
            SELECT c.id, c.operator_id, c.campus_id, c.starts_on, c.ends_on, co.track, p.region
            FROM cohorts c JOIN courses co ON co.id = c.course_id JOIN campuses p ON p.id = c.campus_id ORDER BY c.id
            """).all().map { r in
            let id = try r.decode(column: "id", as: Int.self)
            return CohortInfo(id: id, operatorID: try r.decode(column: "operator_id", as: Int.self), campusID: try r.decode(column: "campus_id", as: Int.self),
                              region: try r.decode(column: "region", as: String?.self), track: try r.decode(column: "track", as: String.self),
                              startsOn: Day(try r.decode(column: "starts_on", as: String.self))!, endsOn: Day(try r.decode(column: "ends_on", as: String.self))!,
                              facts: facts[id] ?? CohortFacts(cohortID: id))
        }
        let operators = try await Operator.query(on: app.db).sort(\.$id).all().map { $0.id! }
        return Layout(cohorts: cohorts, campuses: Set(cohorts.map(\.campusID)).sorted(),
                      units: operators.flatMap { op in [true, false].map { (operatorID: op, capital: $0) } }, today: today)
    }

    /// Cohorts with trainees in training and a training day today: whose check-ins the summary counts.
    static func trainingToday(_ app: Application, _ layout: Layout) async throws -> Set<Int> {
        let sql = app.db as! any SQLDatabase
        let days = Set(try await sql.raw("SELECT cohort_id FROM training_days WHERE day = \(bind: layout.today.description)").all()
            .map { try $0.decode(column: "cohort_id", as: Int.self) })
        return Set(layout.cohorts.filter { $0.startsOn <= layout.today && layout.today <= $0.endsOn && $0.facts.active > 0 && days.contains($0.id) }.map(\.id))
    }

    // MARK: The attendance overview and the funnel

    static func attendanceOverview(_ get: (String) async throws -> [String: Any], _ layout: Layout, _ record: (Cell, Bool) -> Void) async throws {
        let overview = try await get("/api/v1/attendance/overview")
        for (list, isOperator) in [("operators", true), ("campuses", false)] {
            for r in overview[list] as? [[String: Any]] ?? [] {
                let id = r["id"] as! Int
                let cohorts = layout.cohorts.filter { isOperator ? $0.operatorID == id : $0.campusID == id }
                let campuses = layout.campuses.indices.filter { i in isOperator ? cohorts.contains { $0.campusID == layout.campuses[i] } : layout.campuses[i] == id }
                record(layout.kpi("attendanceRated", cohorts, label: "overview \(list) \(id) trainees"), r["trainees"] is NSNumber)
                if r["average_rate"] is NSNumber { record(layout.kpi("attendanceRated", cohorts, label: "overview \(list) \(id) rate"), true) }
                for (key, family) in [("at_risk", "atRisk"), ("below_completion", "below")] {
                    let value = (r[key] as? NSNumber)?.intValue
                    record(Cell(family: family, vector: Dictionary(uniqueKeysWithValues: campuses.map { ($0, 1) }), label: "overview \(list) \(id) \(key)",
                                value: value), value != nil)
                }
            }
        }
    }

    /// Records the funnel's figures; returns the links the attacker assumes between it and the KPI tables.
    static func funnel(_ get: (String) async throws -> [String: Any], _ layout: Layout, _ record: (Cell, Bool) -> Void) async throws -> [Cell] {
        let funnel = try await get("/api/v1/kpis/recruitment")
        let n = layout.n
        func family(_ stage: Int) -> (String, Int) {
            switch stage {
            case 4: ("recruited", n)
            case 5: ("trainees", 3 * n)
            default: ("funnel\(stage)", 0)
            }
        }
        for (list, byOperator) in [("by_operator", true), ("by_applicant_region", false)] {
            for r in funnel[list] as? [[String: Any]] ?? [] {
                let key = r["key"] as! String
                let units = layout.units.indices.filter { u in
                    key == "total" || (byOperator ? String(layout.units[u].operatorID) == key : layout.units[u].capital == (key == "capital"))
                }
                for (stage, text) in (r["counts"] as! [String]).enumerated() {
                    let (name, offset) = family(stage)
                    record(Cell(family: name, vector: Dictionary(uniqueKeysWithValues: units.map { ($0 + offset, 1) }), label: "funnel \(list) \(key) stage \(stage)",
                                value: Int(text)), Int(text) != nil)
                }
            }
        }
        // The attacker's assumption: an operator's selected and enrolled applicants are its recruited and enrolled trainees.
        var links: [Cell] = []
        for op in Set(layout.units.map(\.operatorID)) {
            let units = layout.units.indices.filter { layout.units[$0].operatorID == op }
            let cohorts = layout.cohorts.filter { $0.operatorID == op }
            for (measure, stage) in [("recruited", 4), ("enrolled", 5)] {
                var v = layout.kpi(measure, cohorts, label: "").vector.mapValues { -$0 }
                for u in units { v[u + family(stage).1] = 1 }
                links.append(Cell(family: measure == "recruited" ? "recruited" : "trainees", vector: v, label: "link \(op) \(measure)", value: nil))
            }
        }
        return links
    }
}
