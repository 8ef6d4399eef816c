import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

/// A mentor's work list: per trainee and assignment the latest attempt, waiting until a mentor reviews it, oldest
/// first; filtered by cohort, assignment and state. For everyone who runs mentors, the time from submission to
/// first review per mentor. It is also the top of a mentor's home page.
enum ReviewQueue {
    static let roles: [Role] = [.mentor, .operatorAdmin, .campusStaff, .programManager]
    static let shown = 200

    static func register(pages: any RoutesBuilder) {
        pages.register(.GET, AssignmentRoutes.reviews.template, roles: roles, use: page)
    }

    struct Filter: Sendable {
        var cohortID: Int?
        var assignmentID: Int?
        var state: ReviewWork.State = .waiting

        init(_ req: Request) {
            cohortID = (try? req.query.get(String.self, at: "cohort")).flatMap { Int($0) }
            assignmentID = (try? req.query.get(String.self, at: "assignment")).flatMap { Int($0) }
            state = (try? req.query.get(String.self, at: "state")).flatMap(ReviewWork.State.init(rawValue:)) ?? .waiting
        }

        init() {}
    }

    struct Listing: Sendable {
        let cohorts: [Cohort]
        let assignments: [Assignment]
        /// The filtered queue's attempts, with person and assignment loaded.
        let items: [Submission]
        let total: Int
    }

    /// The cohorts whose code this person reviews: those they mentor, and for academy staff those they may write.
    static func reviewable(_ req: Request, _ principal: Principal) async throws -> [Cohort] {
        var ids = principal.has(.mentor) ? principal.mentoredCohorts : []
        if principal.hasAny([.operatorAdmin, .campusStaff]) {
            let scope = principal.writeScope
            if !scope.operators.isEmpty || !scope.campuses.isEmpty {
                let staffed = try await Cohort.query(on: req.db).group(.or) {
                    $0.filter(\.$operatorID ~~ scope.operators).filter(\.$campus.$id ~~ scope.campuses)
                }.all(\.$id)
                ids.formUnion(staffed)
            }
        }
        guard !ids.isEmpty else { return [] }
        return try await Cohort.query(on: req.db).filter(\.$id ~~ Array(ids)).sort(\.$startsOn, .descending).sort(\.$id).all()
    }

