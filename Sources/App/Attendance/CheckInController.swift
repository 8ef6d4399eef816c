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
        let code = (try? req.query.get(String.self, at: "code")) ?? ""
        return try await render(req, code: code, error: nil)
    }

    @Sendable static func submit(_ req: Request) async throws -> Response {
        let values = try req.submittedValues()
        let input = CheckInInput(code: values["code"] ?? "", kind: values["kind"] ?? "", idempotencyKey: values["idempotency_key"])
        do {
            let output = try await CheckIn.record(input, personID: try req.principal.personID, on: req)
            return try await done(req, output)
        } catch let error as AppError {
            return try await render(req, code: input.code, error: error)
        }
    }

    static func todayScans(_ req: Request) async throws -> [LedgerScan] {
        let principal = try req.principal
        guard let enrollment = try await MyAttendance.currentEnrollment(personID: principal.personID, on: req.db),
              let cohort = try await Cohort.find(enrollment.$cohort.id, on: req.db) else { return [] }
        return try await CohortLedger.scans(cohortID: try cohort.requireID(), personID: principal.personID, day: Day(req.now),
                                            on: req.db as! any SQLDatabase)
    }

    static func scanList(_ scans: [LedgerScan], lang: Lang) -> HTML {
        guard !scans.isEmpty else { return "<p class=\"muted\">\(lang.pick("오늘은 아직 기록이 없습니다.", "Nothing recorded today yet."))</p>" }
        let items = scans.map { s -> HTML in "<li><strong>\(kindName(s.kind).in(lang))</strong> \(KoreanFormats.clockTime(s.at))</li>" }
        return "<ul class=\"scan-list\">\(items)</ul>"
    }

    static func render(_ req: Request, code: String, error: AppError?) async throws -> Response {
        let lang = req.lang
        let scans = try await todayScans(req)
        var campusName: String? = nil
        var codeProblem: Localized? = nil
        if !code.isEmpty {
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
        let alert: HTML = (error?.message ?? codeProblem).map { "<div class=\"alert error\" role=\"alert\">\($0.in(lang))</div>" } ?? .empty
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
                <p>\(lang.pick("캠퍼스 화면의 QR 코드를 휴대전화 카메라로 찍으면 이 페이지가 열립니다.", "Scan the QR code on your campus screen with your phone's camera; it opens this page."))</p>
                <form method="get" action="\(AttendanceRoutes.checkIn.url)" class="form">
                <div class="field"><label for="f-code">\(lang.pick("코드 직접 입력", "Or type the code"))</label><input id="f-code" name="code" value="" autocomplete="off"></div>
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
            \(scanList(scans, lang: lang))
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
            \(scanList(scans, lang: lang))
            <p><a class="button" href="\(AttendanceRoutes.mine.url)">\(lang.pick("내 출결 보기", "My attendance"))</a></p>
            """
        return Layout.page(req, title: lang.pick("출결 체크", "Check in"), body: body)
    }
}
