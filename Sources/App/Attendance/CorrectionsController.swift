import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

enum CorrectionsController {
    static let deciders: [Role] = [.operatorAdmin, .campusStaff]
    static let filers: [Role] = [.trainee, .operatorAdmin, .campusStaff]

    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        let body = HTTPBodyStreamStrategy.collect(maxSize: "6mb")
        let routes = AttendanceRoutes.self
        pages.register(.GET, routes.corrections.template, roles: filers + [.programManager], use: listPage)
        api.register(routes.listCorrections, use: listJSON)
        pages.register(.POST, routes.corrections.template, roles: filers, body: body, action: filing,
                       next: { _, _ in AttendanceRoutes.corrections.url },
                       retry: { req, values, errors in try await renderForm(req, values: values, errors: errors) })
        api.register(routes.fileCorrection, body: body, action: filing) { _, record in CorrectionOutput(record) }
        pages.register(.GET, routes.correctionEvidence.template, roles: filers + [.programManager], use: evidence)
        api.register(routes.correctionEvidenceFile, use: evidence)
        pages.register(.POST, routes.correctionDecision.template, roles: deciders, action: decision,
                       next: { _, _ in AttendanceRoutes.corrections.url },
                       retry: reshowing(listPage), shownRefusals: [.conflict])
        api.register(routes.decideCorrection, action: decision) { _, record in CorrectionOutput(record) }
        pages.register(.GET, routes.newCorrection.template, roles: filers, use: newPage)
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
        // The document declares multipart (the evidence file rides along); a page without a file may send a plain form.
        guard let type = req.content.contentType, type == .formData || (type == .urlEncodedForm && !req.isAPI) else {
            throw AppError(status: .unsupportedMediaType, code: "unsupported_media_type", message: Localized(
                "multipart/form-data(증빙 파일 포함)로 보내세요.", "Send multipart/form-data (with the evidence file, if any)."))
        }
        guard let submission = try req.formContent(Submission.self) else {
            throw AppError.badRequest(Localized("보낸 내용을 읽을 수 없습니다.", "The request could not be read."))
        }
        return submission
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
                // A scan that has not happened yet is no correction: 18:00 cannot be recorded at 14:59.
                if let minute, let day, day == today, minute > KoreanFormats.minuteOfDay(req.now) {
                    reader.fail("time", "아직 오지 않은 시각입니다. 지금(\(KoreanFormats.clockTime(req.now))) 이전의 시각을 적으세요.",
                                "That time has not come yet; give a time before now (\(KoreanFormats.clockTime(req.now))).")
                }
            }
        }
        if kind == .wrongScan {
            scanID = Int(reader.raw("scan_id"))
            let scan = scanID == nil ? nil : try await ScanRecord.find(scanID, on: req.db)
            if scan == nil || scan?.enrollmentID != enrollment.id || scan?.day != day?.description || scan?.counts != true {
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
        record.state = CorrectionState.pending
        record.filedBy = principal.personID
        record.filedAt = req.now
        let evidenceData = evidence?.data
        try await req.db.writeTransaction { tx in
            try await record.create(on: tx)
            if let evidenceData { try await EvidenceFile(correctionID: try record.requireID(), content: evidenceData).create(on: tx) }
        }
        return record
    }

    static let filing = Action(reading: submission, shown: \.values) { req, submission in try await file(submission, req) }

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
                .filter(\.$day ~~ [today.description, today.adding(days: -1).description]).filter(\.$voidedBy == nil).filter(\.$withdrawnAt == nil).sort(\.$at).all()
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
            \(Components.form(req, action: AttendanceRoutes.corrections.url, fields: fields, values: values, errors: errors,
                              submit: Localized("신청", "File the correction"), multipart: true))
            """
        return Layout.page(req, title: lang.pick("출결 정정 신청", "Ask for a correction"), body: body, status: status)
    }
}
