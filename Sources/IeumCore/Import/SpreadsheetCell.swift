/// Values written into CSV or XLSX exports are neutralised against formula injection (OWASP "CSV
/// injection"; ASVS V5.3.10): a cell that starts with =, +, -, @, tab or carriage return is prefixed with
/// an apostrophe, so a spreadsheet shows it as text instead of running it.
public enum SpreadsheetCell {
    static let triggers: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    public static func neutralise(_ value: String) -> String {
        guard let first = value.first, triggers.contains(first) else { return value }
        return "'" + value
    }

    /// One CSV line of neutralised cells.
    public static func csvLine(_ cells: [String]) -> String {
        CSVTable.line(cells.map(neutralise))
    }
}
