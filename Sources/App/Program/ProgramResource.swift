import Fluent
import IeumCore
import Vapor

struct ProgramOutput: Content {
    struct YearTarget: Content {
        let year: Int
        let target: Int
    }
    let id: Int
    let name: String
    let startYear: Int
    let endYear: Int
    let cumulativeTarget: Int
    let yearTargets: [YearTarget]

    enum CodingKeys: String, CodingKey {
        case id, name
        case startYear = "start_year"
        case endYear = "end_year"
        case cumulativeTarget = "cumulative_target"
        case yearTargets = "year_targets"
    }
}

/// The national program: its years and its targets (PROGRAM.md: 10,000 in the first year, 90,000 by 2027).
enum ProgramResource: Resource {
    typealias Record = Program
    static let slug = "programs"
    static let title = Localized("사업", "Programs")
    static let singular = Localized("사업", "Program")
    static let readRoles: [Role] = [.programManager]
    static let writeRoles: [Role] = [.programManager]

    static func scope(of record: Program) -> RecordScope { .program }

    static func query(_ req: Request, _ principal: Principal) async throws -> QueryBuilder<Program> {
        var q = Program.query(on: req.db).with(\.$yearTargets).sort(\.$startYear)
        if let text = req.searchText { q = q.filter(\.$name, .custom("LIKE"), likePattern(text)) }
        return q
    }

    static func columns(_ lang: Lang) -> [String] {
        [lang.pick("사업명", "Name"), lang.pick("기간", "Years"), lang.pick("누적 목표", "Cumulative target")]
    }

    static func row(_ r: Program, _ req: Request) -> [HTML] {
        [Components.link(path(r), r.name), "\(r.startYear)–\(r.endYear)", "\(Components.number(r.cumulativeTarget))"]
    }

    static func fields(_ req: Request, _ principal: Principal, creating: Bool) async throws -> [FieldSpec] {
        [
            FieldSpec(name: "name", label: Localized("사업명", "Name")),
            FieldSpec(name: "start_year", label: Localized("시작 연도", "First year"), kind: .number),
            FieldSpec(name: "end_year", label: Localized("종료 연도", "Last year"), kind: .number),
            FieldSpec(name: "cumulative_target", label: Localized("누적 목표 인원", "Cumulative target"), kind: .number),
            FieldSpec(name: "year_targets", label: Localized("연도별 목표", "Targets per year"), kind: .textarea, required: false,
                      hint: Localized("한 줄에 하나씩 '연도: 인원' (예: 2022: 10000)", "One per line as 'year: people' (e.g. 2022: 10000)")),
        ]
    }

    static func values(of r: Program, on db: any Database) async throws -> [String: String] {
        let targets = try await ProgramYearTarget.query(on: db).filter(\.$program.$id == r.requireID()).sort(\.$year).all()
            .map { "\($0.year): \($0.target)" }
        return ["name": r.name, "start_year": String(r.startYear), "end_year": String(r.endYear),
                "cumulative_target": String(r.cumulativeTarget), "year_targets": targets.joined(separator: "\n")]
    }

    static func body(creating: Bool) -> Body {
        Body([
            .filled("name", max: 200, required: creating), .integer("start_year", 2000...2100, required: creating),
            .integer("end_year", 2000...2100, required: creating), .integer("cumulative_target", 1...10_000_000, required: creating),
            .field("year_targets", .text(maxLength: 2000, pattern: yearTargetLines), required: false, "one line per year: 2026: 10000"),
        ])
    }

    /// Lines of `year: people`, as `apply` reads them (blank lines and spaces around them allowed).
    /// Far above any national program (the model's is 90,000 over six years); bounds keep every sum within Int.
    static let maximumTarget = 10_000_000

    static let yearTargetLines = #"^[ \t\r\n]*([0-9]{4}[ \t]*:[ \t]*[0-9][0-9,]{0,14}([ \t]*\r?\n[ \t\r\n]*[0-9]{4}[ \t]*:[ \t]*[0-9][0-9,]{0,14})*[ \t\r\n]*)?$"#

