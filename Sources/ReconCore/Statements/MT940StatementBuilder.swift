/// Collects the fields of one MT940 statement and checks what it needs.
struct MT940StatementBuilder {
    let fileName: String
    let startLine: Int
    private var account: String?
    private var sequence: String?
    private var currency: Currency?
    private var opening: (amount: Int64, date: CivilDate)?
    private var closing: (amount: Int64, date: CivilDate)?
    private var lines: [BankLine] = []
    private var size = StatementSizeCounter()
    private var notes: [String] = []
    /// `:61:` fields waiting for a possible `:86:`; resolved on the next field.
    private var pendingLine: (field: MT940Field, parsed: MT940StatementLine)?
    /// True right after a `:86:` that described the last line: old Rabobank
    /// files write one `:86:` per description line, and they all belong to it.
    private var isDescribingLastLine = false

    init(fileName: String, startLine: Int) {
        self.fileName = fileName
        self.startLine = startLine
    }

    mutating func add(_ field: MT940Field) throws(StatementError) {
        if field.tag == "86", let pending = pendingLine {
            try appendLine(pending.field, pending.parsed, description: MT940Description.text(of: field))
            pendingLine = nil
            isDescribingLastLine = true
            return
        }
        if field.tag == "86", isDescribingLastLine, !lines.isEmpty {
            let more = MT940Description.text(of: field)
            if !more.isEmpty {
                let before = StatementSizeCounter.textBytes(of: lines[lines.count - 1])
                lines[lines.count - 1].description += lines[lines.count - 1].description.isEmpty ? more : " " + more
                try size.grow(
                    lines[lines.count - 1], previousBytes: before, fileName: fileName, location: "line \(field.line)",
                    element: ":86:")
            }
            return
        }
        isDescribingLastLine = false
        try flushPendingLine()
        let value = field.lines.first?.trimmingSpaces() ?? ""
        switch field.tag {
        case "25": account = value
        case "28C", "28": sequence = value
        case "60F", "60M":
            let balance = try parseBalance(field)
            opening = (balance.amount, balance.date)
        case "62F", "62M":
            let balance = try parseBalance(field)
            closing = (balance.amount, balance.date)
        case "34F":
            // MT942 has no opening balance; its floor limit names the currency.
            if currency == nil { currency = Currency(code: String(value.prefix(3))) }
        case "61":
            guard let currency else {
                throw error(field, .missingField, ":61: before any :60F:/:60M: balance, so the currency is unknown")
            }
            let parsed = try MT940StatementLine.parse(field, currency: currency) { reason in
                self.error(field, .invalidField, reason)
            }
            pendingLine = (field, parsed)
        default:
            break  // :20:, :21:, :13D:, :64:, :65:, :90C:/:90D:, statement-level :86:, unknown tags
        }
    }

    mutating func finish() throws(StatementError) -> BankStatement? {
        try flushPendingLine()
        guard let account, !account.isEmpty else {
            throw StatementError(.missingField, fileName: fileName, line: startLine, "statement has no :25: account")
        }
        guard let currency else {
            throw StatementError(
                .missingField, fileName: fileName, line: startLine,
                "statement of account \(account) has no :60F:/:60M: opening balance, so its currency is unknown")
        }
        return BankStatement(
            account: account, currency: currency, sequence: sequence,
            openingBalance: opening?.amount, closingBalance: closing?.amount,
            openingDate: opening?.date, closingDate: closing?.date, lines: lines, sourceLine: startLine,
            notes: notes)
    }

    private mutating func flushPendingLine() throws(StatementError) {
        guard let pending = pendingLine else { return }
        try appendLine(pending.field, pending.parsed, description: pending.parsed.supplementaryDetails)
        pendingLine = nil
    }

