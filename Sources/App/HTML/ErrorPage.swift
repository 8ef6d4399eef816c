import Vapor

enum ErrorPage {
    static func render(_ error: AppError, request: Request) -> HTML {
        let lang = request.lang
        let title: String = switch error.status.code {
        case 404: lang.pick("찾을 수 없습니다", "Not found")
        case 403: lang.pick("권한이 없습니다", "Not allowed")
        case 409: lang.pick("처리할 수 없습니다", "Cannot do that now")
        case 400..<500: lang.pick("요청을 확인하세요", "Please check the request")
        default: lang.pick("오류가 났습니다", "Something went wrong")
        }
        let fields = error.fields.map { f -> HTML in "<li>\(f.message.in(lang))</li>" }
        let list: HTML = fields.isEmpty ? .empty : "<ul>\(fields)</ul>"
        let body: HTML = """
            <div class="alert error" role="alert"><p>\(error.message.in(lang))</p>\(list)</div>
            <p><a href="/" class="button">\(lang.pick("처음으로", "Home"))</a></p>
            """
        return Layout.render(request, title: title, body: body)
    }
}
