import Foundation

/// Names, phone numbers and dates as Korean users write them (PROGRAM.md, "Language").
public enum KoreanFormats {
    public static let kst = TimeZone(identifier: "Asia/Seoul")!

    /// Accepts 01012345678, 010-1234-5678, 010 1234 5678, +82 10-1234-5678; returns 010-1234-5678.
    /// Only ASCII digits and a Korean IME's full-width ones (read as ASCII) are digits: a superscript or an
    /// Arabic-Indic digit would otherwise pass as a number and slip past duplicate detection.
    public static func normalizePhone(_ raw: String) -> String? {
        var digits = ""
        for character in raw {
            if let digit = ASCIIDigits.digit(character) { digits.append(digit); continue }
            guard phoneSeparators.contains(character) else { return nil }
        }
        if raw.trimmingCharacters(in: .whitespaces).hasPrefix("+82") || digits.hasPrefix("82") && digits.count >= 11 {
            digits = "0" + digits.dropFirst(2)
        }
        guard digits.hasPrefix("01"), digits.count == 10 || digits.count == 11 else { return nil }
        let chars = Array(digits)
        let middle = digits.count == 11 ? 4 : 3
        return String(chars[0..<3]) + "-" + String(chars[3..<(3 + middle)]) + "-" + String(chars[(3 + middle)...])
    }

    static let phoneSeparators: Set<Character> = [" ", "\t", "-", ".", "(", ")", "+", "－", "\u{3000}"]

    public static func isPlausibleEmail(_ raw: String) -> Bool {
        let parts = raw.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !raw.contains(where: { $0.isWhitespace }) else { return false }
        return raw.count <= 254
    }
}

