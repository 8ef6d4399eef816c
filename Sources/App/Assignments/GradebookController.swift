import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

struct GradebookOutput: Content {
    struct Column: Content { let id: Int; let title: String; let points: Double }
    struct Cell: Content {
        let best: Double?
        let attempts: Int
        let late: Bool
        /// The mentor whose score is the best one; nil when it is the grader's.
        let scoredBy: String?
        enum CodingKeys: String, CodingKey { case best, attempts, late; case scoredBy = "scored_by" }
    }
    struct Row: Content {
        let personID: Int
        let name: String
        let total: Double
        let cells: [String: Cell]
        enum CodingKeys: String, CodingKey { case name, total, cells; case personID = "person_id" }
    }

    let cohortID: Int
    let assignments: [Column]
    let trainees: [Row]
    enum CodingKeys: String, CodingKey { case assignments, trainees; case cohortID = "cohort_id" }
}

/// Trainees × assignments: the best score (a mentor's score replaces the automatic one for that attempt),
/// attempts and late flags. Read with two narrow queries, so 300 trainees × 100 assignments stays quick.
enum GradebookController {
    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        let staff: [any Middleware] = [CohortGradingGuard(staffOnly: true)]
        pages.register(.GET, AssignmentRoutes.gradebook.template, guards: staff, use: page)
        pages.register(.GET, AssignmentRoutes.traineeGrades.template, guards: staff, use: traineePage)
        api.register(AssignmentRoutes.gradebookJSON, guards: staff, use: json)
        GradebookExport.register(pages: pages)
    }

    static func build(_ cohort: Cohort, on db: any Database) async throws -> GradebookOutput {
        let cohortID = try cohort.requireID()
        let assignments = try await AssignmentsController.assignments(ofCohort: cohortID, on: db)
        let trainees = try await CohortAttendance.trainees(of: cohort, on: db)
        let sql = db as! any SQLDatabase
        let attempts = try await sql.select().column("id").column("person_id").column("assignment_id").column("points").column("late_days")
            .from("submissions").where("cohort_id", .equal, cohortID).all()
        let scored = try await sql.select().column(SQLColumn("submission_id", table: "r")).column(SQLColumn("score", table: "r"))
            .column(SQLColumn("mentor_id", table: "r"))
            .from(SQLAlias(SQLIdentifier("submission_reviews"), as: SQLIdentifier("r")))
            .join(SQLAlias(SQLIdentifier("submissions"), as: SQLIdentifier("s")), on: SQLColumn("id", table: "s"), .equal, SQLColumn("submission_id", table: "r"))
            .where(SQLColumn("cohort_id", table: "s"), .equal, SQLBind(cohortID))
            .where(SQLColumn("score", table: "r"), .isNot, SQLLiteral.null)
            .orderBy(SQLColumn("id", table: "r")).all()
        var reviewScore: [Int: (score: Double, mentor: Int)] = [:]
        for row in scored {
            reviewScore[try row.decode(column: "submission_id", as: Int.self)] = (try row.decode(column: "score", as: Double.self), try row.decode(column: "mentor_id", as: Int.self))
        }
        let facts = try attempts.map { row in
            let id = try row.decode(column: "id", as: Int.self)
            return AttemptFacts(personID: try row.decode(column: "person_id", as: Int.self), assignmentID: try row.decode(column: "assignment_id", as: Int.self),
                                points: try row.decode(column: "points", as: Double?.self), late: try row.decode(column: "late_days", as: Int.self) > 0,
                                reviewScore: reviewScore[id]?.score, reviewerID: reviewScore[id]?.mentor)
        }
        let cells = Gradebook.cells(facts)
        let mentors = try await ReviewPages.mentorNames(Array(Set(reviewScore.values.map(\.mentor))), on: db)
        let ids = assignments.compactMap(\.id)
        let listed = Set(ids)
        return GradebookOutput(cohortID: cohortID,
                               assignments: assignments.map { .init(id: $0.id ?? 0, title: $0.title, points: $0.points) },
                               trainees: trainees.map { t in
                                   let row = cells[t.personID] ?? [:]
                                   return .init(personID: t.personID, name: t.name, total: Gradebook.total(row, assignments: ids),
                                                cells: Dictionary(uniqueKeysWithValues: row.filter { listed.contains($0.key) }.map { (String($0.key), GradebookOutput.Cell(best: $0.value.best, attempts: $0.value.attempts, late: $0.value.anyLate, scoredBy: $0.value.bestScoredBy.map { mentors[$0] ?? "#\($0)" })) }))
                               })
    }

    @Sendable static func json(_ req: Request) async throws -> GradebookOutput {
        let book = try await build(try req.loaded(Cohort.self), on: req.db)
        req.listed(book.trainees.map(\.personID), purpose: "gradebook")
        return book
    }

    @Sendable static func page(_ req: Request) async throws -> Response {
        let lang = req.lang
        let cohort = try req.loaded(Cohort.self)
        let book = try await build(cohort, on: req.db)
        req.listed(book.trainees.map(\.personID), purpose: "gradebook")
        let body: HTML = """
            <p><a href="\(AssignmentRoutes.cohortAssignments(cohort.id ?? 0))">← \(lang.pick("과제 목록", "Assignments"))</a></p>
            <div class="actions"><a class="button" href="\(AssignmentRoutes.gradebookExport(cohort.id ?? 0))">\(lang.pick("내려받기 (CSV, XLSX)", "Download (CSV, XLSX)"))</a></div>
            <p class="muted">\(lang.pick("칸마다 최고 점수와 제출 횟수(×)입니다. 멘토가 준 점수가 있으면 그 제출의 자동 점수를 대신하고, 아래에 멘토 이름이 나옵니다.", "Each cell: best score and attempts (×). A mentor's score replaces that attempt's automatic score; the mentor is named under it."))</p>
            \(table(book, lang))
            """
        return Layout.page(req, title: lang.pick("\(cohort.name) 성적표", "\(cohort.name) gradebook"), body: body)
    }

    static func table(_ book: GradebookOutput, _ lang: Lang) -> HTML {
        let header: HTML = "<tr><th scope=\"col\">\(lang.pick("훈련생", "Trainee"))</th>\(book.assignments.map { a -> HTML in "<th scope=\"col\"><a href=\"\(AssignmentRoutes.assignment(a.id))\">\(a.title)</a></th>" })<th scope=\"col\">\(lang.pick("합계", "Total"))</th></tr>"
        let rows = book.trainees.map { r -> HTML in
            let cells = book.assignments.map { a -> HTML in
                guard let cell = r.cells[String(a.id)] else { return "<td class=\"num muted\">—</td>" }
                let late: HTML = cell.late ? " <span class=\"badge bad\" title=\"\(lang.pick("늦은 제출 있음", "late work"))\">\(lang.pick("늦음", "late"))</span>" : .empty
                let mentor: HTML = cell.scoredBy.map { "<br><small class=\"muted\">\(lang.pick("멘토", "mentor")) \($0)</small>" } ?? .empty
                return "<td class=\"num\">\(cell.best.map(AssignmentPages.points) ?? "…") <small class=\"muted\">×\(cell.attempts)</small>\(late)\(mentor)</td>"
            }
            return "<tr><th scope=\"row\"><a href=\"\(AssignmentRoutes.traineeGrades(book.cohortID, r.personID))\">\(r.name)</a></th>\(cells)<td class=\"num\"><strong>\(AssignmentPages.points(r.total))</strong></td></tr>"
        }
        return "<div class=\"table-wrap\"><table class=\"gradebook compact\"><thead>\(header)</thead><tbody>\(rows)</tbody></table></div>"
    }

    /// One trainee across the cohort's assignments, every attempt linked; a look at their record, so it is logged.
    @Sendable static func traineePage(_ req: Request) async throws -> Response {
        let lang = req.lang
        let cohort = try req.loaded(Cohort.self)
        guard let personID = req.parameters.get("personID", as: Int.self),
              let trainee = try await CohortAttendance.trainees(of: cohort, on: req.db).first(where: { $0.personID == personID }) else {
            throw AppError.notFound()
        }
        let assignments = try await AssignmentsController.assignments(ofCohort: try cohort.requireID(), on: req.db)
        let attempts = try await Submission.query(on: req.db).filter(\.$cohortID == cohort.requireID()).filter(\.$person.$id == personID)
            .sort(\.$attempt).all()
        let reviewed = try await SubmissionReview.query(on: req.db).filter(\.$submission.$id ~~ attempts.compactMap(\.id))
            .filter(\.$score != nil).sort(\.$id).all()
        var reviewScore: [Int: SubmissionReview] = [:]
        for r in reviewed { reviewScore[r.$submission.id] = r }
        let mentors = try await ReviewPages.mentorNames(reviewed.map(\.mentorID), on: req.db)
        let byAssignment = Dictionary(grouping: attempts, by: \.$assignment.id)
        let cells = Gradebook.cells(attempts.map { AttemptFacts(personID: personID, assignmentID: $0.$assignment.id, points: $0.points,
                                                               late: $0.lateDays > 0, reviewScore: $0.id.flatMap { reviewScore[$0]?.score },
                                                               reviewerID: $0.id.flatMap { reviewScore[$0]?.mentorID }) })[personID] ?? [:]
        let rows = assignments.map { a -> [HTML] in
            let id = a.id ?? 0
            let cell = cells[id]
            let links = (byAssignment[id] ?? []).map { s -> HTML in
                "<a href=\"\(AssignmentRoutes.submission(s.id ?? 0))\">#\(s.attempt)</a> \(SubmissionPages.verdictBadge(s, lang))"
            }
            return [Components.link(AssignmentRoutes.assignment(id), a.title), "\(KoreanFormats.dateTime(a.deadline))",
                    "\(cell?.best.map(AssignmentPages.points) ?? "—") / \(AssignmentPages.points(a.points))\(cell?.bestScoredBy.map { " (" + lang.pick("멘토 ", "mentor ") + (mentors[$0] ?? "") + ")" } ?? "")",
                    cell?.anyLate == true ? Components.badge(lang.pick("늦음", "late"), "bad") : "—",
                    links.isEmpty ? "<span class=\"muted\">\(lang.pick("제출 없음", "none"))</span>" : HTML(raw: links.map(\.raw).joined(separator: " · "))]
        }
        let total = Gradebook.total(cells, assignments: assignments.compactMap(\.id))
        let possible = assignments.reduce(0) { $0 + $1.points }
        try await AccessLog.record(req, actor: try req.principal.personID, subject: personID, action: "view", detail: "gradebook")
        let body: HTML = """
            <p><a href="\(AssignmentRoutes.gradebook(cohort.id ?? 0))">← \(lang.pick("성적표", "Gradebook"))</a></p>
            <div class="stats"><div class="stat"><span class="num">\(AssignmentPages.points(total))</span><span>\(lang.pick("합계", "Total")) / \(AssignmentPages.points(possible))</span></div>
            <div class="stat"><span class="num">\(attempts.count)</span><span>\(lang.pick("제출", "Attempts"))</span></div></div>
            \(Components.table(headers: [lang.pick("과제", "Assignment"), lang.pick("마감 (KST)", "Deadline (KST)"), lang.pick("최고 점수", "Best"),
                                         lang.pick("늦음", "Late"), lang.pick("제출", "Attempts")],
                               rows: rows, empty: lang.pick("과제가 없습니다.", "No assignments.")))
            """
        return Layout.page(req, title: lang.pick("\(trainee.name) 성적", "\(trainee.name)'s grades"), body: body)
    }

    static func sheet(_ book: GradebookOutput, _ lang: Lang) -> Spreadsheet {
        var headers = [lang.pick("훈련생", "Trainee")]
        for a in book.assignments {
            headers += [a.title, a.title + " " + lang.pick("점수 준 멘토", "scored by"), a.title + " " + lang.pick("제출 횟수", "attempts"), a.title + " " + lang.pick("늦음", "late")]
        }
        headers.append(lang.pick("합계", "Total"))
        let rows = book.trainees.map { r -> [String] in
            var row = [r.name]
            for a in book.assignments {
                let cell = r.cells[String(a.id)]
                row += [cell?.best.map(AssignmentPages.points) ?? "", cell?.scoredBy ?? "", String(cell?.attempts ?? 0), cell?.late == true ? "Y" : ""]
            }
            row.append(AssignmentPages.points(r.total))
            return row
        }
        return Spreadsheet(sheetName: lang.pick("성적표", "Gradebook"), headers: headers, rows: rows)
    }
}
