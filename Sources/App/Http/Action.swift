import IeumCore
import Vapor

/// One use case behind a page's form and an API operation, written once. It reads what was submitted (form fields
/// or a JSON object, as the same name → text map), does the work and returns its result, or throws a
/// `ValidationFailure` naming the fields. Only the presenters differ: a page goes on to the next address or shows
/// its form again with the errors beside the fields; the API answers the result with the declared status, or a
/// 422 naming the fields (`SiteErrorMiddleware`).
struct Action<Input: Sendable, Result: Sendable>: Sendable {
    /// Reads the submission (a refusal of the body itself, such as a wrong media type, is thrown from here).
    let read: @Sendable (Request) async throws -> Input
    /// The submitted values as the form shows them back beside its errors.
    let shown: @Sendable (Input) -> [String: String]
    let perform: @Sendable (Request, Input) async throws -> Result

    init(reading read: @escaping @Sendable (Request) async throws -> Input, shown: @escaping @Sendable (Input) -> [String: String],
         _ perform: @escaping @Sendable (Request, Input) async throws -> Result) {
        self.read = read
        self.shown = shown
        self.perform = perform
    }
}

extension Action {
    /// The API presenter: the result as `answer` shapes it, with `status`; an answer already shaped as a response
    /// keeps its own status (a replay answered 200, not 201).
    /// A 201 says where the record now lives (`location`) when it can be read by an address of its own.
    func answering<Output: AsyncResponseEncodable & Sendable>(
        status: HTTPStatus, location: (@Sendable (Request, Result) throws -> String)? = nil,
        _ answer: @escaping @Sendable (Request, Result) async throws -> Output
    ) -> @Sendable (Request) async throws -> Response {
        { req in
            let result = try await perform(req, try await read(req))
            let output = try await answer(req, result)
            if let response = output as? Response { return response }
            let response = try await output.encodeResponse(status: status, for: req)
            if status == .created, let location { response.headers.replaceOrAdd(name: .location, value: try location(req, result)) }
            return response
        }
    }
}

extension Action where Input == [String: String] {
    /// An action over the submitted fields (a form's or a JSON object's, by name).
    init(_ perform: @escaping @Sendable (Request, [String: String]) async throws -> Result) {
        self.init(reading: { try $0.submittedValues() }, shown: { $0 }, perform)
    }

    /// An action that takes nothing but its path and the caller (remove, regrade, withdraw), or reads its fields
    /// itself (`req.reader()`): what a form sent is still kept, to show it again beside the errors. A body this
    /// cannot read is the action's to refuse.
    init(_ perform: @escaping @Sendable (Request) async throws -> Result) {
        self.init(reading: { req in (try? req.submittedValues()) ?? [:] }, shown: { $0 }) { req, _ in try await perform(req) }
    }
}

/// How a page shows its form again when the action refused the input: the values as sent and the errors per field.
typealias Retry = @Sendable (Request, [String: String], [FieldError]) async throws -> Response

/// What a form posted and what was wrong with it, kept for the page that shows the form again (`reshowing`).
struct SentForm: Sendable {
    let action: String
    let values: [String: String]
    let errors: [FieldError]
}

struct SentFormKey: StorageKey { typealias Value = SentForm }

/// A form that sits on another page (a status change on an enrolment's page, a role on a person's): the refused
/// input shows that page again, and the form whose action is the address posted to shows the values as sent and
/// each error beside its field (`Components.form` reads them).
func reshowing(_ page: @escaping @Sendable (Request) async throws -> Response) -> Retry {
    { req, values, errors in
        req.storage[SentFormKey.self] = SentForm(action: req.url.path, values: values, errors: errors)
        return try await page(req)
    }
}

/// A refusal that is not about one field (not a training day, already decided), shown above the form when a
/// page asks for it; field errors under this name are the form's own.
let formRefusal = "_form"

