import Fluent
import Foundation
import IeumCore
import Vapor

/// A submission as its trainee and mentors read it: the result per test, the code with line numbers and the
/// mentors' comments under the lines they are about, the diff against an earlier attempt, and the review form.
enum ReviewPages {
    static func render(_ req: Request, errors: [FieldError], values: [String: String] = [:], status: HTTPResponseStatus = .ok) async throws -> Response {
        let lang = req.lang
        let s = try req.loaded(Submission.self)
        let id = try s.requireID()
        let relation = req.gradingRelation
        let canReview = relation == .mentor || relation == .author
        let comments = try await ReviewComment.query(on: req.db).filter(\.$submission.$id == id).sort(\.$line).sort(\.$id).all()
        let reviews = try await SubmissionReview.query(on: req.db).filter(\.$submission.$id == id).sort(\.$id, .descending).all()
        let names = try await mentorNames(comments.map(\.mentorID) + reviews.map(\.mentorID), on: req.db)
        let previous = try await Submission.query(on: req.db).filter(\.$assignment.$id == s.$assignment.id)
            .filter(\.$person.$id == s.$person.id).filter(\.$attempt < s.attempt).sort(\.$attempt, .descending).first()
        let counted = CountedScore(s, review: reviews.first { $0.score != nil }, names: names)

        let result = Submissions.isPending(s) ? SubmissionResults.pending(req, s) : try await SubmissionResults.section(req, s, counted: counted)
        // A comment sits under the last line of its range; the lines it covers are marked.
        let byLastLine = Dictionary(grouping: comments, by: \.lastLine)
        var covered = Set<Int>()
        for c in comments where c.lastLine > c.line { covered.formUnion(c.line...c.lastLine) }
        let lines = sourceLines(s.source).enumerated().map { index, text -> HTML in
            let n = index + 1
            let notes = (byLastLine[n] ?? []).map { c -> HTML in
                let range: HTML = c.lastLine > c.line ? "<a class=\"muted\" href=\"#L\(c.line)\">\(lang.pick("\(c.line)–\(c.lastLine)행", "lines \(c.line)–\(c.lastLine)"))</a> " : .empty
                return "<div class=\"line-comment\">\(range)<strong>\(names[c.mentorID] ?? "")</strong> \(c.body)</div>"
            }
            return "<tr id=\"L\(n)\"\(covered.contains(n) ? " class=\"commented\"" as HTML : .empty)><td class=\"ln\">\(n)</td><td class=\"src\"><code>\(String(text))</code>\(notes)</td></tr>"
        }
        let feedback = reviews.map { r -> HTML in
            """
            <div class="review"><p><strong>\(names[r.mentorID] ?? "")</strong> · \(KoreanFormats.dateTime(r.createdAt))\(r.score.map { " · " + lang.pick("점수 ", "score ") + AssignmentPages.points($0) } ?? "")</p><p>\(r.feedback)</p></div>
            """
        }
        let commentFields = ["line", "line_end", "body"], reviewFields = ["score", "feedback"]
        let reviewForms: HTML = canReview ? """
            <h2>\(lang.pick("리뷰", "Review"))</h2>
            <h3>\(lang.pick("줄에 의견 달기", "Comment on lines"))</h3>
            \(Components.form(req, action: AssignmentRoutes.comments(id), fields: [
                FieldSpec(name: "line", label: Localized("줄 번호 (시작)", "Line (first)"), kind: .number),
                FieldSpec(name: "line_end", label: Localized("끝 줄 (여러 줄일 때)", "Last line (for a range)"), kind: .number, required: false),
                FieldSpec(name: "body", label: Localized("의견", "Comment"), kind: .textarea),
            ], values: values.filter { commentFields.contains($0.key) }, errors: errors.filter { commentFields.contains($0.field) }, submit: Localized("의견 달기", "Comment")))
            <h3>\(lang.pick("점수와 총평", "Score and feedback"))</h3>
            <p class="muted">\(lang.pick("리뷰를 저장하면 이 제출이 '리뷰함'이 되고 훈련생에게 알림이 갑니다.", "Saving the review marks this attempt reviewed and tells the trainee."))</p>
            \(Components.form(req, action: AssignmentRoutes.review(id), fields: [
                FieldSpec(name: "score", label: Localized("점수 (자동 채점 점수를 대신함, 0~\(AssignmentPages.points(s.assignment.points)))", "Score (replaces the automatic one, 0–\(AssignmentPages.points(s.assignment.points)))"), kind: .number, required: false),
                FieldSpec(name: "feedback", label: Localized("총평", "Feedback"), kind: .textarea),
            ], values: values.filter { reviewFields.contains($0.key) }, errors: errors.filter { reviewFields.contains($0.field) }, submit: Localized("리뷰 저장", "Save review")))
            """ : .empty
        let diffLink: HTML = previous.map { "<a class=\"button\" href=\"\(AssignmentRoutes.diff(id))?against=\($0.id ?? 0)\">\(lang.pick("이전 제출 #\($0.attempt)과 비교", "Compare with attempt #\($0.attempt)"))</a>" } ?? .empty
        let reviewed: HTML = reviews.isEmpty ? .empty : " · \(Components.badge(lang.pick("리뷰함", "Reviewed"), "ok"))"
        let body: HTML = """
            <p><a href="\(AssignmentRoutes.assignment(s.$assignment.id))">← \(s.assignment.title)</a>\(canReview ? " · <a href=\"\(AssignmentRoutes.reviews.url)\">\(lang.pick("리뷰 목록", "Review queue"))</a>" as HTML : .empty)</p>
            <p class="muted">\(s.person.name) · #\(s.attempt) · \(Language.named(s.language)?.name ?? s.language) · \(KoreanFormats.dateTime(s.submittedAt)) KST\(reviewed)</p>
            \(result)
            <h2>\(lang.pick("코드", "Code"))</h2>
            <div class="actions">\(diffLink)</div>
            <div class="table-wrap"><table class="code compact"><tbody>\(lines)</tbody></table></div>
            \(feedback.isEmpty ? HTML.empty : "<h2>\(lang.pick("멘토 피드백", "Mentor feedback"))</h2>\(feedback)")
            \(reviewForms)
            """
        return Layout.page(req, title: "\(s.assignment.title) #\(s.attempt)", body: body, status: status)
    }

