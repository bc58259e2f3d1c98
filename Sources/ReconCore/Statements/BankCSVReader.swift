/// Reads the bank CSV format of SPEC §4: one row per bank line, no balances.
///
/// Any bad row makes the whole file unusable: a statement with a hole in it
/// would reconcile wrongly, so nothing is half-read.
public enum BankCSVReader {
    public static let columns = [
        "account", "booking_date", "value_date", "amount", "currency", "reference",
        "description", "bank_txn_id",
    ]
    public static var headerText: String { columns.joined(separator: ",") }

    /// One statement per account, in order of the account's first row.
    public static func parse(_ data: [UInt8], fileName: String) throws(StatementError) -> [BankStatement] {
        var statements: [BankStatement] = []
        do {
            try forEachStatement(.bytes(data), fileName: fileName) { statements.append($0) }
        } catch let error as StatementError {
            throw error
        } catch {
            preconditionFailure("in-memory bank CSV read failed with \(error)")
        }
        return statements
    }

    /// Reads `source` in chunks, twice. The first pass checks every row (a
    /// bad row refuses the file before any statement is handed on, as the
    /// whole-file reader did) and whether each account's rows are together.
    /// When they are (every bank export seen), the second pass hands on each
    /// account's statement when its last row is read: memory is one chunk and
    /// one statement. When accounts interleave, the second pass has to
    /// gather all statements before handing them on: memory grows with the file.
    public static func forEachStatement(
        _ source: StatementByteSource, fileName: String, _ body: (BankStatement) throws -> Void
    ) throws {
        var seen: Set<String> = []
        var lastAccount: String?
        var interleaves = false
        try forEachLine(source, fileName: fileName) { line in
            guard line.account != lastAccount else { return }
            if !seen.insert(line.account).inserted { interleaves = true }
            lastAccount = line.account
        }
        var grouper = BankCSVStatementGrouper(gathersAll: interleaves)
        try forEachLine(source, fileName: fileName) { line in
            if let finished = grouper.add(line) { try body(finished) }
        }
        for statement in grouper.finish() { try body(statement) }
    }

    /// Each row as a bank line, in file order, after the header is checked
    /// and the row's account is within its statement limits.
    static func forEachLine(
        _ source: StatementByteSource, fileName: String, _ body: (BankLine) throws -> Void
    ) throws {
        var splitter = BankCSVRecordSplitter()
        var headerLine = BankCSVHeaderLine()
        var header: BankCSVRecordSplitter.Record?
        var columnIndex: [String: Int] = [:]
        var sizes: [String: StatementSizeCounter] = [:]
        func take(_ record: BankCSVRecordSplitter.Record) throws {
            guard let header else {
                columnIndex = try indexColumns(record, fileName: fileName)
                header = record
                return
            }
            let line = try bankLine(record, columnIndex: columnIndex, header: header, fileName: fileName)
            try sizes[line.account, default: StatementSizeCounter()].add(
                line, fileName: fileName, location: "line \(record.line)", element: "row of account \(line.account)")
            try body(line)
        }
        do {
            try source.forEachChunk(fileName: fileName) { chunk in
                guard let bytes = headerLine.take(chunk) else { return }
                try splitter.feed(bytes, take)
            }
            if let bytes = headerLine.finish() { try splitter.feed(bytes, take) }
            try splitter.finish(take)
        } catch let failure as BankCSVRecordSplitter.Failure {
            throw error(for: failure, fileName: fileName, headerLine: headerLine.text)
        }
        guard header != nil else {
            throw StatementError(.malformed, fileName: fileName, line: 1, "empty file: expected header \(headerText)")
        }
    }

    private static func error(
        for failure: BankCSVRecordSplitter.Failure, fileName: String, headerLine: [UInt8]
    ) -> StatementError {
        switch failure {
        case .unterminatedQuote(let line):
            return StatementError(.malformed, fileName: fileName, line: line, "quoted field is never closed")
        case .textAfterClosingQuote(let line):
            return StatementError(.malformed, fileName: fileName, line: line, "text after a closing quote")
        case .fieldTooLong(let line, let field):
            return StatementError(
                .limitExceeded, fileName: fileName, line: line,
                "field \(columnName(field, headerLine)) is longer than the limit of "
                    + "\(StatementLimits.describe(bytes: StatementLimits.elementTextBytesMax)) per field")
        case .lineTooLong(let line, let field):
            return StatementError(
                .limitExceeded, fileName: fileName, line: line,
                "line is longer than the limit of "
                    + "\(StatementLimits.describe(bytes: StatementLimits.physicalLineBytesMax)) per line "
                    + "(in field \(columnName(field, headerLine)))")
        }
    }

