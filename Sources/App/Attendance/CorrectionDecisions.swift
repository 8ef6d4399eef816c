import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

extension CorrectionsController {
    // MARK: Listing and deciding

    static func visible(_ req: Request) async throws -> QueryBuilder<CorrectionRecord> {
        let principal = try req.principal
        var q = CorrectionRecord.query(on: req.db)
        let scope = principal.readScope
        if principal.hasAny(deciders + [.programManager]) {
            if !scope.everything {
                q = q.group(.or) { $0.filter(\.$operatorID ~~ scope.operators).filter(\.$campusID ~~ scope.campuses) }
            }
        } else {
            q = q.filter(\.$personID == principal.personID)
        }
        if let cohort = try? req.query.get(Int.self, at: "cohort") { q = q.filter(\.$cohortID == cohort) }
        if let state = (try? req.query.get(String.self, at: "state")).flatMap(CorrectionState.init(rawValue:)) { q = q.filter(\.$state == state) }
        return q
    }

    /// Finds a correction the principal may see; any other is a 404.
    static func find(_ req: Request) async throws -> CorrectionRecord {
        guard let id = req.parameters.get("correctionID", as: Int.self),
              let record = try await visible(req).filter(\.$id == id).first() else { throw AppError.notFound() }
        return record
    }

    @Sendable static func listJSON(_ req: Request) async throws -> [CorrectionOutput] {
        let records = try await visible(req).sort(\.$filedAt, .descending).limit(500).all()
        req.listed(records.map(\.personID), purpose: "corrections")
        return records.map(CorrectionOutput.init)
    }

