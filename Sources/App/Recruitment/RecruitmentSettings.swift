import Foundation
import IeumCore
import Vapor

struct RecruitmentOutput: Content {
    let cohortID: Int
    let opensOn: String
    let closesOn: String
    let deadline: Date
    let published: Bool
    let eligibility: [String]
    let rules: [EligibilityRule]
    let questions: [ApplicationQuestion]
    let rubric: Rubric
    let testWeight: Int
    let reviewWeight: Int
    let testMinutes: Int
    /// The last day the coding test may be started (KST), if the campus set one.
    let testClosesOn: String?
    let residentShare: Int
    let quotas: [GroupQuota]
    let reviewsPerApplication: Int
    let blindReview: Bool
    let confirmDays: Int
    enum CodingKeys: String, CodingKey {
        case deadline, published, eligibility, rules, questions, rubric, quotas
        case cohortID = "cohort_id"
        case opensOn = "opens_on"
        case closesOn = "closes_on"
        case testWeight = "test_weight"
        case reviewWeight = "review_weight"
        case testMinutes = "test_minutes"
        case testClosesOn = "test_closes_on"
        case residentShare = "resident_share"
        case reviewsPerApplication = "reviews_per_application"
        case blindReview = "blind_review"
        case confirmDays = "confirm_days"
    }

    init(_ r: Recruitment, lang: Lang) {
        cohortID = r.cohortID
        opensOn = r.opensOn
        closesOn = r.closesOn
        deadline = r.deadline
        published = r.publishedAt != nil
        rules = r.rules
        eligibility = r.rules.map { $0.description.in(lang) }
        questions = r.questions
        rubric = r.rubric
        testWeight = r.testWeight
        reviewWeight = 100 - r.testWeight
        testMinutes = r.testMinutes
        testClosesOn = r.testClosesOn
        residentShare = r.residentShare
        quotas = r.quotas
        reviewsPerApplication = r.reviewsPerApplication
        blindReview = r.blindReview
        confirmDays = r.confirmDays
    }
}

/// The recruitment settings form (and JSON): read, checked together, and applied only when all are right.
enum RecruitmentSettings {
    static func defaults(for cohort: Cohort, campusRegion: Region?, actor: Int, now: Date) -> Recruitment {
        let r = Recruitment()
        r.cohortID = cohort.id!
        r.operatorID = cohort.operatorID
        r.campusID = cohort.$campus.id
        let start = Day(cohort.startsOn) ?? Day(now)
        r.opensOn = min(Day(now), start.adding(days: -42)).description
        r.closesOn = start.adding(days: -14).description
        r.rulesJSON = JSONCoding.encode([EligibilityRule.age(min: 19, max: 34), .notInOtherFundedCourse])
        r.questionsJSON = JSONCoding.encode([
            ApplicationQuestion(key: "q1", kind: .long, prompt: "이 과정에서 만들어 보고 싶은 것은 무엇인가요?"),
            ApplicationQuestion(key: "q2", kind: .short, prompt: "GitHub 또는 포트폴리오 주소", required: false),
        ])
        r.rubricJSON = JSONCoding.encode(Rubric.standard)
        r.testWeight = 0
        r.testMinutes = 0
        r.residentShare = campusRegion.map { $0.isCapitalRegion ? 0 : 40 } ?? 0
        r.quotasJSON = "[]"
        r.reviewsPerApplication = 2
        r.blindReview = true
        r.confirmDays = 3
        r.updatedBy = actor
        r.updatedAt = now
        return r
    }

    static func values(_ r: Recruitment) -> [String: String] {
        var v: [String: String] = [
            "opens_on": r.opensOn, "closes_on": r.closesOn, "test_minutes": String(r.testMinutes), "test_weight": String(r.testWeight),
            "test_closes_on": r.testClosesOn ?? "",
"resident_share": String(r.residentShare),
            "reviews_per_application": String(r.reviewsPerApplication), "blind_review": r.blindReview ? "on" : "",
            "confirm_days": String(r.confirmDays), "questions": r.questions.map(\.line).joined(separator: "\n"),
            "rubric": r.rubric.text, "quotas": r.quotas.map(\.line).joined(separator: "\n"),
        ]
        for rule in r.rules {
            switch rule {
            case let .age(min, max):
                v["age_min"] = min.map(String.init) ?? ""
                v["age_max"] = max.map(String.init) ?? ""
            case let .residence(regions): v["residence"] = regions.map(\.rawValue).joined(separator: ",")
            case .notInOtherFundedCourse: v["not_in_other_course"] = "on"
            case let .education(levels): v["education"] = levels.map(\.rawValue).joined(separator: ",")
            case let .employment(statuses): v["employment"] = statuses.map(\.rawValue).joined(separator: ",")
            }
        }
        return v
    }

