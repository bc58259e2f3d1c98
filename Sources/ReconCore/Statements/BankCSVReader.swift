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
        var body = data[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let records: [BankCSVRecordSplitter.Record]
        do {
            records = try BankCSVRecordSplitter.split(body)
        } catch {
            switch error {
            case .unterminatedQuote(let line):
                throw StatementError(.malformed, fileName: fileName, line: line, "quoted field is never closed")
            case .textAfterClosingQuote(let line):
                throw StatementError(.malformed, fileName: fileName, line: line, "text after a closing quote")
            case .fieldTooLong(let line, let field):
                throw StatementError(
                    .limitExceeded, fileName: fileName, line: line,
                    "field \(columnName(field, body)) is longer than the limit of "
                        + "\(StatementLimits.describe(bytes: StatementLimits.elementTextBytesMax)) per field")
            case .lineTooLong(let line, let field):
                throw StatementError(
                    .limitExceeded, fileName: fileName, line: line,
                    "line is longer than the limit of "
                        + "\(StatementLimits.describe(bytes: StatementLimits.physicalLineBytesMax)) per line "
                        + "(in field \(columnName(field, body)))")
            }
        }
        guard let header = records.first else {
            throw StatementError(.malformed, fileName: fileName, line: 1, "empty file: expected header \(headerText)")
        }
        let columnIndex = try indexColumns(header, fileName: fileName)
        var statements: [BankStatement] = []
        var sizes: [StatementSizeCounter] = []
        var statementIndexByAccount: [String: Int] = [:]
        for record in records.dropFirst() {
            let line = try bankLine(record, columnIndex: columnIndex, header: header, fileName: fileName)
            let position = statementIndexByAccount[line.account] ?? sizes.count
            if position == sizes.count { sizes.append(StatementSizeCounter()) }
            try sizes[position].add(line, fileName: fileName, location: "line \(record.line)", element: "row of account \(line.account)")
            if let position = statementIndexByAccount[line.account] {
                statements[position].lines.append(line)
                if statements[position].currency != line.currency { statements[position].currency = nil }
            } else {
                statementIndexByAccount[line.account] = statements.count
                statements.append(
                    BankStatement(account: line.account, currency: line.currency, lines: [line], sourceLine: record.line))
            }
        }
        return statements
    }

    /// `'description'` (column 7) from the header when it can be read, else the column number.
    private static func columnName(_ field: Int, _ body: ArraySlice<UInt8>) -> String {
        let headerLine = body.prefix { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }.prefix(4096)
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
