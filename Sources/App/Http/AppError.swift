import IeumCore
import Vapor

/// The one error type handlers throw: a status, a stable code for API clients and a message for people.
struct AppError: Error, AbortError {
    let status: HTTPResponseStatus
    let code: String
    let message: Localized
    var fields: [FieldError] = []
    var extraHeaders: [String: String] = [:]

    init(status: HTTPResponseStatus, code: String, message: Localized, fields: [FieldError] = [], headers: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
        self.extraHeaders = headers
    }

    var reason: String { message.en }

    static func notFound() -> AppError {
        AppError(status: .notFound, code: "not_found", message: Localized(
            "찾는 항목이 없거나 볼 권한이 없습니다.", "There is no such record, or you may not see it."))
    }

    static func forbidden() -> AppError {
        AppError(status: .forbidden, code: "forbidden", message: Localized(
            "이 작업을 할 권한이 없습니다.", "Your role does not allow this."))
    }

    static func unauthenticated() -> AppError {
        AppError(status: .unauthorized, code: "unauthenticated", message: Localized(
            "로그인이 필요합니다.", "Please log in first."))
    }

    static func conflict(_ message: Localized) -> AppError {
        AppError(status: .conflict, code: "conflict", message: message)
    }

    static func badRequest(_ message: Localized) -> AppError {
        AppError(status: .badRequest, code: "bad_request", message: message)
    }

    static func invalid(_ failure: ValidationFailure) -> AppError {
        AppError(status: .unprocessableEntity, code: "validation_failed", message: Localized(
            "입력한 내용을 확인하세요.", "Please check what you entered."), fields: failure.errors)
    }
}