/// A calendar day, as written on Korean forms: YYYY-MM-DD. Comparable and stored as that text.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The years a day may fall in: birth dates to program plans, with room on both sides.
    public static let years = 1900...2200
    /// YYYY-MM-DD within `years`, as a JSON Schema pattern (the calendar check stays with `Day(_:)`).
    public static let pattern = "^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"

    public init?(year: Int, month: Int, day: Int) {
        guard Self.years.contains(year), (1...12).contains(month),
              (1...Day.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public init?(_ text: String) {
        // Fast path for the stored form, YYYY-MM-DD: pages read thousands of these per request.
        let utf8 = text.utf8
        if utf8.count == 10, let parsed = utf8.withContiguousStorageIfAvailable(Self.isoDigits) ?? nil {
            self.init(year: parsed.0, month: parsed.1, day: parsed.2)
            return
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let separators: Set<Character> = ["-", ".", "/"]
        let parts = trimmed.split(whereSeparator: { separators.contains($0) })
        guard parts.count == 3, parts[0].count == 4,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    private static func isoDigits(_ b: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int)? {
        guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var n = 0
            for i in range {
                let digit = Int(b[i]) - 48
                guard (0...9).contains(digit) else { return nil }
                n = n * 10 + digit
            }
            return n
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        return (y, m, d)
    }

    /// The calendar day of an instant in `zone`; by arithmetic (civil-from-days, H. Hinnant), as it runs on every scan.
    public init(_ date: Date, in zone: TimeZone = KoreanFormats.kst) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: date)
        let z = (seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// The day `count` days later (earlier when negative).
    public func adding(days count: Int) -> Day { Day(ordinal: ordinal + count) }

    /// The same day of the month `count` months later, or that month's last day when it is shorter.
    public func adding(months count: Int) -> Day {
        let index = year * 12 + (month - 1) + count
        let y = index / 12, m = index % 12 + 1
        return Day(computedYear: y, month: m, day: min(day, Day.daysIn(month: m, year: y)))
    }

    init(ordinal: Int) {
        // Walk from an estimate; ordinals of nearby years differ by 365 or 366.
        var y = max(1, ordinal / 366)
        while Self.ordinal(year: y + 1, month: 1, day: 1) <= ordinal { y += 1 }
        var m = 1
        while m < 12 && Self.ordinal(year: y, month: m + 1, day: 1) <= ordinal { m += 1 }
        self.init(computedYear: y, month: m, day: ordinal - Self.ordinal(year: y, month: m, day: 1) + 1)
    }

    /// A day reached by arithmetic: a real calendar day, which may fall outside `years` (that range bounds
    /// what people type, not where counting from it may lead: six months after a course ending in 2200).
    private init(computedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Monday is 1, Sunday 7.
    public var weekday: Int { (ordinal - 1) % 7 + 1 }

    /// Days from this day to `other` (negative when `other` is earlier).
    public func days(until other: Day) -> Int { other.ordinal - ordinal }

    /// Days since 0001-01-01 in the proleptic Gregorian calendar.
    var ordinal: Int { Self.ordinal(year: year, month: month, day: day) }

    static func ordinal(year: Int, month: Int, day: Int) -> Int {
        let y = year - 1
        var days = y * 365 + y / 4 - y / 100 + y / 400
        for m in 1..<month { days += Day.daysIn(month: m, year: year) }
        return days + day
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (a: Day, b: Day) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension KoreanFormats {
    /// Minutes since midnight in Korea for an instant (scans are stored in UTC and shown in KST).
    public static func minuteOfDay(_ date: Date) -> Int {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + kst.secondsFromGMT(for: date)
        return ((seconds % 86_400 + 86_400) % 86_400) / 60
    }

    /// The instant a day begins in Korea (UTC+9 all year since 1988).
    public static func startOfDay(_ day: Day) -> Date {
        Date(timeIntervalSince1970: Double(Day(year: 1970, month: 1, day: 1)!.days(until: day)) * 86_400 - Double(kst.secondsFromGMT()))
    }

    /// "2026-12-01T18:00" (what a datetime-local field sends; a space for the T and ":SS" also do) in Korea's
    /// time, unless the text names its zone as ISO 8601 does ("Z", "+09:00", "-05:00"). Anything after the
    /// minutes that is neither is refused rather than ignored: "18:00Z" is not six in the evening in Seoul.
    public static func instant(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let match = trimmed.wholeMatch(of: dateTimePattern), let day = Day(String(match.1)),
              let hour = Int(match.2), let minute = Int(match.3), hour <= 23, minute <= 59 else { return nil }
        let second = match.4.flatMap { Int($0) } ?? 0
        guard second <= 59 else { return nil }
        var offset = kst.secondsFromGMT()
        if let zone = match.5, zone != "Z" {
            guard let zoneHour = Int(zone.dropFirst().prefix(2)), let zoneMinute = Int(zone.suffix(2)),
                  zoneHour <= 14, zoneMinute <= 59 else { return nil }
            offset = (zone.first == "-" ? -1 : 1) * (zoneHour * 3_600 + zoneMinute * 60)
        } else if match.5 == "Z" {
            offset = 0
        }
        let midnightUTC = startOfDay(day).addingTimeInterval(Double(kst.secondsFromGMT()))
        return midnightUTC.addingTimeInterval(Double(hour * 3_600 + minute * 60 + second - offset))
    }

    nonisolated(unsafe) private static let dateTimePattern =
        /([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?(Z|[+-][0-9]{2}:[0-9]{2})?/

    /// "09:05" for an instant, in Korea's time.
    public static func clockTime(_ date: Date) -> String {
        let m = minuteOfDay(date)
        let h = m / 60, mm = m % 60
        return (h < 10 ? "0" : "") + String(h) + ":" + (mm < 10 ? "0" : "") + String(mm)
    }

    /// "2026-12-01 18:00" for an instant, in Korea's time.
    public static func dateTime(_ date: Date) -> String {
        Day(date).description + " " + clockTime(date)
    }
}

/// Digits as people type them into Ieum: ASCII, or full-width (전각) from a Korean input method.
public enum ASCIIDigits {
    /// The ASCII digit `character` stands for, or nil for anything else (other scripts' digits included).
    public static func digit(_ character: Character) -> Character? {
        guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else { return nil }
        switch scalar.value {
        case 0x30...0x39: return character
        case 0xFF10...0xFF19: return Character(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
        default: return nil
        }
    }

    /// `text` with full-width digits as ASCII, or nil when it holds a digit of another kind.
    public static func folded(_ text: String) -> String? {
        var out = ""
        for character in text {
            if let digit = digit(character) { out.append(digit) }
            else if character.isNumber { return nil }
            else { out.append(character) }
        }
        return out
    }
}
