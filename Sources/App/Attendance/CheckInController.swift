import Fluent
import Foundation
import IeumCore
import SQLKit
import Vapor

/// The phone side of check-in (issue 3): the page a scanned QR code opens, the confirmation, the API.
enum CheckInController {
    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        pages.register(.GET, AttendanceRoutes.checkIn.template, roles: [.trainee], use: page)
        pages.register(.POST, AttendanceRoutes.checkIn.template, roles: [.trainee], use: submit)
        api.register(AttendanceRoutes.recordCheckIn, use: json)
        pages.register(.POST, AttendanceRoutes.withdrawScan.template, roles: [.trainee], guards: [OwnScanGuard()], action: ScanWithdrawal.action,
                       next: { _, taken in AttendanceRoutes.checkIn.url(["withdrawn": taken.kind]) })
        api.register(AttendanceRoutes.withdrawScanJSON, guards: [OwnScanGuard()], action: ScanWithdrawal.action)
    }

    static let input = Body([
        .text("code", max: 200),
        .choice("kind", ScanKind.self),
        .field("idempotency_key", .text(minLength: 8, maxLength: 100, pattern: "^[0-9A-Za-z_-]{8,100}$"), required: true,
               "one key per scan, reused on a retry"),
    ])

    /// The API's scan, read and answered with one shared decoder and encoder: on the morning-rush path Vapor's
    /// content negotiation (a media-type parse and a configured coder per request) cost more than the JSON itself.
    @Sendable static func json(_ req: Request) async throws -> Response {
        let scan: CheckInInput
        let type = req.headers.first(name: .contentType)?.lowercased() ?? ""
        let essence = type.prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces)
        let isJSON = essence == "application/json", isForm = essence == "application/x-www-form-urlencoded"
        guard isJSON || isForm else {
            throw AppError(status: .unsupportedMediaType, code: "unsupported_media_type", message: Localized(
                "JSON 또는 폼 형식으로 보내세요.", "Send JSON or a form."))
        }
        guard let body = req.body.data else {
            throw AppError.badRequest(Localized("code, kind, idempotency_key를 보내세요.", "Send code, kind and idempotency_key."))
        }
        let bytes = Data(body.readableBytesView)
        do {
            scan = isJSON ? try jsonDecoder.decode(CheckInInput.self, from: bytes)
                : try URLEncodedFormDecoder().decode(CheckInInput.self, from: String(buffer: body))
        } catch {
            // Readable JSON of the wrong shape (a number for a key, say) is told field by field, as everywhere.
            if isJSON, let value = try? jsonDecoder.decode(JSONValue.self, from: bytes) {
                try req.check(value, against: Self.input.schema, source: .json)
            }
            throw AppError.badRequest(Localized("code, kind, idempotency_key를 보내세요.", "Send code, kind and idempotency_key."))
        }
        // The scan's own refusals (their codes are what phones act on) come first; then the rest of the document's
        // schema: no other field, no value of another type.
        _ = try CheckIn.idempotencyKey(scan.idempotencyKey)
        _ = try CheckIn.kind(scan.kind)
        if isJSON, let value = try? jsonDecoder.decode(JSONValue.self, from: bytes) {
            try req.check(value, against: Self.input.schema, source: .json)
        } else if isForm, let values = try? URLEncodedFormDecoder().decode([String: String].self, from: String(buffer: body)) {
            try req.check(.object(values.mapValues(JSONValue.string)), against: Self.input.schema, source: .form)
        }
        let output = try await CheckIn.record(scan, personID: try req.principal.personID, on: req)
        var headers: HTTPHeaders = ["Content-Type": "application/json; charset=utf-8"]
        if output.replayed { headers.add(name: "Idempotent-Replayed", value: "true") }
        return Response(status: output.replayed ? .ok : .created, headers: headers, body: .init(data: try jsonEncoder.encode(output)))
    }

    private static let jsonDecoder = JSONDecoder()
    private static let jsonEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601   // as Vapor's default content configuration
        return encoder
    }()

    static func kindName(_ kind: ScanKind) -> Localized {
        switch kind {
        case .checkIn: Localized("입실", "Check in")
        case .checkOut: Localized("퇴실", "Check out")
        case .goOut: Localized("외출", "Go out")
        case .comeBack: Localized("복귀", "Come back")
        }
    }

    /// The scan a trainee most likely wants next, given today's scans.
    static func suggested(after scans: [LedgerScan]) -> ScanKind {
        switch scans.last?.kind {
        case nil, .checkOut: .checkIn
        case .goOut: .comeBack
        case .checkIn, .comeBack: .checkOut
        }
    }

    @Sendable static func page(_ req: Request) async throws -> Response {
        let typed = (try? req.query.get(String.self, at: "code")) ?? ""
        let notice = (try? req.query.get(String.self, at: "withdrawn")).flatMap(ScanKind.init(rawValue:)).map { kind in
            Localized("\(kindName(kind).ko) 기록을 되돌렸습니다. 오늘의 기록에서 빠졌습니다.", "The \(kindName(kind).en.lowercased()) was taken back; it no longer counts today.")
        }
        do {
            return try await render(req, code: try await expandTyped(typed, req), error: nil, notice: notice)
        } catch let refusal as AppError where refusal.status == .tooManyRequests || refusal.code == "code_typed_wrong" {
            // Wrong digits, or too many tries: the same page with the box to type again, and when to.
            let page = try await render(req, code: "", error: refusal, notice: nil)
            for (name, value) in refusal.extraHeaders { page.headers.replaceOrAdd(name: name, value: value) }
            return page
        }
    }

    /// Typing allows ten tries in ten minutes per trainee: six digits could otherwise be guessed from home.
    static let typing = AttemptThrottle(kind: "check_in_code_typed", window: 10 * 60, perClient: 2_000, perAddress: 10, message: Localized(
        "코드를 너무 여러 번 입력했습니다. 잠시 뒤에 다시 하거나 QR 코드를 찍으세요.", "Too many codes typed; try again later or scan the QR code."))

    /// The signed code six typed digits stand for at the trainee's campuses, or the text as given (the QR's link).
    static func expandTyped(_ text: String, _ req: Request) async throws -> String {
        guard CheckInCode.isTyped(text) else { return text }
        let principal = try req.principal
        try await typing.admit(email: "person:\(principal.personID)", on: req)
        let campuses = try await Enrollment.query(on: req.db).filter(\.$person.$id == principal.personID)
            .filter(\.$state == EnrollmentState.enrolled.rawValue).all().map(\.campusID)
        guard let code = req.application.checkInCodes.expand(text, campusIDs: Array(Set(campuses)).sorted(), at: req.now) else {
            throw CheckIn.refusal("code_typed_wrong", Localized(
                "화면의 여섯 자리 숫자와 다릅니다. 지금 화면에 나온 숫자를 입력하세요 (30초마다 바뀝니다).",
                "That is not the six digits on your campus screen now; type the current ones (they change every 30 seconds)."))
        }
        return code
    }

    @Sendable static func submit(_ req: Request) async throws -> Response {
        let values = try req.submittedValues()
        let input = CheckInInput(code: values["code"] ?? "", kind: values["kind"] ?? "", idempotencyKey: values["idempotency_key"])
        let personID = try req.principal.personID
        do {
            // An answer to "check out early?" may come after the code's window; the code was live when asked.
            var readAt: Date? = nil
            if let token = values["confirm"], let asked = values["asked_at"] {
                guard input.kind == ScanKind.checkOut.rawValue, let at = req.application.checkInCodes.askedAt(token, personID: personID, code: input.code, asked: asked, now: req.now) else {
                    throw CheckIn.refusal("confirmation_expired", Localized(
                        "확인이 늦어 다시 찍어야 합니다. 화면의 새 QR 코드를 찍으세요.", "That took too long; scan the new QR code on the screen."))
                }
                readAt = at
                // The language switch on the question asks it again, with the code as it was read when first asked.
                if values[askAgain] == "1" {
                    guard let question = try await earlyCheckOut(req, code: input.code, readAt: at) else {
                        return try await render(req, code: input.code, error: nil, notice: nil)
                    }
                    return try await confirm(req, input: input, question: question.text, scans: question.scans,
                                             askedAt: Int64(at.timeIntervalSince1970))
                }
            } else if input.kind == ScanKind.checkOut.rawValue, let question = try await earlyCheckOut(req, code: input.code) {
                return try await confirm(req, input: input, question: question.text, scans: question.scans)
            }
            let output = try await CheckIn.record(input, personID: personID, codeReadAt: readAt, on: req)
            return try await done(req, output)
        } catch let error as AppError {
            return try await render(req, code: input.code, error: error, notice: nil)
        }
    }

    /// What a check-out now would count as, said before it is recorded when it is worth asking (before the day's end),
    /// with today's scans it was judged from.
    static func earlyCheckOut(_ req: Request, code: String, readAt: Date? = nil) async throws -> (text: Localized, scans: [LedgerScan])? {
        let today = Day(req.now)
        guard case let .success(found) = req.application.checkInCodes.read(code, at: readAt ?? req.now),
              let place = try await CheckIn.place(personID: try req.principal.personID, campusID: found.campusID, day: today, on: req),
              let schedule = try await TrainingDayRecord.query(on: req.db).filter(\.$cohort.$id == place.cohortID)
                .filter(\.$day == today.description).first()?.schedule
        else { return nil }   // the scan itself will say what is wrong
        let rules = try await AttendanceSettings.rules(forOperator: place.operatorID, on: req.db)
        let scans = try await todayScans(req)
        let preview = rules.previewCheckOut(at: KoreanFormats.minuteOfDay(req.now), schedule: schedule, scans: scans.map(\.scan))
        return question(preview, now: KoreanFormats.clockTime(req.now), end: TrainingCalendar.clock(schedule.end)).map { ($0, scans) }
    }

    /// The question for a check-out that counts as less than a full day; nil when it needs none.
    static func question(_ preview: CheckOutPreview, now: String, end: String) -> Localized? {
        switch preview {
        case .onTime: nil
        case let .earlyLeave(minutes):
            Localized("지금(\(now)) 퇴실하면 <strong>조퇴</strong>로 기록됩니다. 오늘 수업은 \(end)까지이고, \(minutes)분 일찍 나가게 됩니다. 조퇴·지각·외출은 한 단위기간에 세 번이면 결석 하루가 됩니다.",
                      "Checking out now (\(now)) counts as an <strong>early leave</strong>: today's class runs until \(end), \(minutes) minutes from now. Three early leaves, lates or outings in a unit period make one absence.")
        case let .absent(attended, needed):
            Localized("지금(\(now)) 퇴실하면 오늘 출석 시간이 \(attended)분으로, 인정 기준 \(needed)분(훈련 시간의 절반)에 못 미쳐 <strong>결석</strong>이 됩니다. 수업은 \(end)까지입니다.",
                      "Checking out now (\(now)) leaves \(attended) minutes attended today, under the \(needed) minutes (half the day) needed: the day counts as an <strong>absence</strong>. Class runs until \(end).")
        case .noCheckIn:
            Localized("오늘 입실 기록이 없습니다. 퇴실만 찍으면 출석으로 인정되지 않습니다. 입실을 잊었다면 출결 정정을 신청하세요.",
                      "There is no check-in today; a check-out alone does not count as attendance. If you forgot to check in, file a correction.")
        }
    }

    /// Marks the language switch's post on the question: ask again, do not check out.
    static let askAgain = "ask_again"

    /// The question page. `askedAt`: when it was first asked (a question asked again keeps its original window).
    static func confirm(_ req: Request, input: CheckInInput, question what: Localized, scans: [LedgerScan], askedAt: Int64? = nil) async throws -> Response {
        let lang = req.lang
        let asked = askedAt ?? Int64(req.now.timeIntervalSince1970.rounded(.down))
        let token = req.application.checkInCodes.confirmation(personID: try req.principal.personID, code: input.code, askedAt: asked)
        let key = input.idempotencyKey ?? Tokens.random()
        let body: HTML = """
            <div class="alert warning" role="alert"><p>\(HTML(raw: what.in(lang)))</p></div>
            <form method="post" action="\(AttendanceRoutes.checkIn.url)" class="check-in">
            <input type="hidden" name="_csrf" value="\(req.csrfToken)">
            <input type="hidden" name="code" value="\(input.code)">
            <input type="hidden" name="kind" value="\(ScanKind.checkOut.rawValue)">
            <input type="hidden" name="idempotency_key" value="\(key)">
            <input type="hidden" name="asked_at" value="\(String(asked))">
            <input type="hidden" name="confirm" value="\(token)">
            <div class="scan-buttons">
            <button type="submit" class="button danger big">\(lang.pick("그래도 퇴실하기", "Check out anyway"))</button>
            <a class="button primary big" href="\(AttendanceRoutes.checkIn.url)">\(lang.pick("돌아가기 (퇴실하지 않음)", "Go back (do not check out)"))</a>
            </div>
            </form>
            <h2>\(lang.pick("오늘의 기록", "Today"))</h2>
            \(scanList(scans, req: req))
            """
        let again = ["code": input.code, "kind": ScanKind.checkOut.rawValue, "idempotency_key": key, "asked_at": String(asked),
                     "confirm": token, askAgain: "1"]
        return Layout.page(req, title: lang.pick("퇴실 확인", "Check out early?"), body: body, repost: again)
    }

    static func todayScans(_ req: Request) async throws -> [LedgerScan] {
        let principal = try req.principal
        guard let enrollment = try await MyAttendance.currentEnrollment(personID: principal.personID, on: req.db),
              let cohort = try await Cohort.find(enrollment.$cohort.id, on: req.db) else { return [] }
        return try await CohortLedger.scans(cohortID: try cohort.requireID(), personID: principal.personID, day: Day(req.now),
                                            on: req.db as! any SQLDatabase)
    }

    /// Today's scans; the last few minutes' (but a check-in) can be taken back from here.
    static func scanList(_ scans: [LedgerScan], req: Request) -> HTML {
        let lang = req.lang
        guard !scans.isEmpty else { return "<p class=\"muted\">\(lang.pick("오늘은 아직 기록이 없습니다.", "Nothing recorded today yet."))</p>" }
        let items = scans.map { s -> HTML in
            let undo: HTML = ScanWithdrawal.offered(s, now: req.now) ? """
                <form method="post" action="\(AttendanceRoutes.withdrawScan(s.id))" class="inline">
                <input type="hidden" name="_csrf" value="\(req.csrfToken)">
                <button type="submit" class="button small">\(lang.pick("되돌리기", "Take back"))</button>
                <span class="muted">\(lang.pick("\(Int(ScanWithdrawal.window / 60))분 안에 잘못 찍은 기록을 되돌릴 수 있습니다", "a mistaken scan can be taken back within \(Int(ScanWithdrawal.window / 60)) minutes"))</span>
                </form>
                """ : .empty
            return "<li><strong>\(kindName(s.kind).in(lang))</strong> \(KoreanFormats.clockTime(s.at)) \(undo)</li>"
        }
        return "<ul class=\"scan-list\">\(items)</ul>"
    }

    static func render(_ req: Request, code: String, error: AppError?, notice: Localized?) async throws -> Response {
        let lang = req.lang
        let scans = try await todayScans(req)
        var campusName: String? = nil
        var codeProblem: Localized? = nil
        if !code.isEmpty && !CheckInCode.isTyped(code) {
            switch req.application.checkInCodes.read(code, at: req.now) {
            case let .success(found):
                campusName = try await Campus.find(found.campusID, on: req.db)?.name
                let personID = try req.principal.personID
                if error == nil, try await CheckIn.place(personID: personID, campusID: found.campusID, day: Day(req.now), on: req) == nil {
                    codeProblem = try await CheckIn.whyNoPlace(personID: personID, campusID: found.campusID, day: Day(req.now),
                                                              on: req.db as! any SQLDatabase).message
                    campusName = nil
                }
            case let .failure(refusal): codeProblem = refusal.message
            }
        }
        let alert: HTML = (error?.message ?? codeProblem).map { "<div class=\"alert error\" role=\"alert\">\($0.in(lang))</div>" }
            ?? notice.map { "<div class=\"alert success\" role=\"status\">\($0.in(lang))</div>" } ?? .empty
        let form: HTML
        if campusName != nil {
            let next = suggested(after: scans)
            let buttons = ScanKind.allCases.map { kind -> HTML in
                let cls = kind == next ? "button primary big" : "button big"
                return "<button type=\"submit\" name=\"kind\" value=\"\(kind.rawValue)\" class=\"\(cls)\">\(kindName(kind).in(lang))</button>"
            }
            form = """
                <form method="post" action="\(AttendanceRoutes.checkIn.url)" class="check-in">
                <input type="hidden" name="_csrf" value="\(req.csrfToken)">
                <input type="hidden" name="code" value="\(code)">
                <input type="hidden" name="idempotency_key" value="\(Tokens.random())">
                <div class="scan-buttons">\(buttons)</div>
                </form>
                """
        } else {
            form = """
                <p>\(lang.pick("캠퍼스 화면의 QR 코드를 휴대전화 카메라로 찍으면 이 페이지가 열립니다. 카메라가 안 되면 화면의 여섯 자리 숫자를 입력하세요.", "Scan the QR code on your campus screen with your phone's camera; it opens this page. If the camera fails, type the six digits shown on the screen."))</p>
                <form method="get" action="\(AttendanceRoutes.checkIn.url)" class="form">
                <div class="field"><label for="f-code">\(lang.pick("화면의 숫자 여섯 자리", "The six digits on the screen"))</label><input id="f-code" name="code" value="" inputmode="numeric" autocomplete="off" maxlength="200"></div>
                <button type="submit" class="button">\(lang.pick("확인", "Continue"))</button>
                </form>
                """
        }
        let place: HTML = campusName.map { "<p class=\"lead\">\($0) · \(Day(req.now).description)</p>" } ?? "<p class=\"lead\">\(Day(req.now).description)</p>"
        let body: HTML = """
            \(place)
            \(alert)
            \(form)
            <h2>\(lang.pick("오늘의 기록", "Today"))</h2>
            \(scanList(scans, req: req))
            <p><a href="\(AttendanceRoutes.mine.url)">\(lang.pick("내 출결 보기", "My attendance"))</a></p>
            """
        return Layout.page(req, title: lang.pick("출결 체크", "Check in"), body: body, status: error.map(\.status) ?? .ok)
    }

    static func done(_ req: Request, _ output: CheckInOutput) async throws -> Response {
        let lang = req.lang
        let kind = ScanKind(rawValue: output.kind) ?? .checkIn
        let scans = try await todayScans(req)
        let body: HTML = """
            <div class="alert success big" role="status"><strong>\(kindName(kind).in(lang)) \(lang.pick("완료", "recorded"))</strong> · \(output.atKST)</div>
            <h2>\(lang.pick("오늘의 기록", "Today"))</h2>
            \(scanList(scans, req: req))
            <p><a class="button" href="\(AttendanceRoutes.mine.url)">\(lang.pick("내 출결 보기", "My attendance"))</a></p>
            """
        return Layout.page(req, title: lang.pick("출결 체크", "Check in"), body: body)
    }
}