    static func fields(_ lang: Lang) -> [FieldSpec] {
        [
            FieldSpec(name: "opens_on", label: Localized("접수 시작일", "Applications open on"), kind: .date),
            FieldSpec(name: "closes_on", label: Localized("접수 마감일", "Applications close on"), kind: .date,
                      hint: Localized("이 날 밤 12시(한국 시간)까지 제출할 수 있습니다.", "Applications are accepted until midnight (KST) of this day.")),
            FieldSpec(name: "age_min", label: Localized("최소 나이 (만)", "Minimum age"), kind: .number, required: false,
                      hint: Localized("과정 시작일 기준 만 나이", "Full years on the course's start date")),
            FieldSpec(name: "age_max", label: Localized("최대 나이 (만)", "Maximum age"), kind: .number, required: false),
            FieldSpec(name: "residence", label: Localized("거주지 제한 (고르지 않으면 제한 없음)", "Only residents of (none chosen: anyone)"),
                      kind: .checkboxes(Region.allCases.map { .init(value: $0.rawValue, label: $0.name.in(lang)) }), required: false),
            FieldSpec(name: "not_in_other_course", label: Localized("다른 국비 과정 수강 중 지원 불가", "Not while in another funded course"),
                      kind: .checkboxes([.init(value: "on", label: lang.pick("적용", "Apply this rule"))]), required: false),
            FieldSpec(name: "education", label: Localized("학력 조건 (고르지 않으면 제한 없음)", "Education (none chosen: any)"),
                      kind: .checkboxes(EducationLevel.allCases.map { .init(value: $0.rawValue, label: $0.name.in(lang)) }), required: false),
            FieldSpec(name: "employment", label: Localized("취업 상태 조건 (고르지 않으면 제한 없음)", "Employment status (none chosen: any)"),
                      kind: .checkboxes(EmploymentStatus.allCases.map { .init(value: $0.rawValue, label: $0.name.in(lang)) }), required: false),
            FieldSpec(name: "questions", label: Localized("추가 질문", "Extra questions"), kind: .textarea, required: false,
                      hint: Localized("한 줄에 하나씩 '종류: 질문' (short, long, choice, file). 선택형은 '| 보기'를 잇고, 선택 답변은 종류 뒤에 *를 붙입니다.",
                                      "One per line as 'kind: question' (short, long, choice, file). Choices follow as '| option'; add * after the kind for an optional answer.")),
            FieldSpec(name: "test_minutes", label: Localized("코딩 테스트 시간 (분, 0이면 테스트 없음)", "Coding test minutes (0: no test)"), kind: .number,
                      hint: Localized("지원자가 시작한 때부터 잽니다. 문제는 이 기수의 '코딩 테스트 문제'로 만듭니다.", "Counted from when each applicant starts. Problems are this cohort's coding-test problems.")),
            FieldSpec(name: "test_closes_on", label: Localized("코딩 테스트 시작 마감일", "Last day to start the coding test"), kind: .date, required: false,
                      hint: Localized("지원자는 이 날 밤 12시(한국 시간)까지 테스트를 시작할 수 있습니다. 비워 두면 테스트 단계를 넘길 때까지입니다.",
                                      "Applicants may start the test until midnight (KST) of this day; left empty, until the test stage is moved on.")),
            FieldSpec(name: "test_weight", label: Localized("테스트 점수 비중 (%)", "Weight of the test score (%)"), kind: .number,
                      hint: Localized("나머지는 심사 점수입니다.", "The rest comes from the review score.")),
            FieldSpec(name: "rubric", label: Localized("심사 기준", "Review rubric"), kind: .textarea,
                      hint: Localized("한 줄에 하나씩 '기준 | 가중치'. 심사위원은 기준마다 1~5점을 줍니다.", "One per line as 'criterion | weight'. Reviewers give 1–5 per criterion.")),
            FieldSpec(name: "reviews_per_application", label: Localized("지원서당 심사 수", "Reviews per application"), kind: .number),
            FieldSpec(name: "blind_review", label: Localized("블라인드 심사", "Blind review"),
                      kind: .checkboxes([.init(value: "on", label: lang.pick("이름·나이·성별·학교를 심사위원에게 숨김", "Hide name, age, gender and school from reviewers"))]),
                      required: false),
            FieldSpec(name: "resident_share", label: Localized("지역 거주자 최소 비율 (%)", "Minimum share of regional residents (%)"), kind: .number,
                      hint: Localized("캠퍼스가 있는 시·도 거주자에게 최소한 이만큼의 자리를 둡니다.", "At least this share of seats goes to residents of the campus's region.")),
            FieldSpec(name: "quotas", label: Localized("그 밖의 최소 비율", "Other minimum shares"), kind: .textarea, required: false,
                      hint: Localized("한 줄에 하나씩 '항목 = 값 | 비율'. 항목은 선택형 질문(q1, q2 …) 또는 gender, education, employment, residence. 예: q2 = 프론트엔드 | 30",
                                      "One per line as 'field = value | percent'; the field is a choice question (q1, q2 …) or gender, education, employment, residence. E.g. q2 = frontend | 30")),
            FieldSpec(name: "confirm_days", label: Localized("등록 확정 기한 (일)", "Days to confirm a place"), kind: .number),
        ]
    }