    /// The code's lines as an editor numbers them (a final line break does not start another line).
    static func sourceLines(_ source: String) -> [String] { TextLines.split(source) }

    static func mentorNames(_ ids: [Int], on db: any Database) async throws -> [Int: String] {
        guard !ids.isEmpty else { return [:] }
        let people = try await Person.query(on: db).filter(\.$id ~~ Array(Set(ids))).all()
        return Dictionary(uniqueKeysWithValues: people.compactMap { p in p.id.map { ($0, p.name) } })
    }

    // MARK: Diff

    @Sendable static func diff(_ req: Request) async throws -> Response {
        let lang = req.lang
        let s = try req.loaded(Submission.self)
        guard let againstID = try? req.query.get(Int.self, at: "against"),
              let other = try await Submission.query(on: req.db).filter(\.$id == againstID)
                .filter(\.$assignment.$id == s.$assignment.id).filter(\.$person.$id == s.$person.id).first() else {
            throw AppError.notFound()
        }
        let (older, newer) = (other.source, s.source)
        // Bounded (LineDiff caps lines and changes), and still off the event loop: a page never blocks others.
        let outcome = try await req.application.threadPool.runIfActive(eventLoop: req.eventLoop) {
            LineDiff.lines(from: older, to: newer)
        }.get()
        guard case let .lines(aligned) = outcome else {
            let body: HTML = """
                <p><a href="\(AssignmentRoutes.submission(try s.requireID()))">← #\(s.attempt)</a></p>
                <p class="lead">\(lang.pick("두 제출의 차이가 너무 커서 줄 단위로 맞춰 보여 줄 수 없습니다 (한쪽이 \(LineDiff.maxLines)줄을 넘거나 바뀐 줄이 \(LineDiff.maxEdits)줄을 넘습니다).", "These attempts differ too much to align line by line (one has more than \(LineDiff.maxLines) lines, or more than \(LineDiff.maxEdits) lines changed)."))</p>
                <p class="actions"><a class="button" href="\(AssignmentRoutes.submission(other.id ?? 0))">#\(other.attempt)</a> <a class="button" href="\(AssignmentRoutes.submission(try s.requireID()))">#\(s.attempt)</a></p>
                """
            return Layout.page(req, title: "\(s.assignment.title) #\(other.attempt) → #\(s.attempt)", body: body)
        }
        let rows = aligned.map { line -> HTML in
            switch line {
            case let .same(old, new, text): "<tr><td class=\"ln\">\(old)</td><td class=\"ln\">\(new)</td><td class=\"src\"><code>\(text)</code></td></tr>"
            case let .removed(old, text): "<tr class=\"removed\"><td class=\"ln\">\(old)</td><td class=\"ln\"></td><td class=\"src\"><code>- \(text)</code></td></tr>"
            case let .added(new, text): "<tr class=\"added\"><td class=\"ln\"></td><td class=\"ln\">\(new)</td><td class=\"src\"><code>+ \(text)</code></td></tr>"
            }
        }
        let body: HTML = """
            <p><a href="\(AssignmentRoutes.submission(try s.requireID()))">← #\(s.attempt)</a></p>
            <p class="muted">\(lang.pick("#\(other.attempt) → #\(s.attempt): 빨간 줄은 지워진 줄, 초록 줄은 새 줄입니다.", "#\(other.attempt) → #\(s.attempt): red lines were removed, green lines added."))</p>
            <div class="table-wrap"><table class="code diff compact"><tbody>\(rows)</tbody></table></div>
            """
        return Layout.page(req, title: "\(s.assignment.title) #\(other.attempt) → #\(s.attempt)", body: body)
    }

