import Foundation
import IeumCore

/// Reads an assignment from a form or JSON (as text values) and checks every field, gathering all problems.
/// Code, statements and test data are taken as written: their spaces and line ends matter.
enum AssignmentForm {
    static let maxSource = 100_000
    static let maxTestData = 1_000_000

    static func body(creating: Bool) -> Body {
        Body([
            .text("title", max: 120), .text("statement", max: 50_000), .list("languages", of: Language.all.map(\.id), required: true),
            .field("starter_code", .text(maxLength: maxSource), required: false),
            .integer("cpu_ms", 100...20_000), .integer("memory_mb", 16...1_024), .integer("output_kb", 1...65_536, required: false),
            .integer("points", 1...1_000), .text("deadline", max: 40, "2026-12-01T18:00, Korea time"),
            .choice("late_policy", ["", "refuse", "flag", "penalty"], required: false),
            .integer("penalty_per_day", 1...100, required: false), .integer("penalty_floor", 0...100, required: false),
            .choice("comparison", ["", "exact", "whitespace", "float"], required: false),
            .field("tolerance", .number(minimum: 0, maximum: 1), required: false),
            .field("checker_source", .text(maxLength: maxSource), required: false),
            .choice("checker_language", [""] + Language.all.map(\.id), required: false),
        ] + (creating ? [.choice("purpose", ["", "assignment", Assignment.admissionTest], required: false)] : []))
    }

    static let testBody = Body([
        .text("name", max: 60, required: false), .field("input", .text(maxLength: maxTestData), required: false),
        .field("expected", .text(maxLength: maxTestData), required: false), .integer("weight", 1...100, required: false),
        .flag("is_sample"),
    ])