    /// What `apply` reads. Not a merge: what is left out is cleared or refused, except the test's minutes, weight and
    /// last day, which stay as they are when left out. Blind review must be said either way: left out, a flag reads
    /// as false, and a client that forgot it would show reviewers names, ages and schools.
    static let saveBody = Body([
        .day("opens_on"), .day("closes_on"),
        .integer("age_min", 15...80, required: false), .integer("age_max", 15...80, required: false),
        .list("residence", "only residents of these regions (none: anyone): " + Region.allCases.map(\.rawValue).joined(separator: ", ")),
        .flag("not_in_other_course"),
        .list("education", "only these education levels (none: any): " + EducationLevel.allCases.map(\.rawValue).joined(separator: ", ")),
        .list("employment", "only these employment statuses (none: any): " + EmploymentStatus.allCases.map(\.rawValue).joined(separator: ", ")),
        .field("questions", .text, required: false, "one per line as 'kind: question' (short, long, choice, file); choices follow as '| option'; * after the kind: optional"),
        .integer("test_minutes", 0...300, required: false), .integer("test_weight", 0...100, required: false),
        .field("test_closes_on", .oneOf([.day, .text(maxLength: 0)]), required: false,
               "the last day (KST) an applicant may start the coding test, on or after the closing day; \"\": until the test stage is moved on; left out: unchanged"),
        .field("rubric", .text(minLength: 1), "one criterion per line as 'criterion | weight' (1 to 10 lines)"),
        .integer("reviews_per_application", 1...5), .flag("blind_review", required: true), .integer("resident_share", 0...100),
        .field("quotas", .text, required: false, "one per line as 'field = value | percent' (a choice question q1, q2 … or gender, education, employment, residence)"),
        .integer("confirm_days", 1...14),
    ])

