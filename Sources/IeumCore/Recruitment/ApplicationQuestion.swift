import Foundation

/// A question an operator adds to a course's application form, stored as data with the recruitment.
public struct ApplicationQuestion: Sendable, Equatable, Codable {
    public enum Kind: String, CaseIterable, Sendable, Codable {
        case short, long, choice, file

        public var name: Localized {
            switch self {
            case .short: Localized("짧은 답", "Short answer")
            case .long: Localized("긴 답", "Long answer")
            case .choice: Localized("선택", "Choice")
            case .file: Localized("파일", "File")
            }
        }

        /// Longest answer accepted, in characters.
        public var limit: Int {
            switch self {
            case .short: 200
            case .long: 3000
            case .choice, .file: 200
            }
        }
    }

    /// Stable key of the answer (`q1`, `q2`, …), so answers survive re-ordering of the form.
    public let key: String
    public let kind: Kind
    public let prompt: String
    public let required: Bool
    /// Choices, for `.choice`.
    public let options: [String]

    public init(key: String, kind: Kind, prompt: String, required: Bool = true, options: [String] = []) {
        self.key = key
        self.kind = kind
        self.prompt = prompt
        self.required = required
        self.options = options
    }

    /// What is wrong with an answer, in plain words; nil when it is fine. A draft may leave required answers
    /// empty (`submitting == false`).
    public func problem(with answer: String?, submitting: Bool) -> Localized? {
        let text = (answer ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            return required && submitting ? Localized("이 질문에 답하세요.", "Answer this question.") : nil
        }
        if text.count > kind.limit {
            return Localized("\(kind.limit)자까지 적을 수 있습니다 (지금 \(text.count)자).", "At most \(kind.limit) characters (now \(text.count)).")
        }
        if kind == .choice && !options.contains(text) {
            return Localized("보기 중에서 고르세요.", "Choose one of the options.")
        }
        return nil
    }

    /// Reads questions written one per line as `kind: prompt` (`choice: 희망 트랙 | 백엔드 | 프론트엔드`),
    /// `*` after the kind marking an optional one. Each line's problem is reported with its line number.
    public static func parse(_ text: String) -> (questions: [ApplicationQuestion], problems: [Localized]) {
        var questions: [ApplicationQuestion] = []
        var problems: [Localized] = []
        let lines = TextLines.split(text).map { $0.trimmingCharacters(in: .whitespaces) }
        for (index, line) in lines.enumerated() where !line.isEmpty {
            let n = index + 1
            guard let colon = line.firstIndex(of: ":") else {
                problems.append(Localized("\(n)번째 줄: '종류: 질문' 꼴로 적으세요 (short, long, choice, file).",
                                          "Line \(n): write 'kind: question' (short, long, choice, file)."))
                continue
            }
            var head = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let optional = head.hasSuffix("*")
            if optional { head.removeLast() }
            guard let kind = Kind(rawValue: head.trimmingCharacters(in: .whitespaces)) else {
                problems.append(Localized("\(n)번째 줄: 종류는 short, long, choice, file 중 하나입니다.",
                                          "Line \(n): the kind must be short, long, choice or file."))
                continue
            }
            let parts = line[line.index(after: colon)...].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let prompt = parts.first ?? ""
            let options = Array(parts.dropFirst()).filter { !$0.isEmpty }
            if prompt.isEmpty || prompt.count > 300 {
                problems.append(Localized("\(n)번째 줄: 질문을 1~300자로 적으세요.", "Line \(n): the question needs 1 to 300 characters."))
                continue
            }
            if kind == .choice && options.count < 2 {
                problems.append(Localized("\(n)번째 줄: 선택 질문에는 '|'로 나눈 보기가 둘 이상 있어야 합니다.",
                                          "Line \(n): a choice question needs two or more options separated by '|'."))
                continue
            }
            questions.append(ApplicationQuestion(key: "q\(questions.count + 1)", kind: kind, prompt: prompt, required: !optional,
                                                 options: kind == .choice ? options : []))
        }
        if questions.count > 20 { problems.append(Localized("질문은 20개까지 둘 수 있습니다.", "At most 20 questions.")) }
        return (questions, problems)
    }

    /// The line `parse` reads back to this question.
    public var line: String {
        "\(kind.rawValue)\(required ? "" : "*"): \(prompt)" + options.map { " | " + $0 }.joined()
    }
}
