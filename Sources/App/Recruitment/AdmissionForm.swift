import Foundation
import IeumCore
import Vapor

enum Gender: String, CaseIterable, Sendable {
    case female, male, other
    case undisclosed

    var name: Localized {
        switch self {
        case .female: Localized("여성", "Female")
        case .male: Localized("남성", "Male")
        case .other: Localized("기타", "Other")
        case .undisclosed: Localized("밝히지 않음", "Prefer not to say")
        }
    }
}

/// The application form: standard fields (the facts eligibility is judged on) and the course's own questions.
/// A draft may be incomplete; a submission must be whole.
enum AdmissionForm {
    static func fields(_ lang: Lang, questions: [ApplicationQuestion]) -> [FieldSpec] {
        var fields = [
            FieldSpec(name: "birth_date", label: Localized("생년월일", "Date of birth"), kind: .date),
            FieldSpec(name: "gender", label: Localized("성별", "Gender"),
                      kind: .select(Gender.allCases.map { .init(value: $0.rawValue, label: $0.name.in(lang)) }),
                      hint: Localized("통계에만 쓰며 블라인드 심사에서는 심사위원에게 보이지 않습니다.", "Used for statistics only; hidden from reviewers in blind review.")),
            FieldSpec(name: "phone", label: Localized("휴대전화", "Mobile phone"), kind: .tel),
            FieldSpec(name: "residence", label: Localized("거주지 (시·도)", "Where you live (province or city)"),
                      kind: .select(Region.allCases.map { .init(value: $0.rawValue, label: $0.name.in(lang)) })),
            FieldSpec(name: "education", label: Localized("최종 학력", "Highest education"),
                      kind: .select(EducationLevel.allCases.map { .init(value: $0.rawValue, label: $0.name.in(lang)) })),
            FieldSpec(name: "school", label: Localized("학교", "School"), required: false),
            FieldSpec(name: "employment", label: Localized("현재 취업 상태", "Current employment"),
                      kind: .select(EmploymentStatus.allCases.map { .init(value: $0.rawValue, label: $0.name.in(lang)) })),
            FieldSpec(name: "other_funded_course", label: Localized("다른 국비 지원 과정", "Other funded course"),
                      kind: .checkboxes([.init(value: "on", label: lang.pick("지금 다른 국비 지원 과정을 수강 중입니다", "I am in another publicly funded course now"))]),
                      required: false),
            FieldSpec(name: "motivation", label: Localized("지원 동기", "Why you are applying"), kind: .textarea,
                      hint: Localized("2,000자까지", "Up to 2,000 characters")),
        ]
        for q in questions where q.kind != .file {
            let kind: FieldSpec.Kind = switch q.kind {
            case .long: .textarea
            case .choice: .select(q.options.map { .init(value: $0, label: $0) })
            default: .text
            }
            fields.append(FieldSpec(name: q.key, label: Localized(q.prompt, q.prompt), kind: kind, required: q.required))
        }
        return fields
    }

    static func values(_ a: Admission) -> [String: String] {
        var v: [String: String] = [
            "birth_date": a.birthDate ?? "", "gender": a.gender ?? "", "residence": a.residence ?? "",
            "education": a.education ?? "", "school": a.school ?? "", "employment": a.employment ?? "",
            "other_funded_course": a.otherFundedCourse ? "on" : "", "motivation": a.motivation,
        ]
        for (k, answer) in a.answers { v[k] = answer }
        for (k, typed) in a.unsettled { v[k] = typed }
        return v
    }

    /// The API's application: the cohort (read by `AdmissionController.saveFromJSON`), `submit` (a draft otherwise),
    /// the standard fields (all needed only to submit, which is the action's to say) and the answers to the course's
    /// questions, keyed q1, q2 … (at most 20 questions).
    static let saveBody = Body([
        .id("cohort_id"), .flag("submit"),
        .day("birth_date", required: false), .choice("gender", Gender.self, required: false), .phone("phone", required: false),
        .choice("residence", Region.self, required: false), .choice("education", EducationLevel.self, required: false),
        .text("school", max: 100, required: false), .choice("employment", EmploymentStatus.self, required: false),
        .flag("other_funded_course"), .text("motivation", max: 2000, required: false),
    ] + (1...20).map { n in
        .text("q\(n)", max: ApplicationQuestion.Kind.long.limit, required: false,
              "the answer to question q\(n) (short and choice answers up to \(ApplicationQuestion.Kind.short.limit) characters)")
    })

