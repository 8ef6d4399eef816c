import Fluent
import Foundation
import IeumCore
import Vapor

/// A program-wide matching round for a hiring fair: every open posting of a verified company (its openings as
/// seats) and every graduate who shares a profile, matched by deferred acceptance in the core
/// (`DeferredAcceptance`, stable with respect to each graduate's 20 best postings).
final class MatchingRound: Model, @unchecked Sendable {
    static let schema = "matching_rounds"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "created_by") var createdBy: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "graduates") var graduates: Int
    @Field(key: "positions") var positions: Int
    @Field(key: "seats") var seats: Int
    @Field(key: "matched") var matched: Int
    @Field(key: "in_campus_region") var inCampusRegion: Int
    @Field(key: "blocking_pairs") var blockingPairs: Int

    init() {}
}

final class MatchingAssignment: Model, @unchecked Sendable {
    static let schema = "matching_assignments"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "round_id") var roundID: Int
    @Field(key: "job_id") var jobID: Int
    @Field(key: "employer_id") var employerID: Int
    @Field(key: "person_id") var personID: Int
    @Field(key: "score") var score: Int

    init() {}
}

struct CreateMatchingRounds: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(MatchingRound.schema)
            .field("id", .int, .identifier(auto: true))
            .field("created_by", .int, .required)
            .field("created_at", .datetime, .required)
            .field("graduates", .int, .required)
            .field("positions", .int, .required)
            .field("seats", .int, .required)
            .field("matched", .int, .required)
            .field("in_campus_region", .int, .required)
            .field("blocking_pairs", .int, .required)
            .create()
        try await db.schema(MatchingAssignment.schema)
            .field("id", .int, .identifier(auto: true))
            .field("round_id", .int, .required, .references("matching_rounds", "id", onDelete: .cascade))
            .field("job_id", .int, .required, .references("job_postings", "id", onDelete: .cascade))
            .field("employer_id", .int, .required)
            .field("person_id", .int, .required, .references("people", "id", onDelete: .cascade))
            .field("score", .int, .required)
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(MatchingAssignment.schema).delete()
        try await db.schema(MatchingRound.schema).delete()
    }
}

struct MatchingRoundOutput: Content {
    struct Job: Content { let jobID: Int; let title: String; let employer: String; let seats: Int; let matched: Int
        enum CodingKeys: String, CodingKey { case title, employer, seats, matched; case jobID = "job_id" } }
    let id: Int
    let createdAt: Date
    let graduates: Int
    let positions: Int
    let seats: Int
    let matched: Int
    let inCampusRegion: Int
    let blockingPairs: Int
    let jobs: [Job]
    enum CodingKeys: String, CodingKey {
        case id, graduates, positions, seats, matched, jobs
        case createdAt = "created_at"
        case inCampusRegion = "in_campus_region"
        case blockingPairs = "blocking_pairs"
    }
}

