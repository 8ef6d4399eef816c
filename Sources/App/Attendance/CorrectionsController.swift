import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

struct CorrectionOutput: Content {
    let id: Int
    let personID: Int
    let cohortID: Int
    let day: String
    let kind: String
    let scanKind: String?
    let time: String?
    let scanID: Int?
    let excuse: String?
    let reason: String
    let evidence: String?
    let state: String
    let filedBy: Int
    let filedAt: Date
    let decidedBy: Int?
    let decidedAt: Date?
    let comment: String?

    enum CodingKeys: String, CodingKey {
        case id, day, kind, time, excuse, reason, evidence, state, comment
        case personID = "person_id"
        case cohortID = "cohort_id"
        case scanKind = "scan_kind"
        case scanID = "scan_id"
        case filedBy = "filed_by"
        case filedAt = "filed_at"
        case decidedBy = "decided_by"
        case decidedAt = "decided_at"
    }

    init(_ c: CorrectionRecord) {
        id = c.id ?? 0
        personID = c.personID
        cohortID = c.cohortID
        day = c.day
        kind = c.kind
        scanKind = c.scanKind
        time = c.minute.map(TrainingCalendar.clock)
        scanID = c.scanID
        excuse = c.excuse
        reason = c.reason
        evidence = c.evidenceName.map { _ in "/attendance/corrections/\(c.id ?? 0)/evidence" }
        state = c.state
        filedBy = c.filedBy
        filedAt = c.filedAt
        decidedBy = c.decidedBy
        decidedAt = c.decidedAt
        comment = c.decisionComment
    }
}

