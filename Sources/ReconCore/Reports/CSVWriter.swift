/// Writes RFC 4180 CSV: a header row, `\n` line ends, fields quoted only when
/// they hold a comma, quote, CR or LF, and quotes doubled inside quotes.
///
/// `\n` rather than RFC 4180's CRLF because every consumer recon has (Unix
/// tools, spreadsheets, pandas) reads both, and diffs of reports stay clean.
public struct CSVWriter {
    private var output: String
    private let columnCount: Int

    public init(header: [String]) {
        columnCount = header.count
        output = ""
        appendLine(header)
    }

    /// Appends one row; `cells` must have one cell per header column.
    public mutating func append(_ cells: [CSVCell]) {
        precondition(cells.count == columnCount, "CSV row has \(cells.count) cells, header has \(columnCount)")
        appendLine(cells.map(\.text))
    }

    public func finished() -> String { output }

    /// One row as a line, for a caller that writes a file piece by piece.
    static func line(_ cells: [CSVCell]) -> String {
        var writer = CSVWriter(columnCount: cells.count)
        writer.appendLine(cells.map(\.text))
        return writer.output
    }

    private init(columnCount: Int) {
        self.columnCount = columnCount
        output = ""
    }

    private mutating func appendLine(_ fields: [String]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { output += "," }
            output += CSVWriter.quotedIfNeeded(field)
        }
        output += "\n"
    }

    static func quotedIfNeeded(_ field: String) -> String {
        let needsQuotes = field.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard needsQuotes else { return field }
        var quoted = "\""
        for character in field {
            quoted.append(character)
            if character == "\"" { quoted.append("\"") }
        }
        return quoted + "\""
    }
}