enum HiringFair {
    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        let pm: [any Middleware] = [RequireRole(.programManager)]
        pages.register(.GET, OutcomeRoutes.matching.template, guards: pm, use: page)
        pages.register(.POST, OutcomeRoutes.matching.template, guards: pm, action: round, next: { _, _ in OutcomeRoutes.matching.url })
        api.register(OutcomeRoutes.runMatching, guards: pm, action: round,
                     location: { _, round in OutcomeRoutes.matchingRoundJSON.template.filled([String(try round.requireID())]) }) { req, round in try await output(round, on: req.db) }
        api.register(OutcomeRoutes.matchingRoundJSON, guards: pm, use: roundJSON)
    }

    static func run(actor: Int, today: Day, now: Date, on db: any Database) async throws -> MatchingRound {
        let graduates = try await GraduateDirectory.consenting(on: db)
        let jobs = try await JobPosting.query(on: db).filter(\.$deadline >= today.description).with(\.$employer).sort(\.$id).all()
            .filter { $0.employer.verified }
        // One vocabulary for the round: the postings' skills first, so none of what an employer asks for is left out.
        var vocabulary = SkillVocabulary()
        let positions = jobs.map { job in
            Position(id: job.id!, region: Region(rawValue: job.region) ?? .seoul, skills: vocabulary.set(job.skillList),
                     jobType: job.type.index, capacity: job.positions)
        }
        let profiles = graduates.map { g in
            GraduateProfile(id: g.person.id!, skills: vocabulary.set(g.profile.skillList), campusRegion: g.campusRegion,
                            desiredRegions: g.profile.regions, desiredJobTypes: Set(g.profile.jobTypeSet.map(\.index)))
        }
        let lists = PreferenceLists.build(graduates: profiles, positions: positions, length: 20)
        let outcome = DeferredAcceptance.match(graduates: profiles, positions: positions, lists: lists)
        let blocking = DeferredAcceptance.blockingPairs(graduates: profiles, positions: positions, lists: lists, outcome: outcome)
        let positionByID = Dictionary(uniqueKeysWithValues: positions.map { ($0.id, $0) })
        let profileByID = Dictionary(uniqueKeysWithValues: profiles.map { ($0.id, $0) })
        let employerOf = Dictionary(uniqueKeysWithValues: jobs.map { ($0.id!, $0.$employer.id) })
        let round = MatchingRound()
        round.createdBy = actor
        round.createdAt = now
        round.graduates = profiles.count
        round.positions = positions.count
        round.seats = positions.reduce(0) { $0 + $1.capacity }
        round.matched = outcome.assignment.count
        round.inCampusRegion = outcome.assignment.filter { positionByID[$0.value]?.region == profileByID[$0.key]?.campusRegion }.count
        round.blockingPairs = blocking.count
        try await db.writeTransaction { db in
            try await round.create(on: db)
            let rows = outcome.assignment.sorted { $0.key < $1.key }.map { person, job -> MatchingAssignment in
                let a = MatchingAssignment()
                a.roundID = round.id!
                a.jobID = job
                a.employerID = employerOf[job] ?? 0
                a.personID = person
                a.score = MatchScore(profileByID[person]!, positionByID[job]!).total
                return a
            }
            for chunk in stride(from: 0, to: rows.count, by: 500) { try await Array(rows[chunk..<min(chunk + 500, rows.count)]).create(on: db) }
        }
        return round
    }

    static func output(_ round: MatchingRound, on db: any Database) async throws -> MatchingRoundOutput {
        let assignments = try await MatchingAssignment.query(on: db).filter(\.$roundID == round.id!).all()
        var counts: [Int: Int] = [:]
        for a in assignments { counts[a.jobID, default: 0] += 1 }
        let jobs = try await JobPosting.query(on: db).filter(\.$id ~~ Array(counts.keys)).with(\.$employer).sort(\.$id).all()
        return MatchingRoundOutput(id: round.id!, createdAt: round.createdAt, graduates: round.graduates, positions: round.positions,
                                   seats: round.seats, matched: round.matched, inCampusRegion: round.inCampusRegion,
                                   blockingPairs: round.blockingPairs,
                                   jobs: jobs.map { .init(jobID: $0.id!, title: $0.title, employer: $0.employer.name, seats: $0.positions, matched: counts[$0.id!] ?? 0) })
    }

    static func latestRound(on db: any Database) async throws -> MatchingRound? {
        try await MatchingRound.query(on: db).sort(\.$id, .descending).first()
    }

    /// The latest round's matches for a posting, as its employer sees them: only graduates still sharing their
    /// profile, each look logged.
    static func matches(for job: JobPosting, _ req: Request) async throws -> [RecommendedGraduate] {
        guard let round = try await latestRound(on: req.db) else { return [] }
        let assigned = try await MatchingAssignment.query(on: req.db).filter(\.$roundID == round.id!).filter(\.$jobID == job.id!).all()
        let byPerson = Dictionary(assigned.map { ($0.personID, $0.score) }, uniquingKeysWith: { a, _ in a })
        let principal = try req.principal
        var out: [RecommendedGraduate] = []
        for g in try await GraduateDirectory.consenting(only: Array(byPerson.keys), on: req.db) {
            try await AccessLog.record(req, actor: principal.personID, subject: g.person.id, action: "fair match", detail: "job \(job.id!)")
            let score = g.score(for: job)
            out.append(RecommendedGraduate(personID: g.person.id!, name: g.person.name, course: g.course.title, campus: g.campus.name,
                                           campusRegion: g.campus.region, skills: g.profile.skillList, score: score.total,
                                           reasons: score.reasons.map { $0.in(req.lang) }))
        }
        return out.sorted { $0.score > $1.score }
    }

    /// The posting a graduate was matched to in the latest round.
    static func match(forPerson personID: Int, on db: any Database) async throws -> JobPosting? {
        guard let round = try await latestRound(on: db),
              let a = try await MatchingAssignment.query(on: db).filter(\.$roundID == round.id!).filter(\.$personID == personID).first()
        else { return nil }
        return try await JobPosting.query(on: db).filter(\.$id == a.jobID).with(\.$employer).first()
    }

    static let round = Action { req in try await run(actor: try req.principal.personID, today: Day(req.now), now: req.now, on: req.db) }

    @Sendable static func roundJSON(_ req: Request) async throws -> MatchingRoundOutput {
        guard let id = req.parameters.get("roundID", as: Int.self), let round = try await MatchingRound.find(id, on: req.db) else {
            throw AppError.notFound()
        }
        return try await output(round, on: req.db)
    }

    @Sendable static func page(_ req: Request) async throws -> Response {
        let lang = req.lang
        let rounds = try await MatchingRound.query(on: req.db).sort(\.$id, .descending).range(..<10).all()
        var latest: HTML = .empty
        if let last = rounds.first {
            let out = try await output(last, on: req.db)
            let rows = out.jobs.map { j -> [HTML] in ["\(j.title)", "\(j.employer)", "\(j.matched) / \(j.seats)"] }
            latest = """
                <h2>\(lang.pick("최근 결과", "Latest round")) · \(KoreanFormats.dateTime(last.createdAt))</h2>
                \(Components.definitionList([
                    (lang.pick("참여 수료생", "Graduates"), "\(Components.number(last.graduates))"),
                    (lang.pick("공고 / 자리", "Postings / seats"), "\(Components.number(last.positions)) / \(Components.number(last.seats))"),
                    (lang.pick("배정", "Matched"), "\(Components.number(last.matched))"),
                    (lang.pick("훈련 지역에 배정", "Matched in their training region"), "\(Components.number(last.inCampusRegion))"),
                    (lang.pick("안정성 위반 쌍", "Blocking pairs"), "\(last.blockingPairs)"),
                ]))
                \(Components.table(headers: [lang.pick("공고", "Posting"), lang.pick("기업", "Company"), lang.pick("배정 / 자리", "Matched / seats")],
                                   rows: rows, empty: lang.pick("배정된 공고가 없습니다.", "No posting was matched.")))
                """
        }
        let body: HTML = """
            <p>\(lang.pick("모집 중인 인증 기업 공고(채용 인원만큼 자리)와 프로필 공개에 동의한 수료생을 지연 수락(deferred acceptance)으로 배정합니다. 결과는 안정적입니다: 서로를 지금보다 더 원하는 수료생과 공고의 쌍이 없습니다. 기업은 공고 화면에서, 수료생은 채용 화면에서 배정을 봅니다.",
                           "Matches the open postings of verified companies (their openings as seats) with graduates who share their profile, by deferred acceptance. The result is stable: no graduate and posting would both rather have each other. Employers see their matches on the posting, graduates on their jobs page."))</p>
            <form method="post" action="\(OutcomeRoutes.matching.url)" class="form">\(Layout.csrfField(req))
            <button type="submit" class="button primary">\(lang.pick("매칭 실행", "Run a round"))</button></form>
            \(latest)
            """
        return Layout.page(req, title: lang.pick("채용 박람회 매칭", "Hiring-fair matching"), body: body)
    }
}