    // MARK: Comments and reviews

    struct CommentOutput: Content {
        let id: Int; let line: Int; let lineEnd: Int; let body: String
        enum CodingKeys: String, CodingKey { case id, line, body; case lineEnd = "line_end" }
        init(_ c: ReviewComment) { id = c.id ?? 0; line = c.line; lineEnd = c.lastLine; body = c.body }
    }
    struct ReviewOutput: Content { let id: Int; let score: Double?; let feedback: String }

    /// The mentors' comments and reviews of one attempt, as the trainee and mentors read them.
    struct ThreadOutput: Content {
        struct Comment: Content {
            let id: Int; let line: Int; let lineEnd: Int; let body: String; let mentor: String; let createdAt: Date
            enum CodingKeys: String, CodingKey { case id, line, body, mentor; case lineEnd = "line_end", createdAt = "created_at" }
        }
        struct Review: Content {
            let id: Int; let score: Double?; let feedback: String; let mentor: String; let createdAt: Date
            enum CodingKeys: String, CodingKey { case id, score, feedback, mentor; case createdAt = "created_at" }
        }
        let comments: [Comment]
        let reviews: [Review]
    }

    @Sendable static func threadJSON(_ req: Request) async throws -> ThreadOutput {
        let id = try req.loaded(Submission.self).requireID()
        let comments = try await ReviewComment.query(on: req.db).filter(\.$submission.$id == id).sort(\.$line).sort(\.$id).all()
        let reviews = try await SubmissionReview.query(on: req.db).filter(\.$submission.$id == id).sort(\.$id).all()
        let names = try await mentorNames(comments.map(\.mentorID) + reviews.map(\.mentorID), on: req.db)
        return ThreadOutput(
            comments: comments.map { .init(id: $0.id ?? 0, line: $0.line, lineEnd: $0.lastLine, body: $0.body, mentor: names[$0.mentorID] ?? "", createdAt: $0.createdAt) },
            reviews: reviews.map { .init(id: $0.id ?? 0, score: $0.score, feedback: $0.feedback, mentor: names[$0.mentorID] ?? "", createdAt: $0.createdAt) })
    }

    /// What a comment and a review are made of; the API refuses anything else.
    static let commentBody = Body([.field("line", .id), .field("line_end", .id, required: false), .text("body", max: 2_000)])
    static let reviewBody = Body([.field("score", .integer(minimum: 0, maximum: nil), required: false), .text("feedback", max: 5_000)])