    static func listing(_ req: Request, _ principal: Principal, filter: Filter, limit: Int = shown) async throws -> Listing {
        let cohorts = try await reviewable(req, principal)
        let chosen = cohorts.filter { filter.cohortID == nil || $0.id == filter.cohortID }.compactMap(\.id)
        // Applicants' selection-test attempts are graded automatically, not reviewed by mentors.
        let assignments = chosen.isEmpty ? [] : try await Assignment.query(on: req.db).filter(\.$cohort.$id ~~ chosen)
            .filter(\.$purpose == nil).sort(\.$deadline).sort(\.$id).all()
        let assignmentIDs = assignments.compactMap(\.id).filter { filter.assignmentID == nil || $0 == filter.assignmentID }
        guard !assignmentIDs.isEmpty else { return Listing(cohorts: cohorts, assignments: assignments, items: [], total: 0) }
        // Narrow rows (no source): a cohort's every attempt at every assignment.
        let attempts = try await Submission.query(on: req.db).filter(\.$assignment.$id ~~ assignmentIDs)
            .field(\.$id).field(\.$person.$id).field(\.$assignment.$id).field(\.$attempt).field(\.$submittedAt).field(\.$state).all()
        let ids = attempts.compactMap(\.id)
        var reviewed = Set<Int>()
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            reviewed.formUnion(try await SubmissionReview.query(on: req.db).filter(\.$submission.$id ~~ chunk).all(\.$submission.$id))
        }
        let queue = ReviewWork.queue(attempts.map { s in
            AttemptRef(id: s.id ?? 0, personID: s.$person.id, assignmentID: s.$assignment.id, attempt: s.attempt, submittedAt: s.submittedAt,
                       grading: Submissions.isPending(s), reviewed: reviewed.contains(s.id ?? 0))
        }, state: filter.state)
        let page = queue.prefix(limit).map(\.id)
        let loaded = page.isEmpty ? [] : try await Submission.query(on: req.db).filter(\.$id ~~ page).with(\.$person).with(\.$assignment).all()
        let byID = Dictionary(uniqueKeysWithValues: loaded.compactMap { s in s.id.map { ($0, s) } })
        return Listing(cohorts: cohorts, assignments: assignments, items: page.compactMap { byID[$0] }, total: queue.count)
    }

    /// The queue's table and filters; `action` is where the filter form goes (the queue page or the home page,
    /// which shows the oldest few).
    static func section(_ req: Request, _ principal: Principal, filter: Filter, action: String, limit: Int = shown) async throws -> HTML {
        let lang = req.lang
        let listing = try await listing(req, principal, filter: filter, limit: limit)
        req.listed(listing.items.map(\.$person.id), purpose: "review queue")
        let counted = try await MentorScores.counted(listing.items, on: req.db)
        let cohortNames = Dictionary(uniqueKeysWithValues: listing.cohorts.compactMap { c in c.id.map { ($0, c.name) } })
        let rows = listing.items.map { s -> [HTML] in
            [Components.link(AssignmentRoutes.submission(s.id ?? 0), s.person.name), "\(cohortNames[s.cohortID] ?? "")",
             "\(s.assignment.title) #\(s.attempt)", SubmissionPages.verdictBadge(s, lang), counted[s.id ?? 0]?.label(lang) ?? "—",
             "\(KoreanFormats.dateTime(s.submittedAt))"]
        }
        func option(_ value: String, _ label: String, _ selected: Bool) -> HTML { Components.option(value, label, selected: selected) }
        let cohortOptions = [option("", lang.pick("모든 기수", "All cohorts"), filter.cohortID == nil)]
            + listing.cohorts.map { option("\($0.id ?? 0)", $0.name, filter.cohortID == $0.id) }
        let assignmentOptions = [option("", lang.pick("모든 과제", "All assignments"), filter.assignmentID == nil)]
            + listing.assignments.map { a in
                option("\(a.id ?? 0)", filter.cohortID == nil ? "\(cohortNames[a.$cohort.id] ?? "") · \(a.title)" : a.title, filter.assignmentID == a.id)
            }
        let stateOptions = ReviewWork.State.allCases.map { option($0.rawValue, $0.name.in(lang), filter.state == $0) }
        let empty: String
        if listing.cohorts.isEmpty {
            empty = lang.pick("맡은 기수가 없습니다.", "You mentor no cohort.")
        } else {
            empty = filter.state == .waiting ? lang.pick("리뷰를 기다리는 제출이 없습니다.", "Nothing is waiting for review.") : lang.pick("해당하는 제출이 없습니다.", "No attempts match.")
        }
        let more: HTML
        if listing.total <= listing.items.count {
            more = .empty
        } else if limit < shown {
            var query = ["state=\(filter.state.rawValue)"]
            if let c = filter.cohortID { query.append("cohort=\(c)") }
            if let a = filter.assignmentID { query.append("assignment=\(a)") }
            more = "<p><a href=\"\(AssignmentRoutes.reviews.url)?\(query.joined(separator: "&"))\">\(lang.pick("나머지 \(listing.total - listing.items.count)건 더 보기 (모두 \(listing.total)건)", "\(listing.total - listing.items.count) more (\(listing.total) in all)"))</a></p>"
        } else {
            more = "<p class=\"muted\">\(lang.pick("오래된 순으로 \(listing.items.count)건만 보입니다 (모두 \(listing.total)건). 기수나 과제로 좁혀 보세요.", "Showing the oldest \(listing.items.count) of \(listing.total); narrow by cohort or assignment."))</p>"
        }
        return """
            <form method="get" action="\(action)" class="filters">
            <label>\(lang.pick("기수", "Cohort")) <select name="cohort">\(cohortOptions)</select></label>
            <label>\(lang.pick("과제", "Assignment")) <select name="assignment">\(assignmentOptions)</select></label>
            <label>\(lang.pick("상태", "State")) <select name="state">\(stateOptions)</select></label>
            <button type="submit">\(lang.pick("보기", "Show"))</button>
            </form>
            <p class="muted">\(lang.pick("훈련생마다 과제별 가장 최근 제출 한 줄입니다. 리뷰(점수나 총평)를 저장하면 '리뷰함'으로 옮겨집니다.", "One line per trainee and assignment: their latest attempt. Saving a review (score or feedback) moves it to Reviewed."))</p>
            \(Components.table(headers: [lang.pick("훈련생", "Trainee"), lang.pick("기수", "Cohort"), lang.pick("과제", "Assignment"), lang.pick("결과", "Result"),
                                         lang.pick("점수", "Score"), lang.pick("제출 시각", "Submitted")], rows: rows, empty: empty))
            \(more)
            """
    }

    @Sendable static func page(_ req: Request) async throws -> Response {
        let lang = req.lang
        let principal = try req.principal
        let queue = try await section(req, principal, filter: Filter(req), action: AssignmentRoutes.reviews.url)
        let stats = try await firstReviewTimes(req, principal)
        let statRows = stats.map { s -> [HTML] in ["\(s.name)", "\(s.reviewed)", "\(Self.duration(s.medianSeconds, lang))"] }
        let body: HTML = """
            \(queue)
            <h2>\(lang.pick("첫 리뷰까지 걸린 시간 (멘토별 중앙값)", "Time to first review (median per mentor)"))</h2>
            \(Components.table(headers: [lang.pick("멘토", "Mentor"), lang.pick("리뷰한 제출", "Reviewed"), lang.pick("중앙값", "Median")],
                               rows: statRows, empty: lang.pick("아직 리뷰가 없습니다.", "No reviews yet."), compact: true))
            """
        return Layout.page(req, title: lang.pick("코드 리뷰", "Code review"), body: body)
    }

    struct MentorStat: Sendable { let name: String; let reviewed: Int; let medianSeconds: Double }

    /// Per mentor, over the submissions they reviewed first; mentors see their own, staff those of their scope.
    static func firstReviewTimes(_ req: Request, _ principal: Principal) async throws -> [MentorStat] {
        var query = Submission.query(on: req.db).filter(\.$firstReviewedAt != nil)
        let scope = principal.readScope
        if !scope.everything {
            query = query.group(.or) {
                $0.filter(\.$operatorID ~~ scope.operators).filter(\.$campusID ~~ scope.campuses).filter(\.$cohortID ~~ scope.cohorts)
            }
        }
        let reviewed = try await query.range(..<5_000).all()
        guard !reviewed.isEmpty else { return [] }
        let firstBy = try await firstReviewers(reviewed.compactMap(\.id), on: req.db)
        var times: [Int: [Double]] = [:]
        for s in reviewed {
            guard let id = s.id, let mentor = firstBy[id], let at = s.firstReviewedAt else { continue }
            if principal.has(.mentor) && !principal.hasAny([.operatorAdmin, .campusStaff, .programManager]) && mentor != principal.personID { continue }
            times[mentor, default: []].append(at.timeIntervalSince(s.submittedAt))
        }
        let names = try await ReviewPages.mentorNames(Array(times.keys), on: req.db)
        return times.map { mentor, values in
            let sorted = values.sorted()
            let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            return MentorStat(name: names[mentor] ?? "#\(mentor)", reviewed: values.count, medianSeconds: median)
        }.sorted { $0.name < $1.name }
    }

    /// Who reviewed each submission first (a comment or a review, whichever came first).
    static func firstReviewers(_ ids: [Int], on db: any Database) async throws -> [Int: Int] {
        var first: [Int: (Date, Int)] = [:]
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            for c in try await ReviewComment.query(on: db).filter(\.$submission.$id ~~ chunk).all() where first[c.$submission.id].map({ c.createdAt < $0.0 }) ?? true {
                first[c.$submission.id] = (c.createdAt, c.mentorID)
            }
            for r in try await SubmissionReview.query(on: db).filter(\.$submission.$id ~~ chunk).all() where first[r.$submission.id].map({ r.createdAt < $0.0 }) ?? true {
                first[r.$submission.id] = (r.createdAt, r.mentorID)
            }
        }
        return first.mapValues(\.1)
    }

    static func duration(_ seconds: Double, _ lang: Lang) -> String {
        let minutes = Int(seconds / 60)
        if minutes < 60 { return lang.pick("\(minutes)분", "\(minutes) min") }
        let hours = minutes / 60
        if hours < 48 { return lang.pick("\(hours)시간 \(minutes % 60)분", "\(hours) h \(minutes % 60) min") }
        return lang.pick("\(hours / 24)일 \(hours % 24)시간", "\(hours / 24) d \(hours % 24) h")
    }
}