    /// Checks everything; on success changes `r` (not saved).
    static func apply(_ values: [String: String], to r: Recruitment, cohort: Cohort, actor: Int, now: Date) throws(ValidationFailure) {
        var reader = FieldReader(values)
        let opens = reader.day("opens_on")
        let closes = reader.day("closes_on")
        if let opens, let closes, closes < opens {
            reader.fail("closes_on", "마감일은 시작일과 같거나 뒤여야 합니다.", "The closing day must be on or after the opening day.")
        }
        if let closes, let start = Day(cohort.startsOn), !(closes < start) {
            reader.fail("closes_on", "접수는 과정 시작일(\(start)) 전에 마감해야 합니다.", "Applications must close before the course starts (\(start)).")
        }
        let ageMin = reader.int("age_min", required: false, range: 15...80)
        let ageMax = reader.int("age_max", required: false, range: 15...80)
        if let ageMin, let ageMax, ageMax < ageMin {
            reader.fail("age_max", "최대 나이가 최소 나이보다 작습니다.", "The maximum age is below the minimum.")
        }
        var rules: [EligibilityRule] = []
        if ageMin != nil || ageMax != nil { rules.append(.age(min: ageMin, max: ageMax)) }
        let regions = FormChoices.chosen(values, "residence", options: Region.allCases.map(\.rawValue)).compactMap(Region.init(rawValue:))
        if !regions.isEmpty { rules.append(.residence(in: regions)) }
        if !FormChoices.chosen(values, "not_in_other_course", options: ["on", "true"]).isEmpty { rules.append(.notInOtherFundedCourse) }
        let levels = FormChoices.chosen(values, "education", options: EducationLevel.allCases.map(\.rawValue)).compactMap(EducationLevel.init(rawValue:))
        if !levels.isEmpty { rules.append(.education(oneOf: levels)) }
        let statuses = FormChoices.chosen(values, "employment", options: EmploymentStatus.allCases.map(\.rawValue)).compactMap(EmploymentStatus.init(rawValue:))
        if !statuses.isEmpty { rules.append(.employment(oneOf: statuses)) }

        let parsed = ApplicationQuestion.parse(values["questions"] ?? "")
        if let first = parsed.problems.first { reader.fail("questions", first.ko, first.en) }
        let rubric = Rubric.parse(values["rubric"] ?? "")
        if let first = rubric.problems.first { reader.fail("rubric", first.ko, first.en) }
        // Left out (an older client, a course without a test): the test settings stay as they are.
        let testMinutes = values["test_minutes"] == nil ? r.testMinutes : reader.int("test_minutes", range: 0...300)
        let testWeight = values["test_weight"] == nil ? r.testWeight : reader.int("test_weight", range: 0...100)
        if testMinutes == 0, let testWeight, testWeight > 0 {
            reader.fail("test_weight", "코딩 테스트가 없으면 테스트 비중은 0이어야 합니다.", "Without a coding test the test weight must be 0.")
        }
        let testCloses = values["test_closes_on"] == nil ? r.testClosesOn.flatMap { Day($0) } : reader.day("test_closes_on", required: false)
        if let testCloses, let opens, testCloses < opens {
            reader.fail("test_closes_on", "테스트 마감일은 접수 시작일과 같거나 뒤여야 합니다.", "The test's last day must be on or after the opening day.")
        }
        if let testCloses, let start = Day(cohort.startsOn), !(testCloses < start) {
            reader.fail("test_closes_on", "테스트는 과정 시작일(\(start)) 전에 마감해야 합니다.", "The test must close before the course starts (\(start)).")
        }
        // Whoever applies may take the test: it closes no earlier than applications do.
        if let testCloses, let closes, testCloses < closes {
            reader.fail("test_closes_on", "테스트 마감일은 접수 마감일(\(closes)) 이후여야 지원한 모두가 볼 수 있습니다.",
                        "The test's last day must be on or after the closing day (\(closes)), so everyone who applies can take it.")
        }
        // A new last day already past would shut out those waiting to start at once.
        if let testCloses, testCloses.description != r.testClosesOn, testCloses < Day(now) {
            reader.fail("test_closes_on", "이미 지난 날입니다. 오늘이나 그 뒤로 정하세요.", "That day has passed; choose today or later.")
        }
        var choices: [String: [String]] = [
            "gender": Gender.allCases.map(\.rawValue), "education": EducationLevel.allCases.map(\.rawValue),
            "employment": EmploymentStatus.allCases.map(\.rawValue), "residence": Region.allCases.map(\.rawValue),
        ]
        for q in parsed.questions where q.kind == .choice { choices[q.key] = q.options }
        let quotas = GroupQuota.parse(values["quotas"] ?? "", choices: choices)
        if let first = quotas.problems.first { reader.fail("quotas", first.ko, first.en) }
        let reviews = reader.int("reviews_per_application", range: 1...5)
        let share = reader.int("resident_share", range: 0...100)
        let confirmDays = reader.int("confirm_days", range: 1...14)
        let blind = !FormChoices.chosen(values, "blind_review", options: ["on", "true"]).isEmpty
        try reader.finish()
        r.opensOn = opens!.description
        r.closesOn = closes!.description
        r.rulesJSON = JSONCoding.encode(rules)
        r.questionsJSON = JSONCoding.encode(parsed.questions)
        r.rubricJSON = JSONCoding.encode(rubric.rubric)
        r.testMinutes = testMinutes!
        r.testWeight = testWeight!
        r.testClosesOn = r.testMinutes > 0 ? testCloses?.description : nil
        r.reviewsPerApplication = reviews!
        r.residentShare = share!
        r.quotasJSON = JSONCoding.encode(quotas.quotas)
        r.confirmDays = confirmDays!
        r.blindReview = blind
        r.updatedBy = actor
        r.updatedAt = now
    }
}