    /// `'description'` (column 7) from the header when it can be read, else the column number.
    private static func columnName(_ field: Int, _ headerLine: [UInt8]) -> String {
        let names = String(decoding: headerLine, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false)
        guard field < names.count, names.count <= columns.count + 8 else { return "in column \(field + 1)" }
        return "'\(names[field].trimmingSpaces())' (column \(field + 1))"
    }

    private static func indexColumns(
        _ header: BankCSVRecordSplitter.Record, fileName: String
    ) throws(StatementError) -> [String: Int] {
        var index: [String: Int] = [:]
        for (position, name) in header.fields.enumerated() {
            let trimmed = name.trimmingSpaces()
            if index[trimmed] != nil, columns.contains(trimmed) {
                throw StatementError(.malformed, fileName: fileName, line: header.line, "column '\(trimmed)' appears twice")
            }
            index[trimmed] = position
        }
        let missing = columns.filter { index[$0] == nil && $0 != "bank_txn_id" }
        guard missing.isEmpty else {
            throw StatementError(
                .missingField, fileName: fileName, line: header.line,
                "header lacks column(s) \(missing.joined(separator: ", ")); expected \(headerText)")
        }
        return index
    }

    private static func bankLine(
        _ record: BankCSVRecordSplitter.Record, columnIndex: [String: Int],
        header: BankCSVRecordSplitter.Record, fileName: String
    ) throws(StatementError) -> BankLine {
        let line = record.line
        guard record.fields.count == header.fields.count else {
            throw StatementError(
                .malformed, fileName: fileName, line: line,
                "row has \(record.fields.count) fields, the header has \(header.fields.count)")
        }
        func cell(_ name: String) -> String {
            columnIndex[name].map { record.fields[$0] } ?? ""
        }
        func required(_ name: String) throws(StatementError) -> String {
            let value = cell(name)
            guard !value.isEmpty else {
                throw StatementError(.missingField, fileName: fileName, line: line, "'\(name)' is empty")
            }
            return value
        }
        let account = try required("account")
        let bookingText = try required("booking_date")
        guard let bookingDate = CivilDate(iso: bookingText) else {
            throw StatementError(
                .invalidField, fileName: fileName, line: line, "booking_date '\(bookingText)' is not a YYYY-MM-DD date")
        }
        var valueDate: CivilDate?
        let valueText = cell("value_date")
        if !valueText.isEmpty {
            guard let parsed = CivilDate(iso: valueText) else {
                throw StatementError(
                    .invalidField, fileName: fileName, line: line, "value_date '\(valueText)' is not a YYYY-MM-DD date")
            }
            valueDate = parsed
        }
        let currencyText = try required("currency")
        guard let currency = Currency(code: currencyText) else {
            throw StatementError(
                .invalidField, fileName: fileName, line: line, "currency '\(currencyText)' is not an ISO 4217 code")
        }
        let amountText = try required("amount")
        guard let amount = MinorUnits.parse(amountText, digits: currency.minorDigits) else {
            throw StatementError(
                .invalidField, fileName: fileName, line: line,
                StatementAmount.problem(amountText[...], separator: ".", digits: currency.minorDigits))
        }
        let reference = cell("reference")
        let bankTransactionID = cell("bank_txn_id")
        return BankLine(
            account: account, bookingDate: bookingDate, valueDate: valueDate, amount: amount,
            currency: currency, reference: reference.isEmpty ? nil : reference,
            description: cell("description"),
            bankTransactionID: bankTransactionID.isEmpty ? nil : bankTransactionID, sourceLine: line)
    }
}

extension String {
    /// Spaces and tabs trimmed at both ends (no Foundation needed).
    func trimmingSpaces() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