    static func comment(_ req: Request, values: [String: String]) async throws -> ReviewComment {
        let s = try req.loaded(Submission.self)
        var reader = FieldReader(values)
        let lineCount = max(1, sourceLines(s.source).count)
        let line = reader.int("line", range: 1...lineCount)
        var lineEnd = reader.int("line_end", required: false, range: 1...lineCount)
        if let first = line, let last = lineEnd, last < first {
            reader.fail("line_end", "끝 줄은 시작 줄(\(first))보다 앞일 수 없습니다.", "The last line cannot come before the first (\(first)).")
        }
        if lineEnd == line { lineEnd = nil }
        let body = reader.text("body", max: 2_000)
        try reader.finish()
        let c = ReviewComment()
        c.$submission.id = try s.requireID()
        c.mentorID = try req.principal.personID
        c.line = line!
        c.lineEnd = lineEnd
        c.body = body!
        c.createdAt = req.now
        try await req.db.writeTransaction { tx in
            if let same = try await ReviewComment.query(on: tx).filter(\.$submission.$id == c.$submission.id).filter(\.$mentorID == c.mentorID)
                .filter(\.$line == c.line).filter(\.$createdAt >= req.now.addingTimeInterval(-Self.doubleSendWindow)).all()
                .first(where: { $0.body == c.body && $0.lineEnd == c.lineEnd }) {
                c.id = same.id  // the same comment sent twice (a double click, a resent form): kept once
                return
            }
            try await c.create(on: tx)
            try await markReviewed(s, now: req.now, on: tx)
        }
        return c
    }

    /// How long the same comment or review sent again counts as the first one sent twice.
    static let doubleSendWindow: TimeInterval = 120

    /// The first review of any kind starts nothing over: it fixes the submission's time to first review.
    static func markReviewed(_ s: Submission, now: Date, on db: any Database) async throws {
        guard s.firstReviewedAt == nil else { return }
        s.firstReviewedAt = now
        try await s.save(on: db)
    }

    static func review(_ req: Request, values: [String: String]) async throws -> SubmissionReview {
        let s = try req.loaded(Submission.self)
        var reader = FieldReader(values)
        let maximum = Int(s.assignment.points)
        let score = reader.int("score", required: false, range: 0...maximum)
        let feedback = reader.text("feedback", max: 5_000)
        try reader.finish()
        let r = SubmissionReview()
        r.$submission.id = try s.requireID()
        r.mentorID = try req.principal.personID
        r.score = score.map(Double.init)
        r.feedback = feedback!
        r.createdAt = req.now
        let mentor = try req.principal.name
        try await req.db.writeTransaction { tx in
            if let same = try await SubmissionReview.query(on: tx).filter(\.$submission.$id == r.$submission.id).filter(\.$mentorID == r.mentorID)
                .filter(\.$createdAt >= req.now.addingTimeInterval(-Self.doubleSendWindow)).all()
                .first(where: { $0.feedback == r.feedback && $0.score == r.score }) {
                r.id = same.id  // sent twice: one review, one notice
                return
            }
            try await r.create(on: tx)
            try await markReviewed(s, now: req.now, on: tx)
            // The trainee hears of it in the same transaction: a review is never saved untold.
            let scored = score.map { " 점수 \($0)점." } ?? "", scoredEn = score.map { " Score: \($0)." } ?? ""
            try await Outbox.send(to: s.person, subject: Localized("[이음] 코드 리뷰: \(s.assignment.title) #\(s.attempt)", "[Ieum] Code review: \(s.assignment.title) #\(s.attempt)"),
                                  body: Localized("\(mentor) 멘토가 제출 #\(s.attempt)을 리뷰했습니다.\(scored)", "Mentor \(mentor) reviewed attempt #\(s.attempt).\(scoredEn)"),
                                  link: AssignmentRoutes.submission(try s.requireID()), now: req.now, on: tx)
        }
        return r
    }

    static let commenting = Action { req, values in try await comment(req, values: values) }
    static let reviewing = Action { req, values in try await review(req, values: values) }
}