extension RoutesBuilder {
    /// A page's form posting to an action: on success the browser is sent on to `next`; a refused input shows the
    /// form again (`retry`, answered 422) or, for an action with no form of its own, the error page.
    @discardableResult
    func register<I: Sendable, R: Sendable>(
        _ method: HTTPMethod, _ template: PathTemplate, roles: [Role]? = nil, guards: [any Middleware] = [],
        body: HTTPBodyStreamStrategy = .collect, action: Action<I, R>,
        next: @escaping @Sendable (Request, R) async throws -> String, retry: Retry? = nil, shownRefusals: [HTTPResponseStatus] = [],
        confirm: Confirmation? = nil
    ) -> Route {
        register(method, template, roles: roles, guards: guards, body: body, action: action,
                 show: { req, result in req.redirect(to: try await next(req, result), redirectType: .normal) }, retry: retry,
                 shownRefusals: shownRefusals, confirm: confirm)
    }

    /// A page's form posting to an action whose outcome is a page of its own (`show`). A refusal that is not about a
    /// field (an `AppError` of a status in `shownRefusals`) is shown with the form too, under `formRefusal`, with its status.
    @discardableResult
    func register<I: Sendable, R: Sendable>(
        _ method: HTTPMethod, _ template: PathTemplate, roles: [Role]? = nil, guards: [any Middleware] = [],
        body: HTTPBodyStreamStrategy = .collect, action: Action<I, R>,
        show: @escaping @Sendable (Request, R) async throws -> Response, retry: Retry?, shownRefusals: [HTTPResponseStatus] = [],
        confirm: Confirmation? = nil
    ) -> Route {
        register(method, template, roles: roles, guards: guards, body: body) { req async throws -> Response in
            let input = try await action.read(req)
            if let confirm, let question = try await ConfirmationPage.question(req, action.shown(input), confirm) {
                return try await ConfirmationPage.render(req, question: question, values: action.shown(input))
            }
            do {
                return try await show(req, try await action.perform(req, input))
            } catch let failure as ValidationFailure {
                // An answered question whose values are refused is asked again with the errors, so a note typed on
                // the question page is not lost.
                if let confirm, let question = try await ConfirmationPage.askedAgain(req, action.shown(input), confirm) {
                    let page = try await ConfirmationPage.render(req, question: question, values: action.shown(input), errors: failure.errors)
                    page.status = .unprocessableEntity
                    return page
                }
                guard let retry else { throw failure }
                let page = try await retry(req, action.shown(input), failure.errors)
                page.status = .unprocessableEntity
                return page
            } catch let refusal as AppError where shownRefusals.contains(refusal.status) {
                guard let retry else { throw refusal }
                let page = try await retry(req, action.shown(input), refusal.fields.isEmpty ? [FieldError(field: formRefusal, message: refusal.message)] : refusal.fields)
                page.status = refusal.status
                return page
            }
        }
    }

    /// An API endpoint answering an action's result as `answer` shapes it, with the status the endpoint declares.
    @discardableResult
    func register<I: Sendable, R: Sendable, Output: AsyncResponseEncodable & Sendable>(
        _ endpoint: APIEndpoint, guards: [any Middleware] = [], body: HTTPBodyStreamStrategy = .collect, action: Action<I, R>,
        location: (@Sendable (Request, R) throws -> String)? = nil, answer: @escaping @Sendable (Request, R) async throws -> Output
    ) -> Route {
        let route = register(endpoint, guards: guards, body: body,
                             use: action.answering(status: HTTPStatus(statusCode: endpoint.operation.status), location: location, answer))
        // The document learns an answer's shape from the route (a `Response` says nothing about it).
        if Output.self != Response.self { route.responseType = Output.self }
        return route
    }

    /// An API endpoint whose answer is the action's result itself.
    @discardableResult
    func register<I: Sendable, R: AsyncResponseEncodable & Sendable>(
        _ endpoint: APIEndpoint, guards: [any Middleware] = [], body: HTTPBodyStreamStrategy = .collect, action: Action<I, R>
    ) -> Route {
        register(endpoint, guards: guards, body: body, action: action) { _, result in result }
    }
}
