import Foundation
import IeumCore
import Testing

@Suite("Korean formats")
struct KoreanFormatsTests {
    @Test("mobile numbers are normalised to 010-1234-5678",
          arguments: [("01012345678", "010-1234-5678"), ("010-1234-5678", "010-1234-5678"), ("010 1234 5678", "010-1234-5678"),
                      ("+82 10-1234-5678", "010-1234-5678"), ("0111234567", "011-123-4567")])
    func phones(raw: String, normalised: String) {
        #expect(KoreanFormats.normalizePhone(raw) == normalised)
    }

    @Test("things that are not mobile numbers are refused", arguments: ["02-123-4567", "1234", "010-1234-56789", "", "abc"])
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
