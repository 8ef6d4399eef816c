import Foundation

/// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks; CRLF or LF ends a record.
public enum CSVTable {
    public struct Malformed: Error, Equatable, Sendable {
        public let line: Int
    }

    public static func parse(_ text: String) throws(Malformed) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var iterator = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil

        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }

        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    let following = next()
                    if following == "\"" { field.unicodeScalars.append("\"") } else {
                        inQuotes = false
                        pending = following
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: inQuotes = true
            case ",": row.append(field); field = ""
            case "\r": break
            case "\n":
                row.append(field); field = ""
                rows.append(row); row = []
                line += 1
            default: field.unicodeScalars.append(c)
            }
        }
        if inQuotes { throw Malformed(line: line) }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows.filter { !($0.count == 1 && $0[0].trimmingCharacters(in: .whitespaces).isEmpty) }
    }

    /// One CSV line; every cell is quoted when it needs to be.
    public static func line(_ cells: [String]) -> String {
        cells.map { cell in
            cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                : cell
        }.joined(separator: ",") + "\r\n"
    }
}
