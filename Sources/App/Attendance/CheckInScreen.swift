import Foundation
import IeumCore
import Vapor

struct CheckInCodeOutput: Content {
    let campusID: Int
    let code: String
    /// Six digits standing for the code, for a trainee whose camera fails (typed on the check-in page).
    let typedCode: String
    let url: String
    /// The code is refused after this moment (its own window and one more).
    let validUntil: Date
    let rotatesEvery: Int

    enum CodingKeys: String, CodingKey {
        case code, url
        case typedCode = "typed_code"
        case campusID = "campus_id"
        case validUntil = "valid_until"
        case rotatesEvery = "rotates_every"
    }
}

/// The campus screen: the current check-in code as a QR code, renewed every 30 seconds without JavaScript.
enum CheckInScreen {
    static let roles: [Role] = [.programManager, .operatorAdmin, .campusStaff]

    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        pages.register(.GET, AttendanceRoutes.checkInScreen.template, roles: roles, guards: [RecordGuard<CampusResource>(mode: .read)], use: page)
        api.register(AttendanceRoutes.checkInCode, guards: [RecordGuard<CampusResource>(mode: .read)], use: json)
    }

    static func current(_ req: Request, campusID: Int) -> CheckInCodeOutput {
        let now = req.now
        let code = req.application.checkInCodes.make(campusID: campusID, at: now)
        let base = req.linkBase
        let window = CheckInCode.windowIndex(now)
        let until = Date(timeIntervalSince1970: Double(window + 1 + CheckInCode.graceWindows) * CheckInCode.window)
        let typed = req.application.checkInCodes.typed(campusID: campusID, window: window)
        return CheckInCodeOutput(campusID: campusID, code: code, typedCode: typed, url: base + AttendanceRoutes.checkIn.url(["code": code]), validUntil: until,
                                 rotatesEvery: Int(CheckInCode.window))
    }

    @Sendable static func json(_ req: Request) async throws -> CheckInCodeOutput {
        current(req, campusID: try req.loaded(Campus.self).requireID())
    }

    @Sendable static func page(_ req: Request) async throws -> Response {
        let lang = req.lang
        let campus = try req.loaded(Campus.self)
        let out = current(req, campusID: try campus.requireID())
        let qr = try QRCode(out.url)
        let svg = qr.svg(pixels: 360, title: lang.pick("출결 QR 코드", "Check-in QR code"))
        // Refresh a little after the next window starts, so the screen never shows a code about to expire.
        let secondsLeft = Int(CheckInCode.window) - Int(req.now.timeIntervalSince1970) % Int(CheckInCode.window) + 1
        let html: HTML = """
            <!doctype html>
            <html lang="\(lang.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="refresh" content="\(secondsLeft)">
            <title>\(campus.name) · \(lang.pick("출결", "Check-in"))</title>
            <link rel="stylesheet" href="\(SiteRoutes.stylesheet.url)">
            </head>
            <body class="screen">
            <main class="screen-main">
            <h1>\(campus.name)</h1>
            <p class="lead">\(lang.pick("휴대전화 카메라로 찍고 입실·퇴실을 누르세요", "Scan with your phone's camera, then tap check in or out"))</p>
            <div class="qr">\(HTML(raw: svg))</div>
            <p class="muted">\(lang.pick("카메라가 안 되면 출결 체크 화면에 이 숫자를 입력하세요", "Camera not working? Type these digits on the check-in page"))</p>
            <p class="typed-code" aria-label="\(lang.pick("입력용 코드", "Code to type"))">\(String(out.typedCode.prefix(3))) \(String(out.typedCode.suffix(3)))</p>
            <p class="clock">\(Day(req.now).description) \(KoreanFormats.clockTime(req.now))</p>
            <p class="muted">\(lang.pick("코드는 30초마다 바뀌며, 찍은 코드는 다른 곳에서 쓸 수 없습니다.", "The code changes every 30 seconds and works only for this campus."))</p>
            </main>
            </body>
            </html>
            """
        return html.response()
    }
}
