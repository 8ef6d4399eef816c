import Fluent
import IeumCore
import Vapor

enum EnrollmentDetails {
    static func render(_ r: Enrollment, _ req: Request, _ principal: Principal) async throws -> HTML {
        let lang = req.lang
        let id = try r.requireID()
        let state = EnrollmentState(rawValue: r.state)
        let history = try await EnrollmentTransition.query(on: req.db).filter(\.$enrollment.$id == id).sort(\.$at).sort(\.$id).all()
        let actorIDs = Set(history.compactMap(\.actorID))
        let actors = Dictionary(try await Person.query(on: req.db).filter(\.$id ~~ actorIDs).all().map { ($0.id!, $0.name) },
                                uniquingKeysWith: { a, _ in a })
        let items = history.map { t -> HTML in
            let from = t.fromState.flatMap(EnrollmentState.init(rawValue:))?.name.in(lang)
            let to = EnrollmentState(rawValue: t.toState)?.name.in(lang) ?? t.toState
            let step = from.map { "\($0) → \(to)" } ?? lang.pick("등록: \(to)", "Created as \(to)")
            let who = t.actorID.flatMap { actors[$0] } ?? lang.pick("시스템", "system")
            let reason: HTML = t.reason.map { " — \($0)" } ?? .empty
            return "<li><strong>\(step)</strong>\(reason) <span class=\"muted\">\(KST.dateTime(t.at)) · \(who)</span></li>"
        }
        let canWrite = EnrollmentResource.canChange(r, principal)
        // Completion is decided for the whole cohort on its completion page.
        let next = (state?.allowedNext ?? []).filter { $0 != .completed && $0 != .notCompleted }
        let transitionForm: HTML = canWrite && !next.isEmpty ? """
            <h2>\(lang.pick("상태 바꾸기", "Change status"))</h2>
            \(Components.form(req, action: EnrollmentRoutes.transition(id), fields: [
                FieldSpec(name: "to", label: Localized("새 상태", "New status"), kind: .select(next.map { .init(value: $0.rawValue, label: $0.name.in(lang)) })),
                FieldSpec(name: "reason", label: Localized("사유", "Reason"), kind: .textarea, required: false,
                          hint: Localized("중도 탈락에는 사유가 필요합니다.", "Dropping needs a reason.")),
            ], values: [:], errors: [], submit: Localized("바꾸기", "Change")))
            """ : .empty
        let jobs = try await EmploymentRecord.query(on: req.db).filter(\.$enrollment.$id == id).sort(\.$startsOn).all()
        let jobRows = jobs.map { j -> [HTML] in
            [Components.link(EmploymentResource.path(j), j.employerName), "\(j.jobTitle)", "\(Region.label(j.region, lang))", "\(j.startsOn)"]
        }
        let credential = try await IssuedCredential.query(on: req.db).filter(\.$enrollment.$id == id).first()
        let certificate: HTML = credential.map { c in
            "<a href=\"\(CredentialRoutes.certificate(c.publicID))\">\(c.revokedAt == nil ? lang.pick("전자 수료증", "Digital certificate") : lang.pick("수료증 (취소됨)", "Certificate (revoked)"))</a>"
        } ?? (state == .enrolled ? "<a href=\"\(CompletionRoutes.completion(r.$cohort.id))\">\(lang.pick("기수 수료 처리에서 결정", "Decided when the cohort is closed"))</a>" : "—")
        let addJob: HTML = canWrite && state == .completed
            ? "<div class=\"actions\"><a class=\"button\" href=\"\(EmploymentResource.newRecord.url)?enrollment_id=\(id)\">\(lang.pick("취업 기록 추가", "Add employment"))</a></div>" : .empty
        return """
            \(Components.definitionList([
                (lang.pick("수강생", "Trainee"), Components.link(PersonResource.path(r.person), r.person.name)),
                (lang.pick("기수", "Cohort"), Components.link(CohortResource.path(r.cohort), r.cohort.name)),
                (lang.pick("상태", "Status"), Components.badge(state?.name.in(lang) ?? r.state, r.state)),
                (lang.pick("탈락 사유", "Reason for dropping"), "\(r.dropReason ?? "—")"),
                (lang.pick("수료", "Completion"), certificate),
            ]))
            \(transitionForm)
            <h2>\(lang.pick("이력", "History"))</h2>
            <ol class="history">\(items)</ol>
            <h2>\(lang.pick("취업", "Employment"))</h2>
            \(addJob)
            \(Components.table(headers: [lang.pick("회사", "Company"), lang.pick("직무", "Job"), lang.pick("지역", "Region"), lang.pick("입사일", "Start")], rows: jobRows, empty: lang.pick("취업 기록이 없습니다.", "No employment recorded.")))
            """
    }
}

/// Times are stored in UTC and shown in Korea's time (PROGRAM.md: KST).
enum KST {
    static func dateTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = KoreanFormats.kst
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
