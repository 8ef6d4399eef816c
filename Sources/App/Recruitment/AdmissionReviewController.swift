import Fluent
import Foundation
import IeumCore
import Vapor

/// What a reviewer sees of an application. Under blind review the name, age, gender, school and photo are not
/// in it at all (not hidden by the page: never loaded into this value).
struct ReviewedApplication: Content {
    let reviewID: Int
    let applicationNumber: Int
    let course: String
    let blind: Bool
    let name: String?
    let birthDate: String?
    let gender: String?
    let school: String?
    let education: String?
    let employment: String?
    let residence: String?
    let motivation: String
    let answers: [Answer]
    let rubric: Rubric
    let scores: [String: Int]
    let comment: String
    let total: Double?
    let submittedAt: Date?

    struct Answer: Content { let question: String; let answer: String }

    enum CodingKeys: String, CodingKey {
        case blind, name, gender, school, education, employment, residence, motivation, answers, rubric, scores, comment, total, course
        case reviewID = "review_id"
        case applicationNumber = "application_number"
        case birthDate = "birth_date"
        case submittedAt = "submitted_at"
    }

    static func make(_ review: AdmissionReview, admission a: Admission, recruitment r: Recruitment, course: String, name: String, lang: Lang) -> ReviewedApplication {
        let blind = r.blindReview
        let answers = r.questions.map { q in
            Answer(question: q.prompt, answer: q.kind == .file ? (a.answers[q.key] == nil ? "" : lang.pick("(파일 첨부됨)", "(file attached)")) : a.answers[q.key] ?? "")
        }
        return ReviewedApplication(
            reviewID: review.id!, applicationNumber: a.id!, course: course, blind: blind,
            name: blind ? nil : name, birthDate: blind ? nil : a.birthDate, gender: blind ? nil : a.gender, school: blind ? nil : a.school,
            education: a.education.flatMap(EducationLevel.init(rawValue:))?.name.in(lang),
            employment: a.employment.flatMap(EmploymentStatus.init(rawValue:))?.name.in(lang),
            residence: a.residence.flatMap(Region.init(rawValue:))?.name.in(lang),
            motivation: a.motivation, answers: answers, rubric: r.rubric, scores: review.scores, comment: review.comment,
            total: review.total, submittedAt: review.submittedAt)
    }
}

struct ReviewListItem: Content {
    let reviewID: Int
    let applicationNumber: Int
    let course: String
    let done: Bool
    let total: Double?
    enum CodingKeys: String, CodingKey { case course, done, total; case reviewID = "review_id"; case applicationNumber = "application_number" }
}

