import Foundation
import IeumCore
import Testing

func fixture(_ name: String) throws -> Data {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent(name)
    return try Data(contentsOf: url)
}

@Suite("Importing people from spreadsheets")
struct PersonImportTests {
    @Test("a UTF-8 file with a byte-order mark, as Excel saves 'CSV UTF-8', is read whole")
    func utf8WithBOM() throws {
        let result = PersonImport.read(try fixture("trainees-utf8-bom.csv"))
        #expect(result.problems.isEmpty)
        #expect(result.encoding == .utf8WithBOM)
        #expect(result.people.map(\.name) == ["김민준", "박서연", "최지호"])
        #expect(result.people[1].phone == "010-3456-7890")
        #expect(result.people[1].birthDate?.description == "2001-11-03")
        #expect(result.people[1].region == .gyeongnam)
        #expect(result.people[2].birthDate == nil)
        #expect(result.people[2].row == 4)
    }

    @Test("a CP949 file, as Korean Excel saves plain CSV, is read, including characters EUC-KR lacks")
    func cp949() throws {
        let data = try fixture("trainees-cp949.csv")
        #expect(String(data: data, encoding: .utf8) == nil)
        let result = PersonImport.read(data)
        #expect(result.problems.isEmpty)
        #expect(result.encoding == .cp949)
        #expect(result.people.map(\.name) == ["강똠", "윤하은"])
        #expect(result.people[1].region == .gwangju)
    }

    @Test("every bad row is reported with its row, column and reason, and no one is accepted from a bad file's bad rows")
    func badRows() throws {
        let result = PersonImport.read(try fixture("trainees-bad.csv"))
        let found = result.problems.map { "\($0.row):\($0.column)" }
        #expect(found == ["3:이름", "4:이메일", "5:휴대전화", "6:생년월일", "7:거주지역", "8:이메일", "9:휴대전화"])
        #expect(result.problems.first { $0.row == 8 }?.message.ko == "2행과 이메일이 같습니다.")
        #expect(result.problems.first { $0.row == 9 }?.message.en == "Same mobile number as row 2.")
        #expect(result.people.map(\.row) == [2])
    }

    @Test("a file without the required columns says which are missing")
    func missingColumns() {
        let result = PersonImport.read(Data("이름,주소\n김민준,창원\n".utf8))
        #expect(result.problems.map(\.column) == ["이메일", "휴대전화"])
        #expect(result.people.isEmpty)
    }

    @Test("empty, header-only and unreadable files are refused with a reason")
    func emptyFiles() {
        #expect(PersonImport.read(Data()).problems.count == 1)
        #expect(PersonImport.read(Data("이름,이메일,휴대전화\n".utf8)).problems.first?.message.en == "There are no rows to import.")
        #expect(PersonImport.read(Data([0xFF, 0xFE, 0xFD, 0x00, 0x81])).problems.first?.row == 0)
        #expect(PersonImport.read(Data("이름,이메일,휴대전화\n\"김민준,a@b.kr,010\n".utf8)).problems.first?.message.en == "A quoted cell is never closed.")
    }

    @Test("English headers work too")
    func englishHeaders() {
        let result = PersonImport.read(Data("Name,E-mail,Mobile,Region\nKim Minjun,kim@example.kr,010-1234-5678,Busan\n".utf8))
        #expect(result.problems.isEmpty)
        #expect(result.people.first?.region == .busan)
    }
}

@Suite("CSV")
struct CSVTableTests {
    @Test("quoted cells keep commas, quotes and line breaks")
    func quoting() throws {
        let rows = try CSVTable.parse("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",x,\r\n")
        #expect(rows == [["a", "b,c", "say \"hi\""], ["two\nlines", "x", ""]])
    }

    @Test("writing and reading a line gives back the same cells")
    func roundTrip() throws {
        let cells = ["김민준", "a,b", "q\"uote", "line\nbreak", ""]
        #expect(try CSVTable.parse(CSVTable.line(cells)) == [cells])
    }

    @Test("Excel-ready CSV starts with a byte-order mark")
    func excel() {
        #expect(Array(SpreadsheetText.excelCSV("이름").prefix(3)) == [0xEF, 0xBB, 0xBF])
    }
}

@Suite("Export neutralisation")
struct SpreadsheetCellTests {
    @Test("cells that a spreadsheet would run as formulas are turned into text",
          arguments: [("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+82 10", "'+82 10"), ("-1+1", "'-1+1"),
                      ("@SUM(A1)", "'@SUM(A1)"), ("\tcmd", "'\tcmd"), ("\rx", "'\rx")])
    func dangerous(value: String, safe: String) {
        #expect(SpreadsheetCell.neutralise(value) == safe)
    }

    @Test("ordinary values are left alone", arguments: ["김민준", "010-1234-5678", "2026-03-02", "", "a=b"])
    func ordinary(value: String) {
        #expect(SpreadsheetCell.neutralise(value) == value)
    }

    @Test("plain numbers become spreadsheet numbers; codes, dates, phone numbers and marks stay text",
          arguments: [("85.9", true), ("0", true), ("1848", true), ("0.5", true), ("0101", false), ("010-1234-5678", false),
                      ("2026-03-02", false), ("<5", false), ("×", false), ("-3", false), ("1.", false), (".5", false), ("", false), ("١٢", false)])
    func plainNumber(value: String, isNumber: Bool) {
        #expect((SpreadsheetCell.plainNumber(value) != nil) == isNumber)
    }

    @Test("a CSV line quotes as needed after neutralising")
    func line() {
        #expect(SpreadsheetCell.csvLine(["=1+2", "a,b"]) == "'=1+2,\"a,b\"\r\n")
    }
}
