import Foundation
import IeumCore
import Vapor

/// Pages of invitations: pure renderings of what the controller loaded.
enum InvitationViews {
    static func place(_ i: MyInvitationOutput, _ lang: Lang) -> String {
        if let cohort = i.cohort { return lang.pick("\(i.academy) · \(cohort)", "\(cohort), \(i.academy)") }
        return lang.pick("\(i.academy) · \(i.role)", "\(i.role), \(i.academy)")
    }

    static func consent(_ i: MyInvitationOutput, _ lang: Lang) -> HTML {
        "<p>\(lang.pick("수락하면 \(i.academy)가 회원님의 이름과 연락처, 훈련 기록을 볼 수 있습니다. 거절하면 아무것도 알리지 않습니다.", "If you accept, \(i.academy) can see your name, contact details and training records. If you decline, nothing of yours is shared."))</p>"
    }

    static func answerButtons(_ i: MyInvitationOutput, _ req: Request) -> HTML {
        let lang = req.lang
        return """
            <div class="actions">
            <form method="post" action="\(InvitationRoutes.accept(i.id))"><input type="hidden" name="_csrf" value="\(req.csrfToken)"><button type="submit" class="button primary">\(lang.pick("수락", "Accept"))</button></form>
            <form method="post" action="\(InvitationRoutes.decline(i.id))"><input type="hidden" name="_csrf" value="\(req.csrfToken)"><button type="submit" class="button">\(lang.pick("거절", "Decline"))</button></form>
            </div>
            """
    }

    static func mine(_ list: [MyInvitationOutput], _ req: Request) -> HTML {
        let lang = req.lang
        guard !list.isEmpty else { return "<p class=\"muted\">\(lang.pick("답할 초대가 없습니다.", "No invitations to answer."))</p>" }
        let items = list.map { i -> HTML in
            """
            <div class="panel">
            <h2>\(place(i, lang))</h2>
            \(consent(i, lang))
            <p class="muted">\(lang.pick("\(Day(i.expiresAt).description)까지", "Until \(Day(i.expiresAt).description)"))</p>
            \(answerButtons(i, req))
            </div>
            """
        }
        return "\(items)"
    }

    /// The home page's reminder, for someone with invitations waiting.
    static func reminder(_ count: Int, _ lang: Lang) -> HTML {
        guard count > 0 else { return .empty }
        return "<div class=\"alert\" role=\"status\">\(lang.pick("답하지 않은 초대가 \(count)건 있습니다.", "You have \(count) invitation(s) to answer.")) <a href=\"\(InvitationRoutes.mine.url)\">\(lang.pick("초대 보기", "See them"))</a></div>"
    }

    /// The page after an invitation was asked for, with where to go next.
    static func sentPage(_ req: Request, links: [(href: String, label: Localized)]) -> Response {
        let buttons = links.map { l -> HTML in "<a class=\"button\" href=\"\(l.href)\">\(l.label.in(req.lang))</a>" }
        let body: HTML = """
            <div class="alert ok" role="status">\(Invitations.sent.in(req.lang))</div>
            <p>\(buttons)</p>
            """
        return Layout.page(req, title: req.t("초대", "Invitation"), body: body)
    }

    static func unusable(_ req: Request) -> HTML {
        let lang = req.lang
        return "<p>\(lang.pick("이 초대 링크는 쓸 수 없습니다. 이미 답했거나 기간이 지났거나 주소가 잘못되었습니다. 계정이 있으면 로그인해서 받은 초대를 확인하세요.", "This invitation link cannot be used: it was answered already, has expired, or is not complete. If you have an account, log in to see your invitations."))</p><p><a class=\"button\" href=\"\(SiteRoutes.login.url(["next": InvitationRoutes.mine.url]))\">\(lang.pick("로그인", "Log in"))</a></p>"
    }

    static func declined(_ req: Request) -> HTML {
        "<p>\(req.lang.pick("초대를 거절했습니다. 초대한 곳에는 거절했다는 것만 보입니다.", "You declined. The academy sees only that the invitation was declined."))</p>"
    }

    static func claim(_ i: MyInvitationOutput, token: String, hasPassword: Bool, errors: [FieldError], _ req: Request) -> HTML {
        let lang = req.lang
        let decline: HTML = """
            <form method="post" action="\(InvitationRoutes.claim.url)"><input type="hidden" name="_csrf" value="\(req.csrfToken)"><input type="hidden" name="token" value="\(token)"><input type="hidden" name="answer" value="decline"><button type="submit" class="button">\(lang.pick("거절", "Decline"))</button></form>
            """
        let accept: HTML
        if hasPassword {
            accept = "<p>\(lang.pick("이미 계정이 있는 주소입니다. 로그인한 뒤 '받은 초대'에서 수락하세요.", "This address has an account. Log in, then accept under Invitations.")) <a class=\"button primary\" href=\"\(SiteRoutes.login.url(["next": InvitationRoutes.mine.url]))\">\(lang.pick("로그인", "Log in"))</a></p>"
        } else {
            let fields = [
                FieldSpec(name: "token", label: Localized("", ""), kind: .hidden),
                FieldSpec(name: "password", label: Localized("비밀번호 정하기", "Choose a password"), kind: .password,
                          hint: Localized("12자 이상, 이름이나 이메일이 들어가지 않게", "At least 12 characters, without your name or e-mail")),
                FieldSpec(name: "password_again", label: Localized("비밀번호 한 번 더", "The password again"), kind: .password),
            ]
            accept = Components.form(req, action: InvitationRoutes.claim.url, fields: fields, values: ["token": token], errors: errors,
                                     submit: Localized("비밀번호를 정하고 수락", "Set the password and accept"))
        }
        return """
            <div class="panel">
            <h2>\(place(i, lang))</h2>
            \(consent(i, lang))
            \(accept)
            \(decline)
            </div>
            """
    }

    static func stateName(_ state: String, _ lang: Lang) -> String {
        switch Invitation.State(rawValue: state) ?? .pending {
        case .pending: lang.pick("답 기다림", "Waiting")
        case .accepted: lang.pick("수락", "Accepted")
        case .declined: lang.pick("거절", "Declined")
        case .cancelled: lang.pick("취소", "Cancelled")
        case .expired: lang.pick("기간 지남", "Expired")
        }
    }

    static func ofCohort(_ cohort: Cohort, _ list: [InvitationOutput], _ req: Request) -> HTML {
        let lang = req.lang
        let rows = list.map { i -> [HTML] in
            ["\(i.name)", "\(i.email)", Components.badge(stateName(i.state, lang), i.state), "\(Day(i.createdAt).description)", "\(Day(i.expiresAt).description)"]
        }
        return """
            <p><a href="\(CohortResource.path(cohort))">← \(cohort.name)</a></p>
            <p class="muted">\(lang.pick("초대한 사람은 수락한 뒤에야 명단에 나타납니다. 초대받은 주소에 계정이 있는지는 보여 주지 않습니다.", "Invited people appear in the lists once they accept. Whether an address has an account is not shown."))</p>
            \(Components.table(headers: [lang.pick("이름(입력한 대로)", "Name (as typed)"), lang.pick("이메일", "E-mail"), lang.pick("상태", "State"), lang.pick("보낸 날", "Sent"), lang.pick("기한", "Until")], rows: rows, empty: lang.pick("보낸 초대가 없습니다.", "No invitations sent.")))
            """
    }
}
