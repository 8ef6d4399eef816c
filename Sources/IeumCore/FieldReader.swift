import Foundation

/// One problem with one field, in words a person understands, in both languages.
public struct FieldError: Sendable, Equatable, Codable {
    public let field: String
    public let message: Localized

    public init(field: String, message: Localized) {
        self.field = field
        self.message = message
    }
}

public struct ValidationFailure: Error, Sendable, Equatable {
    public let errors: [FieldError]

    public init(_ errors: [FieldError]) { self.errors = errors }
}

/// Reads submitted values (from a form or a JSON body, as text) into typed values, gathering every
/// problem instead of stopping at the first, so a form can show them all beside their fields.
public struct FieldReader: Sendable {
    public let values: [String: String]
    public private(set) var errors: [FieldError] = []

    public init(_ values: [String: String]) { self.values = values }

    public func raw(_ name: String) -> String {
        values[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    public mutating func fail(_ name: String, _ ko: String, _ en: String) {
        guard !errors.contains(where: { $0.field == name }) else { return }
        errors.append(FieldError(field: name, message: Localized(ko, en)))
    }

    public mutating func text(_ name: String, required: Bool = true, max: Int = 200) -> String? {
        let value = raw(name)
        if value.isEmpty {
            if required { fail(name, "필수 항목입니다.", "This field is required.") }
            return nil
        }
        if value.count > max {
            fail(name, "\(max)자 이하로 입력하세요.", "Use at most \(max) characters.")
            return nil
        }
        // NUL and other control characters are invisible on every page and PostgreSQL refuses NUL in text.
        if let bad = value.unicodeScalars.first(where: { $0.properties.generalCategory == .control && !["\t", "\n", "\r"].contains($0) }) {
            let code = "U+" + String(format: "%04X", bad.value)
            fail(name, "보이지 않는 제어 문자(\(code))는 쓸 수 없습니다.", "Invisible control characters (\(code)) are not allowed.")
            return nil
        }
        return value
    }

    public mutating func int(_ name: String, required: Bool = true, range: ClosedRange<Int>) -> Int? {
        guard let text = text(name, required: required, max: 40) else { return nil }
        let digits = text.replacingOccurrences(of: ",", with: "")
        let isWhole = digits.range(of: "^-?[0-9]+$", options: .regularExpression) != nil
        guard isWhole else {
            fail(name, "정수로 입력하세요.", "Enter a whole number.")
            return nil
        }
        // Digits past Int's range are still a whole number, only out of range.
        guard let number = Int(digits), range.contains(number) else {
            fail(name, "\(range.lowerBound)에서 \(range.upperBound) 사이로 입력하세요.",
                 "Enter a number from \(range.lowerBound) to \(range.upperBound).")
            return nil
        }
        return number
    }

    public mutating func day(_ name: String, required: Bool = true) -> Day? {
        guard let text = text(name, required: required, max: 20) else { return nil }
        guard let day = Day(text) else {
            let problem = Self.dayProblem(text)
            fail(name, problem.korean, problem.english)
            return nil
        }
        return day
    }

    /// Why `text` is not a day: its form, or a year the calendar does not keep (`Day.years`). Shared with the
    /// API's door, so both say the same thing.
    public static func dayProblem(_ text: String) -> (korean: String, english: String) {
        let parts = text.split(separator: "-")
        if parts.count == 3, parts[0].count == 4, let year = Int(parts[0]), !Day.years.contains(year) {
            return ("\(Day.years.lowerBound)년부터 \(Day.years.upperBound)년 사이의 날짜를 입력하세요.",
                    "Enter a date from \(Day.years.lowerBound) to \(Day.years.upperBound).")
        }
        // Written right but not on the calendar (2월 30일, 13월): say so, not that the form is wrong.
        if text.range(of: #"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"#, options: .regularExpression) != nil {
            return ("달력에 없는 날짜입니다 (\(text)). 월과 일을 확인하세요.", "There is no such day (\(text)); check the month and the day.")
        }
        return ("날짜를 YYYY-MM-DD 형식으로 입력하세요.", "Enter a date as YYYY-MM-DD.")
    }

    public mutating func email(_ name: String, required: Bool = true) -> String? {
        guard let text = text(name, required: required, max: 254) else { return nil }
        guard KoreanFormats.isPlausibleEmail(text) else {
            fail(name, "올바른 이메일 주소가 아닙니다.", "This is not a valid e-mail address.")
            return nil
        }
        return text.lowercased()
    }

    public mutating func phone(_ name: String, required: Bool = true) -> String? {
        guard let text = text(name, required: required, max: 20) else { return nil }
        guard let phone = KoreanFormats.normalizePhone(text) else {
            fail(name, "휴대전화 번호를 010-1234-5678 형식으로 입력하세요.", "Enter a mobile number such as 010-1234-5678.")
            return nil
        }
        return phone
    }

    public mutating func choice<T: RawRepresentable>(_ name: String, _: T.Type, required: Bool = true) -> T?
    where T.RawValue == String {
        guard let text = text(name, required: required, max: 64) else { return nil }
        guard let value = T(rawValue: text) else {
            fail(name, "목록에서 선택하세요.", "Choose one of the listed options.")
            return nil
        }
        return value
    }

    /// The ids a record may have: twelve digits leave room for every row this program will ever store.
    public static let ids = 1...999_999_999_999

    public mutating func id(_ name: String, required: Bool = true) -> Int? {
        int(name, required: required, range: Self.ids)
    }

    public func finish() throws(ValidationFailure) {
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }
}