/// Corrections of missing or wrong scans and excused absences: filed with a reason and evidence on the day or
/// the next (PROGRAM.md), decided by campus staff with a comment; nothing is deleted, so the history stays.
enum CorrectionsController {
    static let deciders: [Role] = [.operatorAdmin, .campusStaff]
    static let filers: [Role] = [.trainee, .operatorAdmin, .campusStaff]

    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        let body = HTTPBodyStreamStrategy.collect(maxSize: "6mb")
        let page = pages.grouped("attendance", "corrections"), json = api.grouped("attendance", "corrections")
        page.grouped(RequireRole(filers + [.programManager])).get(use: listPage)
        json.grouped(RequireRole(filers + [.programManager])).get(use: listJSON)
        page.grouped(RequireRole(filers)).on(.POST, body: body, use: fileFromForm)
        json.grouped(RequireRole(filers)).on(.POST, body: body, use: fileFromAPI)
        page.grouped(RequireRole(filers + [.programManager])).get(":correctionID", "evidence", use: evidence)
        json.grouped(RequireRole(filers + [.programManager])).get(":correctionID", "evidence", use: evidence)
        page.grouped(RequireRole(deciders)).post(":correctionID", "decision", use: decideFromForm)
        json.grouped(RequireRole(deciders)).post(":correctionID", "decision", use: decideFromAPI)
        pages.grouped("attendance", "corrections", "new").grouped(RequireRole(filers)).get(use: newPage)
    }

    // MARK: Filing

    struct Submission: Content {
        var personID: String?
        var day: String?
        var kind: String?
        var scanKind: String?
        var time: String?
        var scanID: String?
        var excuse: String?
        var reason: String?
        var evidence: File?

        enum CodingKeys: String, CodingKey {
            case day, kind, time, excuse, reason, evidence
            case personID = "person_id"
            case scanKind = "scan_kind"
            case scanID = "scan_id"
        }

        var values: [String: String] {
            ["person_id": personID ?? "", "day": day ?? "", "kind": kind ?? "", "scan_kind": scanKind ?? "", "time": time ?? "",
             "scan_id": scanID ?? "", "excuse": excuse ?? "", "reason": reason ?? ""]
        }
    }

    static func submission(_ req: Request) throws -> Submission {
        guard let type = req.content.contentType, type == .formData || type == .json || type == .urlEncodedForm else {
            throw AppError(status: .unsupportedMediaType, code: "unsupported_media_type", message: Localized(
                "multipart/form-data(증빙 파일 포함) 또는 JSON으로 보내세요.", "Send multipart/form-data (with the evidence file) or JSON."))
        }
        do { return try req.content.decode(Submission.self) } catch {
            throw AppError.badRequest(Localized("보낸 내용을 읽을 수 없습니다.", "The request could not be read."))
        }
    }

    /// Whose correction this is: a trainee files their own; staff name a trainee of a cohort they run.
    static func enrollment(for submission: Submission, _ req: Request, reader: inout FieldReader) async throws -> Enrollment? {
        let principal = try req.principal
        if principal.has(.trainee) && !principal.hasAny(deciders) {
            return try await MyAttendance.currentEnrollment(personID: principal.personID, on: req.db)
        }
        guard let id = Int(submission.personID ?? "") else {
            reader.fail("person_id", "훈련생을 고르세요.", "Choose the trainee.")
            return nil
        }
        let candidates = try await Enrollment.query(on: req.db).filter(\.$person.$id == id)
            .filter(\.$state == EnrollmentState.enrolled.rawValue).all()
        guard let found = candidates.first(where: { principal.canWrite(.campus(operatorID: $0.operatorID, campusID: $0.campusID)) }) else {
            reader.fail("person_id", "담당하는 기수의 훈련생이 아닙니다.", "This is not a trainee of a cohort you run.")
            return nil
        }
        return found
    }

    static func file(_ submission: Submission, _ req: Request) async throws -> CorrectionRecord {
        let principal = try req.principal
        var reader = FieldReader(submission.values)
        let enrollment = try await enrollment(for: submission, req, reader: &reader)
        guard let enrollment else { try reader.finish(); throw AppError.notFound() }
        let rules = try await AttendanceSettings.rules(forOperator: enrollment.operatorID, on: req.db)
        let today = Day(req.now)
        let day = Day(reader.raw("day"))
        if let day {
            if !rules.acceptsCorrection(for: day, on: today) {
                reader.fail("day", "정정은 해당 날짜 당일이나 다음 날까지만 신청할 수 있습니다.", "A correction can be filed only on the day itself or the next day.")
            } else if try await TrainingDayRecord.query(on: req.db).filter(\.$cohort.$id == enrollment.$cohort.id).filter(\.$day == day.description).first() == nil {
                reader.fail("day", "이 날은 훈련일이 아닙니다.", "That day is not a training day.")
            }
        } else {
            reader.fail("day", "날짜를 YYYY-MM-DD로 적으세요.", "Write the date as YYYY-MM-DD.")
        }
        let kind = CorrectionKind(rawValue: reader.raw("kind"))
        if kind == nil { reader.fail("kind", "무엇을 정정할지 고르세요.", "Choose what to correct.") }
        var scanKind: ScanKind? = nil, minute: Int? = nil, scanID: Int? = nil, excuse: ExcuseKind? = nil
        if kind == .missingScan || kind == .wrongScan {
            let timeText = reader.raw("time")
            if !timeText.isEmpty || kind == .missingScan {
                scanKind = ScanKind(rawValue: reader.raw("scan_kind"))
                if scanKind == nil { reader.fail("scan_kind", "입실, 퇴실, 외출, 복귀 중에서 고르세요.", "Choose check-in, check-out, going out or coming back.") }
                minute = TrainingCalendar.minute(timeText)
                if minute == nil { reader.fail("time", "실제 시각을 09:05처럼 적으세요.", "Write the actual time, e.g. 09:05.") }
            }
        }
        if kind == .wrongScan {
            scanID = Int(reader.raw("scan_id"))
            let scan = scanID == nil ? nil : try await ScanRecord.find(scanID, on: req.db)
            if scan == nil || scan?.enrollmentID != enrollment.id || scan?.day != day?.description || scan?.voidedBy != nil {
                reader.fail("scan_id", "그 날의 기록 중 잘못된 것을 고르세요.", "Choose the wrong scan among that day's scans.")
            }
        }
        if kind == .excuse {
            excuse = ExcuseKind(rawValue: reader.raw("excuse"))
            if excuse == nil { reader.fail("excuse", "공가 사유를 고르세요.", "Choose the kind of excused absence.") }
        }
        let reason = reader.raw("reason").trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.count < 5 { reader.fail("reason", "사유를 5자 이상 적으세요.", "Give the reason in at least 5 characters.") }
        if reason.count > 1000 { reader.fail("reason", "사유는 1,000자까지 적을 수 있습니다.", "The reason may be at most 1,000 characters.") }
        var evidence: (name: String, type: String, data: Data)? = nil
        if let file = submission.evidence, file.data.readableBytes > 0 {
            let data = Data(buffer: file.data)
            if data.count > EvidenceFile.maxBytes {
                reader.fail("evidence", "증빙 파일은 5MB까지 올릴 수 있습니다.", "The evidence file may be at most 5 MB.")
            } else if let type = EvidenceFile.sniff(data) {
                evidence = (String(file.filename.prefix(200)), type, data)
            } else {
                reader.fail("evidence", "증빙은 PDF, PNG, JPEG 파일만 올릴 수 있습니다.", "Evidence must be a PDF, PNG or JPEG file.")
            }
        } else if !principal.hasAny(deciders) {
            reader.fail("evidence", "증빙 파일을 올리세요 (PDF, PNG, JPEG, 5MB까지).", "Attach the evidence (PDF, PNG or JPEG, up to 5 MB).")
        }
        try reader.finish()
        let record = CorrectionRecord()
        record.enrollmentID = try enrollment.requireID()
        record.personID = enrollment.$person.id
        record.cohortID = enrollment.$cohort.id
        record.campusID = enrollment.campusID
        record.operatorID = enrollment.operatorID
        record.day = day!.description
        record.kind = kind!.rawValue
        record.scanKind = scanKind?.rawValue
        record.minute = minute
        record.scanID = scanID
        record.excuse = excuse?.rawValue
        record.reason = reason
        record.evidenceName = evidence?.name
        record.evidenceType = evidence?.type
        record.evidenceSize = evidence?.data.count
        record.state = CorrectionState.pending.rawValue
        record.filedBy = principal.personID
        record.filedAt = req.now
        let evidenceData = evidence?.data
        try await req.db.writeTransaction { tx in
            try await record.create(on: tx)
            if let evidenceData { try await EvidenceFile(correctionID: try record.requireID(), content: evidenceData).create(on: tx) }
        }
        return record
    }

    @Sendable static func fileFromAPI(_ req: Request) async throws -> Response {
        do {
            return try await CorrectionOutput(try await file(try submission(req), req)).encodeResponse(status: .created, for: req)
        } catch let failure as ValidationFailure {
            throw AppError.invalid(failure)
        }
    }

    @Sendable static func fileFromForm(_ req: Request) async throws -> Response {
        let submission = try submission(req)
        do {
            _ = try await file(submission, req)
            return req.redirect(to: "/attendance/corrections", redirectType: .normal)
        } catch let failure as ValidationFailure {
            return try await renderForm(req, values: submission.values, errors: failure.errors, status: .unprocessableEntity)
        }
    }

    @Sendable static func newPage(_ req: Request) async throws -> Response {
        var values = ["day": Day(req.now).description]
        if let day = try? req.query.get(String.self, at: "day") { values["day"] = day }
        if let person = try? req.query.get(String.self, at: "person_id") { values["person_id"] = person }
        return try await renderForm(req, values: values, errors: [])
    }

    static func renderForm(_ req: Request, values: [String: String], errors: [FieldError], status: HTTPResponseStatus = .ok) async throws -> Response {
        let lang = req.lang
        let principal = try req.principal
        let isStaff = principal.hasAny(deciders)
        var fields: [FieldSpec] = []
        if isStaff {
            fields.append(FieldSpec(name: "person_id", label: Localized("훈련생 번호", "Trainee number"), kind: .number,
                                    hint: Localized("훈련생 상세 화면 주소의 번호", "The number in the trainee's page address")))
        }
        // The scans a trainee may point at: their own, of the days still open for correction.
        var scanOptions: [FieldSpec.Option] = []
        if !isStaff, let enrollment = try await MyAttendance.currentEnrollment(personID: principal.personID, on: req.db) {
            let today = Day(req.now)
            let scans = try await ScanRecord.query(on: req.db).filter(\.$cohortID == enrollment.$cohort.id).filter(\.$enrollmentID == enrollment.requireID())
                .filter(\.$day ~~ [today.description, today.adding(days: -1).description]).filter(\.$voidedBy == nil).sort(\.$at).all()
            scanOptions = scans.map { s in
                .init(value: "\(s.id ?? 0)", label: "\(s.day) \(ScanKind(rawValue: s.kind).map { CheckInController.kindName($0).in(lang) } ?? s.kind) \(KoreanFormats.clockTime(s.at))")
            }
        }
        fields += [
            FieldSpec(name: "day", label: Localized("날짜", "Day"), kind: .date, hint: Localized("당일 또는 다음 날까지만", "The day itself or the next day only")),
            FieldSpec(name: "kind", label: Localized("정정 내용", "What to correct"), kind: .select(CorrectionKind.allCases.map { .init(value: $0.rawValue, label: $0.name.in(lang)) })),
            FieldSpec(name: "scan_kind", label: Localized("기록 구분", "Scan kind"), kind: .select(ScanKind.allCases.map { .init(value: $0.rawValue, label: CheckInController.kindName($0).in(lang)) }), required: false,
                      hint: Localized("누락·정정 기록일 때", "For a missing or wrong scan")),
            FieldSpec(name: "time", label: Localized("실제 시각", "Actual time"), required: false, hint: Localized("예: 18:02", "e.g. 18:02")),
            FieldSpec(name: "scan_id", label: Localized("잘못된 기록", "The wrong scan"), kind: isStaff ? .number : .select(scanOptions), required: false,
                      hint: Localized("잘못된 기록 정정일 때", "For a wrong scan")),
            FieldSpec(name: "excuse", label: Localized("공가 사유", "Excuse"), kind: .select(ExcuseKind.allCases.map { .init(value: $0.rawValue, label: $0.name.in(lang)) }), required: false,
                      hint: Localized("공가 인정일 때", "For an excused absence")),
            FieldSpec(name: "reason", label: Localized("사유", "Reason"), kind: .textarea),
            FieldSpec(name: "evidence", label: Localized("증빙 파일", "Evidence"), kind: .file, required: !isStaff, hint: Localized("PDF, PNG, JPEG · 5MB까지", "PDF, PNG or JPEG, up to 5 MB")),
        ]
        let body: HTML = """
            <p class="muted">\(lang.pick("출결 기록이 빠졌거나 틀렸을 때, 또는 공가일 때 당일이나 다음 날까지 증빙과 함께 신청합니다. 담당자가 승인하면 출석률이 다시 계산됩니다.", "When a scan is missing or wrong, or for an excused absence, file on the day or the next day with evidence. Once campus staff approve, the rates are recomputed."))</p>
            \(Components.form(req, action: "/attendance/corrections", fields: fields, values: values, errors: errors,
                              submit: Localized("신청", "File the correction"), multipart: true))
            """
        return Layout.page(req, title: lang.pick("출결 정정 신청", "Ask for a correction"), body: body, status: status)
    }

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
        if let state = try? req.query.get(String.self, at: "state"), CorrectionState(rawValue: state) != nil { q = q.filter(\.$state == state) }
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
            let evidence: HTML = c.evidenceName == nil ? "—" : "<a href=\"/attendance/corrections/\(c.id ?? 0)/evidence\" download>\(c.evidenceName ?? "")</a>"
            let state = CorrectionState(rawValue: c.state) ?? .pending
            var decision: HTML = Components.badge(state.name.in(lang), state == .approved ? "ok" : state == .rejected ? "bad" : "info")
            if let comment = c.decisionComment, !comment.isEmpty { decision = "\(decision) <small>\(comment)</small>" }
            if state == .pending && canDecide && principal.canWrite(.campus(operatorID: c.operatorID, campusID: c.campusID)) {
                decision = """
                    <form method="post" action="/attendance/corrections/\(c.id ?? 0)/decision" class="decide">
                    <input type="hidden" name="_csrf" value="\(req.csrfToken)">
                    <label class="sr" for="comment-\(c.id ?? 0)">\(lang.pick("의견", "Comment"))</label>
                    <input id="comment-\(c.id ?? 0)" name="comment" placeholder="\(lang.pick("의견", "Comment"))">
                    <button class="button primary" name="decision" value="approved">\(lang.pick("승인", "Approve"))</button>
                    <button class="button" name="decision" value="rejected">\(lang.pick("반려", "Reject"))</button>
                    </form>
                    """
            }
            return ["\(names[c.personID] ?? "#\(c.personID)")", "\(c.day)", "\(what)", "\(c.reason)", evidence, decision]
        }
        let link: HTML = principal.hasAny(filers) ? "<p><a class=\"button\" href=\"/attendance/corrections/new\">\(lang.pick("정정 신청하기", "Ask for a correction"))</a></p>" : .empty
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
        guard record.state == CorrectionState.pending.rawValue else {
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
                .where("id", .equal, SQLBind(record.id!)).where("state", .equal, SQLBind(CorrectionState.pending.rawValue))
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

    @Sendable static func decideFromAPI(_ req: Request) async throws -> CorrectionOutput {
        do { return CorrectionOutput(try await decide(req, values: try req.submittedValues())) } catch let failure as ValidationFailure {
            throw AppError.invalid(failure)
        }
    }

    @Sendable static func decideFromForm(_ req: Request) async throws -> Response {
        do {
            _ = try await decide(req, values: try req.submittedValues())
        } catch let failure as ValidationFailure {
            throw AppError.invalid(failure)
        }
        return req.redirect(to: "/attendance/corrections", redirectType: .normal)
    }

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