    private mutating func appendLine(
        _ field: MT940Field, _ parsed: MT940StatementLine, description: String
    ) throws(StatementError) {
        guard let account, let currency else {
            throw error(field, .missingField, ":61: before the statement's :25: account")
        }
        if let note = parsed.note { notes.append(note) }
        let line = BankLine(
                account: account, bookingDate: parsed.entryDate ?? parsed.valueDate,
                valueDate: parsed.valueDate, amount: parsed.amount, currency: currency,
                reference: parsed.customerReference,
                description: description.isEmpty ? parsed.supplementaryDetails : description,
                bankTransactionID: parsed.bankReference, sourceLine: field.line)
        try size.add(line, fileName: fileName, location: "line \(field.line)", element: ":61:/:86:")
        lines.append(line)
    }

    /// `:60F:`/`:62F:`: `D|C` YYMMDD currency amount. The opening balance also
    /// fixes the statement's currency; a closing one in another currency is an error.
    private mutating func parseBalance(_ field: MT940Field) throws(StatementError) -> (amount: Int64, date: CivilDate) {
        let tag = ":\(field.tag):"
        var scanner = MT940Scanner(field.lines.first?.trimmingSpaces() ?? "")
        let sign: Int64
        if scanner.skip("C") {
            sign = 1
        } else if scanner.skip("D") {
            sign = -1
        } else {
            throw error(field, .invalidField, "\(tag) must start with C or D, found '\(scanner.rest.prefix(1))'")
        }
        guard let dateText = scanner.take(digits: 6), let date = MT940Dates.date(yymmdd: dateText) else {
            throw error(
                field, .invalidField,
                "\(tag) expected the balance date YYMMDD after \(sign > 0 ? "C" : "D"), found '\(scanner.rest.prefix(6))'")
        }
        if let currency, let first = scanner.rest.first, first.isNumber {
            // No currency code at all (`:62M:C020315105000,00`, a German bank's
            // sample): the statement's currency, from its opening balance.
            notes.append("line \(field.line): \(tag) has no currency code; read in the statement's \(currency.code)")
            return (sign * (try amount(scanner.rest, field, tag, currency)), date)
        }
        let code = scanner.take(count: 3) ?? String(scanner.rest)
        guard let (balanceCurrency, isWithdrawn) = Currency.statementCurrency(code) else {
            throw error(field, .invalidField, "\(tag) expected an ISO 4217 currency code after the date, found '\(code)'")
        }
        if let currency, currency != balanceCurrency {
            throw error(field, .invalidField, "\(tag) currency \(code) differs from the statement's \(currency.code)")
        }
        if isWithdrawn && currency == nil {
            notes.append("line \(field.line): \(tag) currency \(code) is a withdrawn ISO 4217 code, read with its \(balanceCurrency.minorDigits) minor digits")
        }
        currency = balanceCurrency
        return (sign * (try amount(scanner.rest, field, tag, balanceCurrency)), date)
    }

    private mutating func amount(
        _ text: Substring, _ field: MT940Field, _ tag: String, _ balanceCurrency: Currency
    ) throws(StatementError) -> Int64 {
        var amountText = text
        if amountText.contains(where: { $0 == "O" || $0 == "o" }) {
            // A letter O typed for a zero (`C200101EUR1O0,00`): read as 0 when
            // nothing else is wrong; the balance check still guards the result.
            let repaired = String(amountText.map { $0 == "O" || $0 == "o" ? "0" : $0 })
            if StatementAmount.parse(repaired[...], separator: ",", digits: balanceCurrency.minorDigits) != nil {
                notes.append("line \(field.line): \(tag) amount '\(amountText)' has a letter O, read as '\(repaired)'")
                amountText = repaired[...]
            }
        }
        guard let magnitude = StatementAmount.parse(amountText, separator: ",", digits: balanceCurrency.minorDigits)
        else {
            throw error(
                field, .invalidField,
                "\(tag) " + StatementAmount.problem(amountText, separator: ",", digits: balanceCurrency.minorDigits)
                    + ", expected digits with a decimal comma")
        }
        return magnitude
    }

    private func error(_ field: MT940Field, _ kind: StatementError.Kind, _ message: String) -> StatementError {
        StatementError(kind, fileName: fileName, line: field.line, message)
    }
}