/// Reviewers see only the applications assigned to them, and score them on the rubric.
enum AdmissionReviewController {
    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        let routes = RecruitmentRoutes.self, reviewer: [any Middleware] = [AdmissionReviewGuard()]
        pages.register(.GET, routes.reviews.template, use: listPage)
        api.register(routes.reviewsJSON, use: listJSON)
        pages.register(.GET, routes.review.template, guards: reviewer, use: page)
        pages.register(.POST, routes.review.template, guards: reviewer, action: scoring, next: { _, _ in RecruitmentRoutes.reviews.url(["saved": "1"]) },
                       retry: { req, _, errors in RecruitmentPages.review(req, try await view(req), values: try req.submittedValues(), errors: errors) })
        api.register(routes.reviewJSON, guards: reviewer, use: json)
        api.register(routes.saveReview, guards: reviewer, action: scoring) { req, _ in try await view(req) }
    }

    static func items(_ req: Request) async throws -> [ReviewListItem] {
        let mine = try await AdmissionReview.query(on: req.db).filter(\.$reviewerID == req.principal.personID).sort(\.$id).all()
        let admissions = try await Admission.query(on: req.db).filter(\.$id ~~ mine.map(\.admissionID)).all()
        let cohorts = try await Cohort.query(on: req.db).filter(\.$id ~~ Set(admissions.map(\.cohortID))).with(\.$course).all()
        let cohortOf = Dictionary(uniqueKeysWithValues: admissions.map { ($0.id!, $0.cohortID) })
        let title = Dictionary(uniqueKeysWithValues: cohorts.map { ($0.id!, "\($0.course.title) (\($0.name))") })
        // Once selection has run the review is over; only open or finished reviews of live applications are listed.
        let live = Set(admissions.filter { $0.status == .review }.compactMap(\.id))
        return mine.filter { live.contains($0.admissionID) || $0.submittedAt != nil }.map {
            ReviewListItem(reviewID: $0.id!, applicationNumber: $0.admissionID, course: cohortOf[$0.admissionID].flatMap { title[$0] } ?? "",
                           done: $0.submittedAt != nil, total: $0.total)
        }
    }

    static func view(_ req: Request) async throws -> ReviewedApplication {
        let review = try req.loaded(AdmissionReview.self)
        guard let a = try await Admission.find(review.admissionID, on: req.db), let r = try await Recruitment.find(a.recruitmentID, on: req.db),
              let cohort = try await Cohort.query(on: req.db).filter(\.$id == a.cohortID).with(\.$course).first() else { throw AppError.notFound() }
        let name = r.blindReview ? "" : (try await Person.find(a.personID, on: req.db)?.name ?? "")
        return ReviewedApplication.make(review, admission: a, recruitment: r, course: "\(cohort.course.title) (\(cohort.name))", name: name, lang: req.lang)
    }

    /// A 1–5 score for each of the rubric's criteria, keyed c1, c2 … (a rubric has one to ten, and every one is
    /// needed), and a comment.
    static let scoreBody = Body((1...10).map { n in
        .integer("c\(n)", Rubric.lowest...Rubric.highest, required: n == 1)
    } + [.text("comment", max: 2000, required: false)])

    static func save(_ req: Request) async throws -> AdmissionReview {
        let review = try req.loaded(AdmissionReview.self)
        guard let a = try await Admission.find(review.admissionID, on: req.db), let r = try await Recruitment.find(a.recruitmentID, on: req.db) else {
            throw AppError.notFound()
        }
        guard a.status == .review else {
            throw AppError.conflict(Localized("심사 단계가 끝난 지원서입니다.", "This application is no longer in review."))
        }
        var reader = try req.reader()
        var scores: [String: Int] = [:]
        for c in r.rubric.criteria {
            if let s = reader.int(c.key, range: Rubric.lowest...Rubric.highest) { scores[c.key] = s }
        }
        let comment = reader.text("comment", required: false, max: 2000) ?? ""
        try reader.finish()
        review.scoresJSON = JSONCoding.encode(scores)
        review.total = r.rubric.total(scores)
        review.comment = comment
        review.submittedAt = req.now
        try await review.save(on: req.db)
        return review
    }

    @Sendable static func listPage(_ req: Request) async throws -> Response { RecruitmentPages.reviewList(req, try await items(req)) }
    @Sendable static func listJSON(_ req: Request) async throws -> [ReviewListItem] { try await items(req) }
    @Sendable static func page(_ req: Request) async throws -> Response {
        let v = try await view(req)
        return RecruitmentPages.review(req, v, values: Dictionary(uniqueKeysWithValues: v.scores.map { ($0.key, String($0.value)) }).merging(["comment": v.comment]) { a, _ in a }, errors: [])
    }
    @Sendable static func json(_ req: Request) async throws -> ReviewedApplication { try await view(req) }

    static let scoring = Action { req in try await save(req) }
}

/// A review is the assigned reviewer's alone: anyone else, staff included, gets 404 (staff see the totals and
/// spread on the applications list). A reviewer's look at a named (not blind) application is logged.
struct AdmissionReviewGuard: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let principal = try request.principal
        guard let id = request.parameters.get("reviewID", as: Int.self), let review = try await AdmissionReview.find(id, on: request.db),
              review.reviewerID == principal.personID else { throw AppError.notFound() }
        request.storage[LoadedRecordKey<AdmissionReview>.self] = review
        let response = try await next.respond(to: request)
        if response.status.code < 400, let a = try await Admission.find(review.admissionID, on: request.db) {
            try await AccessLog.record(request, actor: principal.personID, subject: a.personID, action: "view", detail: "application \(a.id ?? 0) review")
        }
        return response
    }
}
