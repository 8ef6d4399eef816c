import IeumCore
import Vapor

/// The pages of a forgotten password: ask for a link, the same answer for every address, choose the new one.
extension PasswordReset {
    @Sendable static func requestPage(_ req: Request) async throws -> Response {
        requestForm(req, values: ["email": (try? req.query.get(String.self, at: "email")) ?? ""], errors: [])
    }

    static func requestForm(_ req: Request, values: [String: String], errors: [FieldError]) -> Response {
        let fields = [FieldSpec(name: "email", label: Localized("가입한 이메일", "The e-mail you signed up with"), kind: .email)]
        let body: HTML = """
            <div class="login">
            <p>\(req.t("가입한 이메일을 넣으면 비밀번호를 새로 정하는 링크를 보내 드립니다.", "Type the e-mail you signed up with and we will send a link to choose a new password."))</p>
            \(Components.form(req, action: PasswordResetRoutes.request.url, fields: fields, values: values, errors: errors, submit: Localized("링크 받기", "Send the link")))
            <p><a href="\(SiteRoutes.login.url)">\(req.t("로그인으로 돌아가기", "Back to log in"))</a></p>
            </div>
            """
        return Layout.page(req, title: req.t("비밀번호 찾기", "Forgot your password"), body: body)
    }

    /// In the demo no mail leaves: the page shows the link that would have been sent.
    @Sendable static func sentPage(_ req: Request, link: String?) -> Response {
        let demo: HTML = req.ieum.isDemo && link != nil
            ? "<p class=\"muted\">\(req.t("데모에서는 메일이 나가지 않으니 여기서 여세요:", "The demo sends no mail; open it here:")) <a href=\"\(link!)\">\(req.t("새 비밀번호 정하기", "Choose a new password"))</a></p>"
            : .empty
        return Layout.page(req, title: req.t("메일을 확인하세요", "Check your e-mail"), body: """
            <div class="alert ok" role="status">\(sent.in(req.lang))</div>\(demo)
            <p><a href="\(SiteRoutes.login.url)">\(req.t("로그인으로 돌아가기", "Back to log in"))</a></p>
            """)
    }

    @Sendable static func choosePage(_ req: Request) async throws -> Response {
        let token = (try? req.query.get(String.self, at: "token")) ?? ""
        guard try await pending(token, now: req.now, on: req.db) != nil else { return unusable(req) }
        return chooseForm(req, token: token, errors: [])
    }

    static func chooseForm(_ req: Request, token: String, errors: [FieldError]) -> Response {
        let fields = [
            FieldSpec(name: "token", label: Localized("", ""), kind: .hidden),
            FieldSpec(name: "password", label: Localized("새 비밀번호", "New password"), kind: .password,
                      hint: Localized("12자 이상, 이름이나 이메일이 들어가지 않게", "At least 12 characters, without your name or e-mail")),
            FieldSpec(name: "password_again", label: Localized("새 비밀번호 한 번 더", "New password again"), kind: .password),
        ]
        let body: HTML = """
            <div class="login">
            <p>\(req.t("새 비밀번호를 정하면 로그인해 있던 모든 기기에서 로그아웃됩니다.", "Once the new password is set, every device logged in to this account is logged out."))</p>
            \(Components.form(req, action: PasswordResetRoutes.choose.url, fields: fields, values: ["token": token], errors: errors, submit: Localized("비밀번호 바꾸기", "Change the password")))
            </div>
            """
        return Layout.page(req, title: req.t("새 비밀번호 정하기", "Choose a new password"), body: body)
    }

    static func donePage(_ req: Request) -> Response {
        Layout.page(req, title: req.t("비밀번호를 바꿨습니다", "Password changed"), body: """
            <div class="alert ok" role="status">\(req.t("새 비밀번호로 로그인하세요. 다른 기기에서도 모두 로그아웃했습니다.", "Log in with the new password. Every other device was logged out."))</div>
            <p><a class="button" href="\(SiteRoutes.login.url)">\(req.t("로그인", "Log in"))</a></p>
            """)
    }

    static func unusable(_ req: Request) -> Response {
        Layout.page(req, title: req.t("비밀번호 재설정 링크", "Password reset link"), body: """
            <p>\(unusableMessage.in(req.lang))</p>
            <p><a class="button" href="\(PasswordResetRoutes.request.url)">\(req.t("다시 요청", "Ask again"))</a> <a class="button" href="\(SiteRoutes.login.url)">\(req.t("로그인", "Log in"))</a></p>
            """, status: .notFound)
    }
}
