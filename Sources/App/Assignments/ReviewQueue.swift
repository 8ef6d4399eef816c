import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

/// A mentor's work list: their mentees' latest attempts not yet reviewed, oldest first; and, for everyone who
/// runs mentors, the time from submission to first review per mentor.
enum ReviewQueue {
    static let roles: [Role] = [.mentor, .operatorAdmin, .campusStaff, .programManager]

    static func register(pages: any RoutesBuilder) {
        pages.grouped("reviews").grouped(RequireRole(roles)).get(use: page)
    }

    @Sendable static func page(_ req: Request) async throws -> Response {
        let lang = req.lang
        let principal = try req.principal
        let mentorCohorts = try await CohortMentor.query(on: req.db).filter(\.$personID == principal.personID).all().map(\.cohortID)
        // Applicants' selection-test attempts are graded automatically, not reviewed by mentors.
        let waiting: [Submission] = mentorCohorts.isEmpty ? [] : try await Submission.query(on: req.db)
            .join(Assignment.self, on: \Submission.$assignment.$id == \Assignment.$id).filter(Assignment.self, \.$purpose == nil)
            .filter(\.$cohortID ~~ mentorCohorts).filter(\.$firstReviewedAt == nil)
            .filter(\.$state ~~ [SubmissionState.graded.rawValue, SubmissionState.failed.rawValue])
            .with(\.$person).with(\.$assignment).sort(\.$submittedAt).range(..<100).all()
        req.listed(waiting.map(\.$person.id), purpose: "review queue")
        let rows = waiting.map { s -> [HTML] in
            [Components.link("/submissions/\(s.id ?? 0)", s.person.name), "\(s.assignment.title) #\(s.attempt)",
             SubmissionPages.verdictBadge(s, lang), "\(KoreanFormats.dateTime(s.submittedAt))"]
        }
        let stats = try await firstReviewTimes(req, principal)
        let statRows = stats.map { s -> [HTML] in ["\(s.name)", "\(s.reviewed)", "\(Self.duration(s.medianSeconds, lang))"] }
        let body: HTML = """
            <h2>\(lang.pick("리뷰를 기다리는 제출", "Waiting for your review"))</h2>
            \(Components.table(headers: [lang.pick("훈련생", "Trainee"), lang.pick("과제", "Assignment"), lang.pick("결과", "Result"), lang.pick("제출 시각", "Submitted")],
                               rows: rows, empty: mentorCohorts.isEmpty ? lang.pick("맡은 기수가 없습니다.", "You mentor no cohort.") : lang.pick("모두 리뷰했습니다.", "All reviewed.")))
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
