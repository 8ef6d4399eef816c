/// People who share a name on one list (two 박지후 in a cohort) are told apart by a second line: the birth year
/// when theirs differ, else the last four digits of the mobile number, else their number on the list (issue 24).
/// Someone whose name is theirs alone gets no second line, so the common case stays uncluttered.
public enum Namesakes {
    public struct Person: Sendable, Equatable {
        public let id: Int
        public let name: String
        public let birthDate: String?
        public let phone: String?
        /// A number that is theirs on this list (the enrolment's), the last resort.
        public let number: Int

        public init(id: Int, name: String, birthDate: String?, phone: String?, number: Int) {
            self.id = id
            self.name = name
            self.birthDate = birthDate
            self.phone = phone
            self.number = number
        }
    }

    /// The second line of each person who has a namesake on the list, by id.
    public static func secondLines(_ people: [Person]) -> [Int: Localized] {
        var lines: [Int: Localized] = [:]
        for group in Dictionary(grouping: people, by: \.name).values where group.count > 1 {
            let years = group.map { $0.birthDate.map { String($0.prefix(4)) } }
            let tails = group.map { $0.phone.map(phoneTail) }
            if years.allSatisfy({ $0 != nil }), Set(years).count == group.count {
                for (p, year) in zip(group, years) { lines[p.id] = Localized("\(year!)년생", "born \(year!)") }
            } else if tails.allSatisfy({ $0 != nil && $0!.count == 4 }), Set(tails).count == group.count {
                for (p, tail) in zip(group, tails) { lines[p.id] = Localized("휴대전화 …\(tail!)", "mobile …\(tail!)") }
            } else {
                for p in group { lines[p.id] = Localized("등록번호 \(p.number)", "enrolment no. \(p.number)") }
            }
        }
        return lines
    }

    static func phoneTail(_ phone: String) -> String { String(phone.filter(\.isNumber).suffix(4)) }
}
