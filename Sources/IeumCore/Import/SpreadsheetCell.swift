/// Values written into CSV or XLSX exports are neutralised against formula injection (OWASP "CSV
/// injection"; ASVS V5.3.10): a cell that starts with =, +, -, @, tab or carriage return is prefixed with
/// an apostrophe, so a spreadsheet shows it as text instead of running it.
public enum SpreadsheetCell {
    static let triggers: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    public static func neutralise(_ value: String) -> String {
        guard let first = value.first, triggers.contains(first) else { return value }
        return "'" + value
    }

    /// The cell as a spreadsheet number, when it is one written plainly (digits, an optional decimal part, no
    /// sign and no leading zero), so that sums and sorting work; codes such as "0101" or "010-1234-5678" stay text.
    public static func plainNumber(_ value: String) -> String? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty,
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              whole == "0" || whole.first != "0", whole.count <= 15 else { return nil }
        return value
    }

    /// One CSV line of neutralised cells.
    public static func csvLine(_ cells: [String]) -> String {
        CSVTable.line(cells.map(neutralise))
    }
}
