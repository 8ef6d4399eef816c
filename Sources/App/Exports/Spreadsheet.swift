import Foundation
import IeumCore
import Vapor
import ZIPFoundation

/// A table written as CSV (UTF-8 with a byte-order mark, which Korean Excel needs to read Hangul) or as XLSX
/// (Office Open XML: plain numbers as numbers, everything else as inline strings). Every cell is neutralised against formula injection.
struct Spreadsheet: Sendable {
    let sheetName: String
    let headers: [String]
    let rows: [[String]]

    var csv: Data {
        SpreadsheetText.excelCSV(([headers] + rows).map(SpreadsheetCell.csvLine).joined())
    }

    func xlsx() throws -> Data {
        let archive = try Archive(accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: Date(timeIntervalSince1970: 1_700_000_000),
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        try add("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>
            """)
        try add("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """)
        try add("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="\(Self.xml(String(sheetName.prefix(31))))" sheetId="1" r:id="rId1"/></sheets></workbook>
            """)
        try add("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
            """)
        var sheet = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        for (i, row) in ([headers] + rows).enumerated() {
            sheet += "<row r=\"\(i + 1)\">"
            for (j, cell) in row.enumerated() {
                if i > 0, let number = SpreadsheetCell.plainNumber(cell) {
                    sheet += "<c r=\"\(Self.column(j))\(i + 1)\"><v>\(number)</v></c>"
                } else {
                    sheet += "<c r=\"\(Self.column(j))\(i + 1)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(Self.xml(SpreadsheetCell.neutralise(cell)))</t></is></c>"
                }
            }
            sheet += "</row>"
        }
        sheet += "</sheetData></worksheet>"
        try add("xl/worksheets/sheet1.xml", sheet)
        return archive.data ?? Data()
    }

    /// A, B, …, Z, AA, AB, …
    static func column(_ index: Int) -> String {
        var n = index + 1, name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// Escapes text for XML and drops characters XML 1.0 cannot hold.
    static func xml(_ text: String) -> String { Markup.escape(text, forXML: true) }

    enum Format: String { case csv, xlsx }

    func response(format: Format, fileName: String) throws -> Response {
        var headers = HTTPHeaders()
        let data: Data
        switch format {
        case .csv:
            data = csv
            headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        case .xlsx:
            data = try xlsx()
            headers.replaceOrAdd(name: .contentType, value: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        }
        let name = fileName + "." + format.rawValue
        let ascii = name.unicodeScalars.map { $0.isASCII && $0 != "\"" ? String($0) : "_" }.joined()
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ascii)")
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}