    static func apply(_ values: [String: String], to assignment: Assignment) throws(ValidationFailure) {
        var reader = FieldReader(values)
        let title = reader.text("title", max: 120)
        let statement = values["statement"] ?? ""
        if statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            reader.fail("statement", "문제 설명을 적으세요.", "Write the problem statement.")
        } else if statement.count > 50_000 {
            reader.fail("statement", "50,000자 이하로 적으세요.", "Use at most 50,000 characters.")
        }
        let chosen = languages(values)
        if chosen.isEmpty { reader.fail("languages", "언어를 하나 이상 고르세요.", "Choose at least one language.") }
        let starter = values["starter_code"] ?? ""
        if starter.count > maxSource { reader.fail("starter_code", "100,000자 이하로 적으세요.", "Use at most 100,000 characters.") }
        let cpu = reader.int("cpu_ms", range: 100...20_000)
        let memory = reader.int("memory_mb", range: 16...1_024)
        let output = reader.int("output_kb", required: false, range: 1...65_536) ?? 1_024
        let points = reader.int("points", range: 1...1_000)
        let deadline = deadlineDate(reader.raw("deadline"))
        if deadline == nil { reader.fail("deadline", "마감 일시를 2026-12-01T18:00처럼 적으세요(한국 시간. 다른 시간대는 2026-12-01T09:00Z처럼 밝혀 적으세요).", "Write the deadline as 2026-12-01T18:00 (Korea time; or name the zone, e.g. 2026-12-01T09:00Z).") }
        let policy = latePolicy(&reader)
        let comparison = comparison(&reader)
        let checkerSource = values["checker_source"].flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        let checkerLanguage = reader.raw("checker_language").isEmpty ? nil : Language.named(reader.raw("checker_language"))
        if checkerSource != nil && checkerLanguage == nil {
            reader.fail("checker_language", "채점 프로그램의 언어를 고르세요.", "Choose the checker's language.")
        }
        try reader.finish()
        assignment.title = title!
        assignment.statement = statement
        assignment.languages = chosen.map(\.id).joined(separator: ",")
        assignment.starterCode = starter.isEmpty ? nil : starter
        assignment.cpuMilliseconds = cpu!
        assignment.memoryKilobytes = memory! * 1024
        assignment.outputKilobytes = output
        assignment.points = Double(points!)
        assignment.deadline = deadline!
        assignment.latePolicy = AssignmentCodec.text(policy!)
        assignment.comparison = comparison!
        assignment.checkerSource = checkerSource
        assignment.checkerLanguage = checkerSource == nil ? nil : checkerLanguage?.id
    }

    /// Checkboxes `languages_<id>` from a form, or `languages` as "c,python3" from JSON.
    static func languages(_ values: [String: String]) -> [Language] {
        let chosen = Set(FormChoices.chosen(values, "languages", options: Language.all.map(\.id)))
        return Language.all.filter { chosen.contains($0.id) }
    }

    /// "YYYY-MM-DDTHH:MM" (what a datetime-local field sends), in Korea time.
    static func deadlineDate(_ text: String) -> Date? { KoreanFormats.instant(text) }

    static func deadlineText(_ date: Date) -> String {
        Day(date).description + "T" + TrainingCalendar.clock(KoreanFormats.minuteOfDay(date))
    }

    static func latePolicy(_ reader: inout FieldReader) -> LatePolicy? {
        switch reader.raw("late_policy") {
        case "refuse": return .refuse
        case "flag", "": return .flagOnly
        case "penalty":
            let perDay = reader.int("penalty_per_day", range: 1...100)
            let floor = reader.int("penalty_floor", required: false, range: 0...100) ?? 0
            return perDay.map { .penalty(percentPerDay: $0, floorPercent: floor) }
        default:
            reader.fail("late_policy", "마감 후 제출 규칙을 목록에서 고르세요.", "Choose a late policy from the list.")
            return nil
        }
    }

    static func comparison(_ reader: inout FieldReader) -> String? {
        switch reader.raw("comparison") {
        case "exact": return "exact"
        case "whitespace", "": return "whitespace"
        case "float":
            guard let tolerance = Double(reader.raw("tolerance")), tolerance > 0, tolerance < 1 else {
                reader.fail("tolerance", "허용 오차를 0과 1 사이 수로 적으세요(예: 0.000001).", "Give the tolerance as a number between 0 and 1 (e.g. 0.000001).")
                return nil
            }
            return "float:\(tolerance)"
        default:
            reader.fail("comparison", "비교 방식을 목록에서 고르세요.", "Choose a comparison from the list.")
            return nil
        }
    }

    static func values(of a: Assignment) -> [String: String] {
        var values = ["title": a.title, "statement": a.statement, "starter_code": a.starterCode ?? "",
                      "cpu_ms": String(a.cpuMilliseconds), "memory_mb": String(a.memoryKilobytes / 1024),
                      "output_kb": String(a.outputKilobytes), "points": String(Int(a.points)),
                      "deadline": deadlineText(a.deadline), "checker_language": a.checkerLanguage ?? "",
                      "checker_source": a.checkerSource ?? "", "languages": a.languages]
        switch a.policy {
        case .refuse: values["late_policy"] = "refuse"
        case .flagOnly: values["late_policy"] = "flag"
        case let .penalty(perDay, floor):
            values["late_policy"] = "penalty"
            values["penalty_per_day"] = String(perDay)
            values["penalty_floor"] = String(floor)
        }
        if a.comparison.hasPrefix("float:") {
            values["comparison"] = "float"
            values["tolerance"] = String(a.comparison.dropFirst(6))
        } else {
            values["comparison"] = a.comparison
        }
        return values
    }

    /// One test from a form or JSON: input and expected output as written; weight 1 by default.
    static func test(_ values: [String: String], assignmentID: Int, position: Int) throws(ValidationFailure) -> AssignmentTest {
        var reader = FieldReader(values)
        let name = reader.text("name", required: false, max: 60) ?? "\(position)"
        let input = values["input"] ?? "", expected = values["expected"] ?? ""
        if input.utf8.count > maxTestData { reader.fail("input", "입력은 1 MB 이하여야 합니다.", "The input must be at most 1 MB.") }
        if expected.utf8.count > maxTestData { reader.fail("expected", "기대 출력은 1 MB 이하여야 합니다.", "The expected output must be at most 1 MB.") }
        let weight = reader.int("weight", required: false, range: 1...100) ?? 1
        let sample = ["on", "true", "1", "yes"].contains(reader.raw("is_sample").lowercased())
        try reader.finish()
        return AssignmentTest(assignmentID: assignmentID, position: position, name: name, input: input, expected: expected,
                              weight: weight, isSample: sample)
    }
}
