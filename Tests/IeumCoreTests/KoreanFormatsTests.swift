import Foundation
import IeumCore
import Testing

@Suite("Korean formats")
struct KoreanFormatsTests {
    @Test("mobile numbers are normalised to 010-1234-5678",
          arguments: [("01012345678", "010-1234-5678"), ("010-1234-5678", "010-1234-5678"), ("010 1234 5678", "010-1234-5678"),
                      ("+82 10-1234-5678", "010-1234-5678"), ("0111234567", "011-123-4567"),
                      ("０１０-１２３４-５６７８", "010-1234-5678"), ("(010) 1234.5678", "010-1234-5678")])
    func phones(raw: String, normalised: String) {
        #expect(KoreanFormats.normalizePhone(raw) == normalised)
    }

    @Test("things that are not mobile numbers are refused", arguments: ["02-123-4567", "1234", "010-1234-56789", "", "abc",
                     "0¹0-1234-5678", "٠١٠-١٢٣٤-٥٦٧٨", "010-1234-5678 내선", "010-12a34-5678"])
    func badPhones(raw: String) {
        #expect(KoreanFormats.normalizePhone(raw) == nil)
    }

    @Test("days are read as YYYY-MM-DD (also with dots or slashes) and only when they exist")
    func days() {
        #expect(Day("2026-03-02")?.description == "2026-03-02")
        #expect(Day("2026.3.2")?.description == "2026-03-02")
        #expect(Day("2024/02/29") != nil)
        #expect(Day("2026-02-29") == nil)
        #expect(Day("26-03-02") == nil)
        #expect(Day("2026-13-02") == nil && Day("2026-0a-02") == nil && Day("2026-03-02x") == nil)
        #expect(Day(" 2026-03-02")?.description == "2026-03-02" && Day("2026-1-5")?.description == "2026-01-05")
        #expect(Day("2026-13-01") == nil)
        #expect(Day("2026-03-02")! < Day("2026-03-10")!)
    }

    @Test("days between two days count leap years and month lengths")
    func daysBetween() {
        #expect(Day("2026-07-01")!.days(until: Day("2026-12-31")!) == 183)
        #expect(Day("2024-02-28")!.days(until: Day("2024-03-01")!) == 2)
        #expect(Day("2023-02-28")!.days(until: Day("2023-03-01")!) == 1)
        #expect(Day("2026-03-02")!.days(until: Day("2025-03-02")!) == -365)
    }

    @Test("a moment is placed on its Korean calendar day")
    func kstDay() {
        // 2026-03-01 15:30 UTC is already 2026-03-02 00:30 in Korea.
        let moment = Date(timeIntervalSince1970: 1_772_379_000)
        #expect(Day(moment).description == "2026-03-02")
    }

    @Test("e-mail addresses get a plausibility check")
    func emails() {
        #expect(KoreanFormats.isPlausibleEmail("kim.minjun@example.kr"))
        #expect(!KoreanFormats.isPlausibleEmail("kim.minjun"))
        #expect(!KoreanFormats.isPlausibleEmail("kim @example.kr"))
        #expect(!KoreanFormats.isPlausibleEmail("kim@example"))
    }
}

@Suite("Identifiers")
struct IdentifierTests {
    @Test("registration numbers need a real birth date and a known 7th digit")
    func residentNumbers() {
        #expect(ResidentNumber.normalize("900101-1234567") == "900101-1234567")
        #expect(ResidentNumber.normalize("0402293123456") == "040229-3123456")
        #expect(ResidentNumber.normalize("050229-3123456") == nil)
        #expect(ResidentNumber.normalize("901301-1234567") == nil)
        #expect(ResidentNumber.normalize("900101-123456") == nil)
        #expect(ResidentNumber.masked("900101-1234567") == "900101-1******")
    }

    @Test("account numbers keep only their last four digits visible")
    func accounts() {
        #expect(BankAccount.normalize("123-456-789012") == "123-456-789012")
        #expect(BankAccount.normalize("12345") == nil)
        #expect(BankAccount.normalize("국민 1234567890") == nil)
        #expect(BankAccount.normalize("１２３-４５６-７８９０１２") == "123-456-789012")
        #expect(BankAccount.normalize("123-456-78901²") == nil && BankAccount.normalize("١٢٣٤٥٦٧٨٩٠") == nil)
        #expect(BankAccount.masked("123456-01-987654") == "******-**-**7654")
    }
}

