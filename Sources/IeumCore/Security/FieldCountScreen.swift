import Foundation

/// Vapor's URL-encoded parser and MultipartKit's form decoder copy everything already read under a name each
/// time the name comes again, so one name sent 50,000 times (`a=&a=&…`, or `a[]=` parts) costs half a
/// minute of a core before any handler runs, and CSRF checking reads every form body before login. Counting
/// the names first is linear; a body or query over these budgets is refused before either parser sees it.
/// The budgets stand far above the largest form Ieum serves (selection: two fields per applicant of a round).
public enum FieldCountScreen {
    public static let maximumFields = 10_000
    public static let maximumRepeats = 200

    /// Ieum's multipart forms (an application with its files, a correction with evidence, an import) have a
    /// few dozen parts; MultipartKit's parser is slow enough that parts are counted before it runs.
    public static let maximumParts = 500

    /// How many times `--boundary` occurs in a multipart body: an upper bound on its parts, found without parsing.
    public static func delimiterCount(in body: some Collection<UInt8>, boundary: String, stoppingAfter limit: Int) -> Int {
        let needle = Array(("--" + boundary).utf8)
        guard let first = needle.first else { return 0 }
        var count = 0
        var index = body.startIndex
        while let hit = body[index...].firstIndex(of: first) {
            if body[hit...].starts(with: needle) {
                count += 1
                if count > limit { return count }
                index = body.index(hit, offsetBy: needle.count)
            } else {
                index = body.index(after: hit)
            }
        }
        return count
    }

    public enum Verdict: Equatable, Sendable {
        case fine
        case tooManyFields
        case nameRepeated(String)
    }

    /// Names as the parsers nest them: `a[b][]` is filed under `a`.
    public static func verdict<Names: Sequence<String>>(names: Names) -> Verdict {
        var total = 0
        var seen: [Substring: Int] = [:]
        for name in names {
            total += 1
            if total > maximumFields { return .tooManyFields }
            let root = name.prefix { $0 != "[" }
            let count = seen[root, default: 0] + 1
            if count > maximumRepeats { return .nameRepeated(String(root)) }
            seen[root] = count
        }
        return .fine
    }

    /// The names of an `application/x-www-form-urlencoded` body or query string, decoded as Vapor decodes them.
    public static func urlEncodedNames(_ text: Substring) -> LazyMapSequence<[Substring], String> {
        text.split(separator: "&").lazy.map { pair in
            let key = pair.prefix { $0 != "=" }.replacingOccurrences(of: "+", with: " ")
            return key.removingPercentEncoding ?? key
        }
    }

    /// The `name` of a multipart part from its `Content-Disposition` value (RFC 7578 §4.2).
    public static func partName(contentDisposition value: String) -> String {
        guard let start = value.range(of: "name=\"") else { return "" }
        return String(value[start.upperBound...].prefix { $0 != "\"" })
    }
}
