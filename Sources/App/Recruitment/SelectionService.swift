import Fluent
import Foundation
import IeumCore
import NIOCore
import Vapor

/// Runs the core selection on a cohort's reviewed applications, applies it, and keeps the seats filled from
/// the waitlist when someone declines, withdraws or does not confirm in time.
enum SelectionService {
    static let residentGroup = "resident"
    static let residentName = Localized("지역 거주자", "regional resident")

    /// Names of the groups for explanations: "지역 거주자", "희망 트랙: 프론트엔드", "성별: 여성".
    static func groupNames(_ r: Recruitment) -> [String: Localized] {
        var names = [residentGroup: residentName]
        let questions = Dictionary(uniqueKeysWithValues: r.questions.map { ($0.key, $0.prompt) })
        for q in r.quotas {
            let value: Localized = switch q.field {
            case "gender": Gender(rawValue: q.value)?.name ?? Localized(q.value, q.value)
            case "education": EducationLevel(rawValue: q.value)?.name ?? Localized(q.value, q.value)
            case "employment": EmploymentStatus(rawValue: q.value)?.name ?? Localized(q.value, q.value)
            case "residence": Region(rawValue: q.value)?.name ?? Localized(q.value, q.value)
            default: Localized(q.value, q.value)
            }
            let field: Localized = switch q.field {
            case "gender": Localized("성별", "gender")
            case "education": Localized("학력", "education")
            case "employment": Localized("취업 상태", "employment")
            case "residence": Localized("거주지", "residence")
            default: Localized(questions[q.field] ?? q.field, questions[q.field] ?? q.field)
            }
            names[q.group] = Localized("\(field.ko): \(value.ko)", "\(field.en): \(value.en)")
        }
        return names
    }

    struct Input: Codable {
        let candidates: [StoredCandidate]
        let policy: SelectionPolicy
    }

    struct StoredCandidate: Codable {
        let id: Int
        let testScore: Double
        let reviewScore: Double
        let groups: [String]
        let submittedAt: Date
        var candidate: Candidate { Candidate(id: id, testScore: testScore, reviewScore: reviewScore, groups: Set(groups), submittedAt: submittedAt) }
    }

    /// Everything that must hold before a selection can run, in words; empty when it can.
    static func blockers(_ admissions: [Admission], recruitment r: Recruitment, reviews: [Int: [AdmissionReview]]) -> [Localized] {
        var out: [Localized] = []
        if admissions.isEmpty { out.append(Localized("심사 단계의 지원서가 없습니다.", "No applications are at the review stage.")) }
        let short = admissions.filter { a in (reviews[a.id!] ?? []).filter { $0.total != nil }.count < r.reviewsPerApplication }
        if !short.isEmpty {
            out.append(Localized("심사가 \(r.reviewsPerApplication)건씩 끝나지 않은 지원서가 \(short.count)건 있습니다.",
                                 "\(short.count) application(s) do not have \(r.reviewsPerApplication) finished reviews yet."))
        }
        if r.hasTest, admissions.contains(where: { $0.testScore == nil }) {
            out.append(Localized("코딩 테스트 점수가 없는 지원서가 있습니다 (응시하지 않았으면 0점으로 기록하세요).",
                                 "Some applications have no coding-test score (record 0 for those who did not take it)."))
        }
        return out
    }

