import IeumCore
import Testing

@Suite("People told apart")
struct NamesakesTests {
    func p(_ id: Int, _ name: String, _ birth: String?, _ phone: String?) -> Namesakes.Person {
        Namesakes.Person(id: id, name: name, birthDate: birth, phone: phone, number: 100 + id)
    }

    @Test("only namesakes get a second line, by birth year when theirs differ")
    func birthYear() {
        let lines = Namesakes.secondLines([p(1, "박지후", "1999-03-01", "010-1111-2222"), p(2, "박지후", "2001-07-09", "010-3333-4444"),
                                           p(3, "김민준", "2000-01-01", nil)])
        #expect(lines[1] == Localized("1999년생", "born 1999"))
        #expect(lines[2] == Localized("2001년생", "born 2001"))
        #expect(lines[3] == nil)
    }

    @Test("the same birth year falls back to the phone's last digits, then to the list number")
    func fallbacks() {
        let phones = Namesakes.secondLines([p(1, "이서준", "2000-03-01", "010-1111-2222"), p(2, "이서준", "2000-07-09", "010 3333 4444")])
        #expect(phones[1] == Localized("휴대전화 …2222", "mobile …2222") && phones[2] == Localized("휴대전화 …4444", "mobile …4444"))
        let numbers = Namesakes.secondLines([p(1, "이서준", nil, "010-1111-2222"), p(2, "이서준", nil, "010-9999-2222")])
        #expect(numbers[1] == Localized("등록번호 101", "enrolment no. 101") && numbers[2] == Localized("등록번호 102", "enrolment no. 102"))
    }
}