    @Sendable static func listPage(_ req: Request) async throws -> Response {
        let lang = req.lang
        let principal = try req.principal
        let records = try await visible(req).sort(\.$filedAt, .descending).limit(200).all()
        req.listed(records.map(\.personID), purpose: "corrections")
        let names = try await Person.query(on: req.db).filter(\.$id ~~ Set(records.map(\.personID))).all()
            .reduce(into: [Int: String]()) { $0[$1.id ?? 0] = $1.name }
        let canDecide = principal.hasAny(deciders)
        let rows = records.map { c -> [HTML] in
            let what: String = {
                switch CorrectionKind(rawValue: c.kind) {
                case .excuse: return CorrectionKind.excuse.name.in(lang) + " · " + (ExcuseKind(rawValue: c.excuse ?? "")?.name.in(lang) ?? "")
                case let k?:
                    let scan = c.scanKind.flatMap(ScanKind.init).map { CheckInController.kindName($0).in(lang) } ?? ""
                    return k.name.in(lang) + " · " + scan + " " + (c.minute.map(TrainingCalendar.clock) ?? "")
                case nil: return c.kind
                }
            }()
            let evidence: HTML = c.evidenceName == nil ? "—" : "<a href=\"\(AttendanceRoutes.correctionEvidence(c.id ?? 0))\" download>\(c.evidenceName ?? "")</a>"
            let state = c.state
            var decision: HTML = Components.badge(state.name.in(lang), state == .approved ? "ok" : state == .rejected ? "bad" : "info")
            if let comment = c.decisionComment, !comment.isEmpty { decision = "\(decision) <small>\(comment)</small>" }
            if state == .pending && canDecide && principal.canWrite(.campus(operatorID: c.operatorID, campusID: c.campusID)) {
                let action = AttendanceRoutes.correctionDecision(c.id ?? 0)
                decision = """
                    \(Components.sentErrors(req, action: action, labels: ["decision": Localized("결정", "Decision"), "comment": Localized("의견", "Comment")]))<form method="post" action="\(action)" class="decide">
                    <input type="hidden" name="_csrf" value="\(req.csrfToken)">
                    <label class="sr" for="comment-\(c.id ?? 0)">\(lang.pick("의견", "Comment"))</label>
                    <input id="comment-\(c.id ?? 0)" name="comment" placeholder="\(lang.pick("의견", "Comment"))" value="\(Components.sentValue(req, action: action, "comment"))">
                    <button class="button primary" name="decision" value="approved">\(lang.pick("승인", "Approve"))</button>
                    <button class="button" name="decision" value="rejected">\(lang.pick("반려", "Reject"))</button>
                    </form>
                    """
            }
            return ["\(names[c.personID] ?? "#\(c.personID)")", "\(c.day)", "\(what)", "\(c.reason)", evidence, decision]
        }
        let link: HTML = principal.hasAny(filers) ? "<p><a class=\"button\" href=\"\(AttendanceRoutes.newCorrection.url)\">\(lang.pick("정정 신청하기", "Ask for a correction"))</a></p>" : .empty
        let body: HTML = """
            \(link)
            \(Components.table(headers: [lang.pick("훈련생", "Trainee"), lang.pick("날짜", "Day"), lang.pick("내용", "Correction"), lang.pick("사유", "Reason"),
                                         lang.pick("증빙", "Evidence"), lang.pick("결정", "Decision")], rows: rows,
                               empty: lang.pick("정정 요청이 없습니다.", "No corrections.")))
            """
        return Layout.page(req, title: lang.pick("출결 정정", "Attendance corrections"), body: body)
    }

    static func decide(_ req: Request, values: [String: String]) async throws -> CorrectionRecord {
        let principal = try req.principal
        let record = try await find(req)
        guard principal.canWrite(.campus(operatorID: record.operatorID, campusID: record.campusID)) else { throw AppError.notFound() }
        guard record.state == CorrectionState.pending else {
            throw AppError.conflict(Localized("이미 결정된 요청입니다.", "This correction has already been decided."))
        }
        var reader = FieldReader(values)
        let decision = CorrectionState(rawValue: reader.raw("decision"))
        if decision == nil || decision == .pending { reader.fail("decision", "승인 또는 반려를 고르세요.", "Choose approve or reject.") }
        let comment = reader.raw("comment").trimmingCharacters(in: .whitespacesAndNewlines)
        if decision == .rejected && comment.isEmpty { reader.fail("comment", "반려할 때는 이유를 적으세요.", "Say why when you reject.") }
        try reader.finish()
        try await req.db.writeTransaction { tx in
            // Only a pending correction is decided; two staff deciding at once cannot both apply it.
            let sql = tx as! any SQLDatabase
            let changed = try await sql.update(CorrectionRecord.schema)
                .set("state", to: SQLBind(decision!.rawValue)).set("decided_by", to: SQLBind(principal.personID))
                .set("decided_at", to: SQLBind(req.now)).set("decision_comment", to: SQLBind(comment))
                .where("id", .equal, SQLBind(record.id!)).where("state", .equal, SQLBind(CorrectionState.pending))
                .returning("id").all()
            guard !changed.isEmpty else { throw AppError.conflict(Localized("이미 결정된 요청입니다.", "This correction has already been decided.")) }
            guard decision == .approved else { return }
            if let scanID = record.scanID {
                try await sql.update(ScanRecord.schema).set("voided_by", to: SQLBind(record.id!)).where("id", .equal, SQLBind(scanID)).run()
            }
            if let kind = record.scanKind, let minute = record.minute, let day = Day(record.day) {
                let at = KoreanFormats.startOfDay(day).addingTimeInterval(Double(minute * 60))
                try await sql.insert(into: ScanRecord.schema)
                    .columns("enrollment_id", "person_id", "cohort_id", "campus_id", "operator_id", "day", "kind", "at", "source",
                             "recorded_by", "correction_id", "idempotency_key")
                    .values(SQLBind(record.enrollmentID), SQLBind(record.personID), SQLBind(record.cohortID), SQLBind(record.campusID),
                            SQLBind(record.operatorID), SQLBind(record.day), SQLBind(kind), SQLBind(at), SQLBind(ScanSource.correction.rawValue),
                            SQLBind(principal.personID), SQLBind(record.id!), SQLBind("correction-\(record.id!)"))
                    .run()
            }
        }
        try await AccessLog.record(req, actor: principal.personID, subject: record.personID, action: "decide_correction")
        if let cohort = try await Cohort.find(record.cohortID, on: req.db) {
            try await AttendanceRollup.refresh(cohort, today: Day(req.now), on: req.db)
        }
        return try await CorrectionRecord.find(record.id, on: req.db)!
    }

    static let decision = Action { req, values in try await decide(req, values: values) }

    /// The evidence, always as a download with its sniffed type and a sandbox: never shown inline as a page.
    @Sendable static func evidence(_ req: Request) async throws -> Response {
        let record = try await find(req)
        guard let type = record.evidenceType, let file = try await EvidenceFile.query(on: req.db).filter(\.$correctionID == record.requireID()).first()
        else { throw AppError.notFound() }
        let principal = try req.principal
        if record.personID != principal.personID {
            try await AccessLog.record(req, actor: principal.personID, subject: record.personID, action: "view_evidence")
        }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: type)
        let ext = type == "application/pdf" ? "pdf" : type == "image/png" ? "png" : "jpg"
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"evidence-\(record.id ?? 0).\(ext)\"")
        headers.replaceOrAdd(name: "Content-Security-Policy", value: "sandbox; default-src 'none'")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(data: file.content))
    }
}
