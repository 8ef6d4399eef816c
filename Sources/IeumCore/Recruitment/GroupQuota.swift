import Foundation

/// A minimum share of seats for applicants with one answer: a standard field (`gender`, `education`,
/// `employment`, `residence`) or a choice question (`q2`, e.g. the track they want). Written one per line as
/// `field = value | percent`, e.g. `q2 = 프론트엔드 | 30`.
public struct GroupQuota: Sendable, Equatable, Codable {
    public let field: String
    public let value: String
    public let percent: Int

    public init(field: String, value: String, percent: Int) {
        self.field = field
        self.value = value
        self.percent = percent
    }

    /// The group's name in the selection (`q2=프론트엔드`).
    public var group: String { field + "=" + value }

    public static let standardFields = ["gender", "education", "employment", "residence"]

    /// Reads the lines; `choices` are the values each field may take (standard fields and choice questions).
    public static func parse(_ text: String, choices: [String: [String]]) -> (quotas: [GroupQuota], problems: [Localized]) {
        var quotas: [GroupQuota] = []
        var problems: [Localized] = []
        for (index, raw) in TextLines.split(text).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            let n = index + 1
            let halves = line.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let sides = halves.first.map { $0.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
            guard halves.count == 2, sides.count == 2, let percent = Int(halves[1].replacingOccurrences(of: "%", with: "")) else {
                problems.append(Localized("\(n)번째 줄: '항목 = 값 | 비율' 꼴로 적으세요 (예: q2 = 프론트엔드 | 30).",
                                          "Line \(n): write 'field = value | percent' (e.g. q2 = frontend | 30)."))
                continue
            }
            guard let allowed = choices[sides[0]] else {
                problems.append(Localized("\(n)번째 줄: '\(sides[0])'은(는) 할당에 쓸 수 없습니다. 선택형 질문(q1, q2 …)이나 gender, education, employment, residence를 쓰세요.",
                                          "Line \(n): '\(sides[0])' cannot carry a quota; use a choice question (q1, q2 …) or gender, education, employment, residence."))
                continue
            }
            guard allowed.contains(sides[1]) else {
                problems.append(Localized("\(n)번째 줄: '\(sides[1])'은(는) \(sides[0])의 보기에 없습니다 (\(allowed.joined(separator: ", "))).",
                                          "Line \(n): '\(sides[1])' is not one of \(sides[0])'s options (\(allowed.joined(separator: ", ")))."))
                continue
            }
            guard (1...100).contains(percent) else {
                problems.append(Localized("\(n)번째 줄: 비율은 1~100입니다.", "Line \(n): the percent must be 1 to 100."))
                continue
            }
            quotas.append(GroupQuota(field: sides[0], value: sides[1], percent: percent))
        }
        return (quotas, problems)
    }

    public var line: String { "\(field) = \(value) | \(percent)" }
}