    static func input(_ admissions: [Admission], recruitment r: Recruitment, cohort: Cohort, campusRegion: String,
                      reviews: [Int: [AdmissionReview]], seatsTaken: Int) -> Input {
        let candidates = admissions.map { a -> StoredCandidate in
            let totals = (reviews[a.id!] ?? []).compactMap(\.total)
            let review = Rubric.mean(totals) ?? 0
            var groups = a.residence == campusRegion ? [residentGroup] : []
            groups += r.quotas.filter { a.value(of: $0.field) == $0.value }.map(\.group)
            return StoredCandidate(id: a.id!, testScore: a.testScore ?? 0, reviewScore: review,
                                   groups: groups, submittedAt: a.submittedAt ?? a.stateChangedAt)
        }
        let seats = max(0, cohort.capacity - seatsTaken)
        var minimums: [String: Int] = [:]
        if r.residentShare > 0 { minimums[residentGroup] = SelectionPolicy.minimum(share: Double(r.residentShare) / 100, of: seats) }
        for q in r.quotas { minimums[q.group] = SelectionPolicy.minimum(share: Double(q.percent) / 100, of: seats) }
        let policy = SelectionPolicy(testWeight: Double(r.testWeight) / 100, reviewWeight: Double(100 - r.testWeight) / 100,
                                     seats: seats, minimums: minimums)
        return Input(candidates: candidates, policy: policy)
    }

    /// Stores the run and moves every candidate to selected or waitlisted (excluded ones to not selected).
    static func apply(_ input: Input, decisions: [SelectionDecision], overrides: [SelectionOverride], recruitment r: Recruitment,
                      admissions: [Admission], actor: Int, now: Date, on db: any Database) async throws {
        let run = SelectionRun()
        run.recruitmentID = try r.requireID()
        run.policyJSON = JSONCoding.encode(input.policy)
        run.overridesJSON = JSONCoding.encode(overrides)
        run.candidatesJSON = JSONCoding.encode(input.candidates)
        run.runBy = actor
        run.runAt = now
        try await run.create(on: db)
        let byID = Dictionary(uniqueKeysWithValues: admissions.map { ($0.id!, $0) })
        for d in decisions {
            guard let a = byID[d.candidateID] else { continue }
            let explanation = d.explanation(groupNames: groupNames(r))
            a.rank = d.rank
            a.composite = (d.composite * 10).rounded() / 10
            a.reviewScore = input.candidates.first { $0.id == d.candidateID }?.reviewScore
            a.explanationKo = explanation.ko
            a.explanationEn = explanation.en
            let to: AdmissionState
            switch d.outcome {
            case .selectedOnMerit, .selectedOnQuota, .selectedByOverride:
                to = .selected
                a.confirmBy = now.addingTimeInterval(Double(r.confirmDays) * 86_400)
            case .waitlisted: to = .waitlisted
            case .excludedByOverride: to = .notSelected
            }
            try await a.save(on: db)
            try await Admissions.move(a, to: to, actor: actor, note: explanation.ko, now: now, on: db)
        }
    }

    /// After `leaver` gave up a seat: the next person from the waitlist (keeping the quotas) is selected.
    static func fillSeat(leftBy leaver: Admission, recruitment r: Recruitment, now: Date, on db: any Database) async throws {
        guard let run = try await SelectionRun.query(on: db).filter(\.$recruitmentID == r.requireID()).sort(\.$id, .descending).first(),
              let stored = JSONCoding.decode([StoredCandidate].self, run.candidatesJSON),
              let policy = JSONCoding.decode(SelectionPolicy.self, run.policyJSON) else { return }
        let admissions = try await Admission.query(on: db).filter(\.$id ~~ stored.map(\.id)).all()
        let holding: Set<AdmissionState> = [.selected, .confirmed, .enrolled]
        let waiting = admissions.filter { $0.status == .waitlisted }.sorted { ($0.rank ?? .max, $0.id!) < ($1.rank ?? .max, $1.id!) }
        var decisions: [SelectionDecision] = admissions.filter { holding.contains($0.status) || $0.id == leaver.id }.map {
            SelectionDecision(candidateID: $0.id!, rank: $0.rank ?? 0, composite: $0.composite ?? 0, outcome: .selectedOnMerit)
        }
        decisions += waiting.enumerated().map { i, a in
            SelectionDecision(candidateID: a.id!, rank: a.rank ?? 0, composite: a.composite ?? 0, outcome: .waitlisted(position: i + 1))
        }
        guard let next = Selection.promotion(after: try leaver.requireID(), decisions: decisions, candidates: stored.map(\.candidate), policy: policy),
              let promoted = admissions.first(where: { $0.id == next }) else { return }
        // The minimum the seat was kept for, if any: as in `Selection.promotion`, a group of the leaver's that
        // the newcomer shares and that the remaining holders do not fill.
        let groupsOf = Dictionary(uniqueKeysWithValues: stored.map { ($0.id, Set($0.groups)) })
        let holders = admissions.filter { holding.contains($0.status) && $0.id != leaver.id }.compactMap { groupsOf[$0.id!] }
        let quota = policy.minimums.keys.sorted().first { g in
            groupsOf[leaver.id!]?.contains(g) == true && groupsOf[next]?.contains(g) == true
                && holders.filter { $0.contains(g) }.count < policy.minimums[g]!
        }
        let rank = promoted.rank ?? 0
        let explanation = quota.flatMap { groupNames(r)[$0] }.map {
            Localized("대기에서 추가 선발: \($0.ko) 할당 자리 (순위 \(rank))", "Selected from the waitlist for a \($0.en) quota seat (rank \(rank))")
        } ?? Localized("대기에서 추가 선발 (순위 \(rank))", "Selected from the waitlist (rank \(rank))")
        promoted.explanationKo = explanation.ko
        promoted.explanationEn = explanation.en
        promoted.confirmBy = now.addingTimeInterval(Double(r.confirmDays) * 86_400)
        try await promoted.save(on: db)
        try await Admissions.move(promoted, to: .selected, actor: nil, note: explanation.ko, now: now, on: db)
    }