    static func apply(_ reader: inout FieldReader, to r: Program, creating: Bool, req: Request, principal: Principal) async throws {
        let name = reader.text("name", max: 200)
        let start = reader.int("start_year", range: 2000...2100)
        let end = reader.int("end_year", range: 2000...2100)
        let cumulative = reader.int("cumulative_target", range: 1...maximumTarget)
        if let start, let end, end < start {
            reader.fail("end_year", "종료 연도는 시작 연도보다 빠를 수 없습니다.", "The last year cannot come before the first.")
        }
        var targets: [Int: Int] = [:]
        for line in reader.raw("year_targets").split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let year = Int(parts[0]),
                  let target = Int(parts[1].replacingOccurrences(of: ",", with: "")), target >= 0 else {
                reader.fail("year_targets", "'\(line)' 줄을 읽을 수 없습니다. '연도: 인원'으로 적으세요.", "Cannot read '\(line)'. Write 'year: people'.")
                break
            }
            guard target <= maximumTarget else {
                reader.fail("year_targets", "\(year)년 목표가 너무 큽니다. 한 해 목표는 \(Components.number(maximumTarget))명까지입니다.",
                            "The target for \(year) is too large: a year's target is at most \(Components.number(maximumTarget)).")
                break
            }
            guard targets[year] == nil else {
                reader.fail("year_targets", "\(year)년이 두 번 적혔습니다.", "\(year) is written twice.")
                break
            }
            if let start, let end, start <= end, !(start...end).contains(year) {
                reader.fail("year_targets", "\(year)년은 사업 기간 밖입니다.", "\(year) is outside the program's years.")
                break
            }
            targets[year] = target
        }
        if let cumulative, targets.values.reduce(0, +) > cumulative {
            reader.fail("year_targets", "연도별 목표의 합이 누적 목표보다 큽니다.", "The yearly targets add up to more than the cumulative target.")
        }
        guard reader.errors.isEmpty, let name, let start, let end, let cumulative else { return }
        r.name = name
        r.startYear = start
        r.endYear = end
        r.cumulativeTarget = cumulative
        req.storage[PendingYearTargets.self] = targets
    }

    static func afterSave(_ record: Program, creating: Bool, on db: any Database, req: Request, principal: Principal) async throws {
        try await KPISnapshot.bump(on: db)   // names, years and targets the KPIs show
        guard let targets = req.storage[PendingYearTargets.self] else { return }
        let id = try record.requireID()
        try await ProgramYearTarget.query(on: db).filter(\.$program.$id == id).delete()
        for (year, target) in targets.sorted(by: { $0.key < $1.key }) {
            try await ProgramYearTarget(programID: id, year: year, target: target).create(on: db)
        }
    }

    static func output(_ r: Program, _ req: Request) async throws -> ProgramOutput {
        let db = req.db
        let targets = try await ProgramYearTarget.query(on: db).filter(\.$program.$id == r.requireID()).sort(\.$year).all()
        return ProgramOutput(id: try r.requireID(), name: r.name, startYear: r.startYear, endYear: r.endYear,
                             cumulativeTarget: r.cumulativeTarget,
                             yearTargets: targets.map { .init(year: $0.year, target: $0.target) })
    }

    static func label(_ r: Program) -> String { r.name }

    static func details(_ r: Program, _ req: Request, _ principal: Principal) async throws -> HTML {
        let lang = req.lang
        let out = try await output(r, req)
        let rows = out.yearTargets.map { t -> [HTML] in ["\(t.year)", "\(Components.number(t.target))"] }
        return """
            \(Components.definitionList([
                (lang.pick("기간", "Years"), "\(r.startYear)–\(r.endYear)"),
                (lang.pick("누적 목표", "Cumulative target"), "\(Components.number(r.cumulativeTarget))"),
            ]))
            <h2>\(lang.pick("연도별 목표", "Targets per year"))</h2>
            \(Components.table(headers: [lang.pick("연도", "Year"), lang.pick("목표 인원", "Target")], rows: rows, empty: lang.pick("연도별 목표가 없습니다.", "No yearly targets.")))
            <div class="actions"><a class="button" href="\(AttendanceRoutes.rules(r.id ?? 0))">\(lang.pick("출결 기준", "Attendance rules"))</a>
            <a class="button" href="\(AttendanceRoutes.overview.url)">\(lang.pick("출결 현황", "Attendance overview"))</a></div>
            """
    }
}

struct PendingYearTargets: StorageKey { typealias Value = [Int: Int] }
