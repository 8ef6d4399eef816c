import Foundation

/// One person read from an import file, validated and normalised.
public struct ImportedPerson: Sendable, Equatable {
    public let row: Int
    public let name: String
    public let email: String
    public let phone: String
    public let birthDate: Day?
    public let region: Region?
}

/// One problem with one cell: the row as the spreadsheet numbers it (header = 1), the column's header, why.
public struct ImportProblem: Sendable, Equatable, Codable {
    public let row: Int
    public let column: String
    public let message: Localized

    public init(row: Int, column: String, message: Localized) {
        self.row = row
        self.column = column
        self.message = message
    }
}

/// Reads a trainee or applicant list. All or nothing: the caller imports only when `problems` is empty.
public enum PersonImport {
    enum Column: CaseIterable {
        case name, email, phone, birthDate, region

        var headers: [String] {
            switch self {
            case .name: ["이름", "성명", "name"]
            case .email: ["이메일", "email", "e-mail"]
            case .phone: ["휴대전화", "전화번호", "연락처", "phone", "mobile"]
            case .birthDate: ["생년월일", "birth_date", "birthdate", "date of birth"]
            case .region: ["거주지역", "지역", "region"]
            }
        }

        var isRequired: Bool { self == .name || self == .email || self == .phone }
    }

    public struct Result: Sendable {
        public var people: [ImportedPerson] = []
        public var problems: [ImportProblem] = []
        public var encoding: SpreadsheetText.Encoding?
    }

    public static let maxRows = 5_000

    public static func read(_ data: Data) -> Result {
        var result = Result()
        guard let (text, encoding) = SpreadsheetText.decode(data) else {
            result.problems.append(ImportProblem(row: 0, column: "", message: Localized(
                "파일을 읽을 수 없습니다. UTF-8 또는 CP949(EUC-KR) CSV로 저장하세요.",
                "The file cannot be read. Save it as CSV in UTF-8 or CP949 (EUC-KR).")))
            return result
        }
        result.encoding = encoding
        let rows: [[String]]
        do { rows = try CSVTable.parse(text) } catch {
            result.problems.append(ImportProblem(row: error.line, column: "", message: Localized(
                "따옴표가 닫히지 않았습니다.", "A quoted cell is never closed.")))
            return result
        }
        guard let header = rows.first else {
            result.problems.append(ImportProblem(row: 0, column: "", message: Localized("빈 파일입니다.", "The file is empty.")))
            return result
        }
        if rows.count - 1 > maxRows {
            result.problems.append(ImportProblem(row: 0, column: "", message: Localized(
                "한 번에 \(maxRows)명까지 가져올 수 있습니다.", "At most \(maxRows) people can be imported at once.")))
            return result
        }
        var index: [Column: Int] = [:]
        for (i, cell) in header.enumerated() {
            let key = cell.trimmingCharacters(in: .whitespaces).lowercased()
            if let column = Column.allCases.first(where: { $0.headers.contains(key) }), index[column] == nil {
                index[column] = i
            }
        }
        let missing = Column.allCases.filter { $0.isRequired && index[$0] == nil }
        for column in missing {
            result.problems.append(ImportProblem(row: 1, column: column.headers[0], message: Localized(
                "'\(column.headers[0])' 열이 없습니다.", "The '\(column.headers[0])' column is missing.")))
        }
        guard missing.isEmpty else { return result }
        if rows.count == 1 {
            result.problems.append(ImportProblem(row: 1, column: "", message: Localized(
                "가져올 행이 없습니다.", "There are no rows to import.")))
        }
        var seenEmail: [String: Int] = [:]
        var seenPhone: [String: Int] = [:]
        for (offset, cells) in rows.dropFirst().enumerated() {
            let rowNumber = offset + 2
            let cell = { (c: Column) -> String in
                guard let i = index[c], i < cells.count else { return "" }
                return cells[i]
            }
            var reader = FieldReader([
                "name": cell(.name), "email": cell(.email), "phone": cell(.phone),
                "birth": cell(.birthDate), "region": cell(.region),
            ])
            let name = reader.text("name", max: 50)
            let email = reader.email("email")
            let phone = reader.phone("phone")
            let birth = reader.day("birth", required: false)
            var region: Region? = nil
            let regionText = reader.raw("region")
            if !regionText.isEmpty {
                region = Region(loose: regionText)
                if region == nil { reader.fail("region", "알 수 없는 시·도입니다.", "Unknown province or city.") }
            }
            if let email, let first = seenEmail[email] {
                reader.fail("email", "\(first)행과 이메일이 같습니다.", "Same e-mail as row \(first).")
            }
            if let phone, let first = seenPhone[phone] {
                reader.fail("phone", "\(first)행과 휴대전화 번호가 같습니다.", "Same mobile number as row \(first).")
            }
            let columnName: [String: Column] = [
                "name": .name, "email": .email, "phone": .phone, "birth": .birthDate, "region": .region,
            ]
            for error in reader.errors {
                let column = columnName[error.field]!
                let header = index[column].map { header[$0] } ?? column.headers[0]
                result.problems.append(ImportProblem(row: rowNumber, column: header, message: error.message))
            }
            guard reader.errors.isEmpty, let name, let email, let phone else { continue }
            seenEmail[email] = rowNumber
            seenPhone[phone] = rowNumber
            result.people.append(ImportedPerson(
                row: rowNumber, name: name, email: email, phone: phone, birthDate: birth, region: region))
        }
        return result
    }
}
