import IeumCore
import Testing

@Suite("Reading submitted fields")
struct FieldReaderTests {
    @Test("every problem is reported at once, each beside its field")
    func gathersAllErrors() {
        var reader = FieldReader(["name": "", "capacity": "many", "starts_on": "2026-02-30", "email": "nope", "region": "mars"])
        _ = reader.text("name")
        _ = reader.int("capacity", range: 1...100)
        _ = reader.day("starts_on")
        _ = reader.email("email")
        _ = reader.choice("region", Region.self)
        #expect(reader.errors.map(\.field) == ["name", "capacity", "starts_on", "email", "region"])
        #expect(reader.errors[0].message.ko == "필수 항목입니다.")
        #expect(throws: ValidationFailure.self) { try reader.finish() }
    }

    @Test("good values come back typed and trimmed")
    func typedValues() throws {
        var reader = FieldReader(["name": "  김민준 ", "capacity": "1,000", "email": "Kim@Example.KR", "phone": "01098765432"])
        #expect(reader.text("name") == "김민준")
        #expect(reader.int("capacity", range: 1...2000) == 1000)
        #expect(reader.email("email") == "kim@example.kr")
        #expect(reader.phone("phone") == "010-9876-5432")
        #expect(reader.text("missing", required: false) == nil)
        try reader.finish()
    }

    @Test("numbers out of range say what range is allowed")
    func range() {
        var reader = FieldReader(["capacity": "0"])
        _ = reader.int("capacity", range: 1...1000)
        #expect(reader.errors.first?.message.en == "Enter a number from 1 to 1000.")
    }

    @Test("text with NUL or another control character is refused; tabs and line ends (CRLF from forms) are kept")
    func controlCharacters() {
        var reader = FieldReader(["a": "좋아요\u{0}", "b": "줄 1\r\n\t줄 2", "c": "색\u{1B}[31m"])
        #expect(reader.text("a", max: 100) == nil)
        #expect(reader.text("b", max: 100) == "줄 1\r\n\t줄 2")
        #expect(reader.text("c", max: 100) == nil)
        #expect(reader.errors.map(\.field) == ["a", "c"])
        #expect(reader.errors.first?.message.ko == "보이지 않는 제어 문자(U+0000)는 쓸 수 없습니다.")
    }
}

@Suite("Whole numbers and ids past their range")
struct FieldReaderRangeTests {
    @Test("a number of many digits is out of range, not 'too many characters' or 'not a number'")
    func longNumbers() {
        var reader = FieldReader(["a": "4167932492094174", "b": "99999999999999999999999", "c": "12a"])
        #expect(reader.id("a") == nil)
        #expect(reader.int("b", range: 1...1000) == nil)
        #expect(reader.int("c", range: 1...1000) == nil)
        #expect(reader.errors.map(\.message.en) == ["Enter a number from 1 to 999999999999.", "Enter a number from 1 to 1000.", "Enter a whole number."])
    }
}