    /// Checks the values and writes them into `a`. A submission must be whole (including files, whose presence is
    /// `filesGiven`) or nothing is written. A draft saves everything: what passes its checks is written, and the
    /// fields that do not are answered, to be kept as typed (`Admission.unsettled`) and shown with their errors.
    @discardableResult
    static func apply(_ values: [String: String], to a: Admission, phone: inout String?, questions: [ApplicationQuestion],
                      filesGiven: Set<String>, submitting: Bool) throws(ValidationFailure) -> [FieldError] {
        var reader = FieldReader(values)
        let birth = reader.day("birth_date", required: submitting)
        if let birth, !(Day(year: 1930, month: 1, day: 1)! < birth) || !(birth < Day(Date())) {
            reader.fail("birth_date", "생년월일을 확인하세요.", "Check the date of birth.")
        }
        let gender = reader.choice("gender", Gender.self, required: submitting)
        let givenPhone = reader.phone("phone", required: submitting)
        let residence = reader.choice("residence", Region.self, required: submitting)
        let education = reader.choice("education", EducationLevel.self, required: submitting)
        let school = reader.text("school", required: false, max: 100)
        let employment = reader.choice("employment", EmploymentStatus.self, required: submitting)
        let motivation = reader.text("motivation", required: submitting, max: 2000)
        var answers: [String: String] = [:]
        for q in questions {
            if q.kind == .file {
                if submitting && q.required && !filesGiven.contains(q.key) {
                    reader.fail("file_" + q.key, "파일을 올리세요.", "Upload the file.")
                }
                continue
            }
            let text = reader.raw(q.key)
            if let problem = q.problem(with: text, submitting: submitting) { reader.fail(q.key, problem.ko, problem.en) }
            if !text.isEmpty { answers[q.key] = text }
        }
        // An answer to a question the course does not ask is refused by name rather than dropped unseen.
        for key in values.keys.sorted() where key.range(of: #"^q[0-9]+$"#, options: .regularExpression) != nil
            && !questions.contains(where: { $0.key == key }) && !(values[key] ?? "").isEmpty {
            reader.fail(key, "이 과정에는 \(key) 질문이 없습니다.", "This course asks no question \(key).")
        }
        if submitting { try reader.finish() }
        let unsettled = Set(reader.errors.map(\.field))
        func settled(_ name: String) -> Bool { !unsettled.contains(name) }
        if settled("birth_date") { a.birthDate = birth?.description }
        if settled("gender") { a.gender = gender?.rawValue }
        if settled("residence") { a.residence = residence?.rawValue }
        if settled("education") { a.education = education?.rawValue }
        if settled("school") { a.school = school }
        if settled("employment") { a.employment = employment?.rawValue }
        a.otherFundedCourse = !FormChoices.chosen(values, "other_funded_course", options: ["on", "true"]).isEmpty
        if settled("motivation") { a.motivation = motivation ?? "" }
        var kept = a.answers.filter { k, _ in questions.contains { $0.key == k && ($0.kind == .file || unsettled.contains(k)) } }
        kept.merge(answers.filter { settled($0.key) }) { _, new in new }
        a.answersJSON = JSONCoding.encode(kept)
        if settled("phone"), let givenPhone { phone = givenPhone }
        let typed = Dictionary(uniqueKeysWithValues: unsettled.map { ($0, values[$0] ?? "") })
        a.unsettledJSON = typed.isEmpty ? nil : JSONCoding.encode(typed)
        return reader.errors
    }

    /// The errors of a draft's unsettled fields, to show beside them when the draft is opened again.
    static func problems(of a: Admission, questions: [ApplicationQuestion]) -> [FieldError] {
        let unsettled = a.unsettled
        guard !unsettled.isEmpty else { return [] }
        var phone: String?
        let scratch = Admission()
        scratch.answersJSON = "{}"
        let errors = (try? apply(values(a), to: scratch, phone: &phone, questions: questions, filesGiven: [], submitting: false)) ?? []
        return errors.filter { unsettled[$0.field] != nil }
    }
}