@Suite("Days from instants")
struct DayFromDateTests {
    @Test("the arithmetic day agrees with Foundation's calendar in Korea and in UTC, 1950–2100")
    func agreesWithCalendar() {
        var rng = SeededRandom(seed: 7)
        for zone in [KoreanFormats.kst, TimeZone(identifier: "UTC")!] {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            for _ in 0..<5000 {
                let date = Date(timeIntervalSince1970: Double.random(in: -631_152_000..<4_102_444_800, using: &rng).rounded())
                let c = calendar.dateComponents([.year, .month, .day], from: date)
                let d = Day(date, in: zone)
                #expect(d.year == c.year && d.month == c.month && d.day == c.day, "\(date) in \(zone.identifier)")
            }
        }
        // Midnight in Korea is 15:00 UTC the day before.
        #expect(Day(Date(timeIntervalSince1970: 1_793_545_200)).description == "2026-11-02")
        #expect(Day(Date(timeIntervalSince1970: 1_793_545_199)).description == "2026-11-01")
        #expect(KoreanFormats.clockTime(Date(timeIntervalSince1970: 1_793_545_200 + 9 * 3600 + 5 * 60)) == "09:05")
    }
}

@Suite("Day arithmetic at the edges of the years people may type")
struct DayEdgeTests {
    @Test("counting from the first and last typed years goes past them instead of trapping (a course ending in 2200 has a 6-month window)")
    func countingPastTheRange() {
        let last = Day("2200-07-08")!
        #expect(last.adding(months: 7).description == "2201-02-08")
        #expect(last.adding(days: 200).description == "2201-01-24")
        let first = Day("1900-01-05")!
        #expect(first.adding(days: -10).description == "1899-12-26")
        #expect(first.adding(months: -1).description == "1899-12-05")
        #expect(Day("2026-01-31")!.adding(months: 1).description == "2026-02-28")
        // Typing stays within the range.
        #expect(Day("2201-01-01") == nil && Day("1899-12-31") == nil)
    }

    @Test("a year outside the range is named as such, a day not on the calendar too; another shape gets the form's message")
    func messages() {
        #expect(FieldReader.dayProblem("0451-10-10").english == "Enter a date from 1900 to 2200.")
        #expect(FieldReader.dayProblem("2026-13-01").english == "There is no such day (2026-13-01); check the month and the day.")
        #expect(FieldReader.dayProblem("1999-02-30").korean == "달력에 없는 날짜입니다 (1999-02-30). 월과 일을 확인하세요.")
        #expect(FieldReader.dayProblem("2026-9-1").english == "Enter a date as YYYY-MM-DD.")
        var reader = FieldReader(["d": "2755-05-27"])
        #expect(reader.day("d") == nil)
        #expect(reader.errors.first?.message.ko == "1900년부터 2200년 사이의 날짜를 입력하세요.")
    }

    @Test("a deadline is Korea time unless it names its zone; anything else after the minutes is refused")
    func deadlines() throws {
        let six = try #require(KoreanFormats.instant("2026-12-01T18:00"))
        #expect(KoreanFormats.clockTime(six) == "18:00")
        #expect(KoreanFormats.instant("2026-12-01 18:00:00") == six)
        #expect(KoreanFormats.instant("2026-12-01T18:00+09:00") == six)
        #expect(KoreanFormats.instant("2026-12-01T09:00Z") == six)
        #expect(KoreanFormats.instant("2026-12-01T04:00-05:00") == six)
        #expect(KoreanFormats.instant("2026-12-01T18:00Z") == six.addingTimeInterval(9 * 3_600))
        for bad in ["2026-12-01T18:00garbage", "2026-12-01T24:00", "2026-12-01T18:60", "2026-02-30T18:00", "2026-12-01",
                    "2026-12-01T18:00+25:00", "2026-12-01T１８:00", "2026-12-01T18:00:61"] {
            #expect(KoreanFormats.instant(bad) == nil, "\(bad)")
        }
    }
}