    /// Selected applicants whose time to confirm has passed lose the place to the waitlist.
    @discardableResult
    static func lapseOverdue(now: Date, recruitmentID: Int? = nil, on db: any Database) async throws -> Int {
        var query = Admission.query(on: db).filter(\.$state == AdmissionState.selected.rawValue).filter(\.$confirmBy < now)
        if let recruitmentID { query = query.filter(\.$recruitmentID == recruitmentID) }
        let overdue = try await query.all()
        for a in overdue {
            try await db.writeTransaction { tx in
                guard let r = try await Recruitment.find(a.recruitmentID, on: tx) else { return }
                try await Admissions.move(a, to: .lapsed, actor: nil, note: nil, now: now, on: tx)
                try await fillSeat(leftBy: a, recruitment: r, now: now, on: tx)
            }
        }
        return overdue.count
    }
}

/// Every minute: lapse unconfirmed places and deliver queued messages.
struct RecruitmentScheduler: LifecycleHandler {
    func didBootAsync(_ app: Application) async throws {
        let task = app.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .seconds(10), delay: .seconds(30)) { _ in
            app.eventLoopGroup.next().makeFutureWithTask {
                do {
                    try await SelectionService.lapseOverdue(now: app.ieum.now(), on: app.db)
                    _ = try await OutboxWorker.deliverDue(transport: app.mailTransport, now: app.ieum.now(), on: app.db)
                } catch {
                    app.logger.error("recruitment tasks failed: \(String(reflecting: error))")
                }
            }
        }
        app.storage[RecruitmentTaskKey.self] = task
    }

    func shutdown(_ app: Application) {
        app.storage[RecruitmentTaskKey.self]?.cancel()
    }
}

struct RecruitmentTaskKey: StorageKey { typealias Value = RepeatedTask }

extension Application {
    /// SMTP when `IEUM_SMTP_URL` is set; otherwise the folder `IEUM_OUTBOX_DIR` (default: `outbox` in the data
    /// folder) receives each message as a file.
    /// Links in mail are made whole with the public address (`IEUM_PUBLIC_URL`), or this server's own.
    var mailTransport: any MailTransport {
        let base = ieum.publicURL ?? "http://localhost:\(http.server.configuration.port)"
        if let url = ieum.smtpURL, var smtp = try? SMTPTransport(url: url, from: ieum.mailFrom, group: eventLoopGroup) {
            smtp.linkBase = base
            return smtp
        }
        return FolderTransport(folder: ieum.outboxFolder, from: ieum.mailFrom, linkBase: base)
    }
}
