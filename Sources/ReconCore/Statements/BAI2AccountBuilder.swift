/// The group header (02) fields an account needs.
struct BAI2GroupHeader {
    var asOfDate: CivilDate
    /// The group's currency, USD when the 02 record leaves it blank (BAI2 default).
    var currency: Currency
    var line: Int
}

/// One account (03 ... 49) while it is read: its balances, its bank lines and
/// the control total and record count its 49 trailer must confirm.
struct BAI2AccountBuilder {
    let values: BAI2Values
    let account: String
    let currency: Currency
    let asOfDate: CivilDate
    let line: Int
    /// The algebraic sum of every amount in the 03 record and its 16 details.
    private(set) var controlTotal: Int64 = 0
    /// Records from the 03 up to here, 88 continuations included.
    private(set) var recordCount: Int
    private var opening: Int64?
    private var closing: Int64?
    private var lines: [BankLine] = []
    private var size = StatementSizeCounter()

    /// 03: account number, currency (else the group's), then repeated
    /// groups of type code, amount, item count, funds type (+ its fields).
    init(identifier record: BAI2LogicalRecord, group: BAI2GroupHeader, values: BAI2Values) throws(StatementError) {
        self.values = values
        line = record.line
        recordCount = record.physicalCount
        asOfDate = group.asOfDate
        var reader = BAI2FieldReader(record)
        let number = reader.field().text
        guard !number.isEmpty else {
            throw values.error(.missingField, line: record.line, "03 account identifier has no account number")
        }
        account = number
        currency = try values.currency(reader.field(), "03 account \(number): currency") ?? group.currency
        try readSummaries(&reader)
    }

    private mutating func readSummaries(_ reader: inout BAI2FieldReader) throws(StatementError) {
        let what = "03 account \(account)"
        while let typeField = reader.next() {
            // Many banks end each segment with ",/" after a complete group
            // (SVB writes "015,35217175,,,/"): a blank where a type code would
            // start, closing its segment, is that delimiter, not a field.
            if typeField.isBlank && typeField.endsSegment { continue }
            let amountField = reader.field()
            let itemCount = reader.field()
            _ = try BAI2FundsType.read(&reader, values: values, record: what)
            _ = try values.count(itemCount, "\(what): item count")
            if typeField.isBlank {
                guard amountField.isBlank else {
                    throw values.error(.missingField, line: amountField.line, "\(what): amount '\(amountField.text)' has no type code")
                }
                continue  // a defaulted group (",,,,"): nothing reported
            }
            guard let code = BAI2TypeCode.parse(typeField.text) else {
                throw values.error(.invalidField, line: typeField.line, "\(what): type code '\(typeField.text)' is not three digits")
            }
            guard let amount = try values.amount(amountField, "\(what): type code \(typeField.text) amount", signed: true)
            else { continue }
            try values.add(amount, to: &controlTotal, line: amountField.line, "account \(account)")
            if code == BAI2TypeCode.openingLedger || code == BAI2TypeCode.closingLedger {
                guard (code == BAI2TypeCode.openingLedger ? opening : closing) == nil else {
                    throw values.error(.invalidField, line: typeField.line, "\(what): type code \(typeField.text) is given twice")
                }
                if code == BAI2TypeCode.openingLedger { opening = amount } else { closing = amount }
            }
        }
    }

    /// 16: type code, amount, funds type (+ its fields), bank reference,
    /// customer reference, text (the rest, through its 88s).
    mutating func addDetail(_ record: BAI2LogicalRecord) throws(StatementError) {
        recordCount += record.physicalCount
        let what = "16 detail of account \(account)"
        var reader = BAI2FieldReader(record)
        let typeField = reader.field()
        guard let code = BAI2TypeCode.parse(typeField.text) else {
            throw values.error(
                .invalidField, line: record.line, "\(what): type code '\(typeField.text)' is not three digits")
        }
        let direction: BAI2TypeCode.Direction
        switch BAI2TypeCode.direction(ofDetail: code) {
        case .success(let found): direction = found
        case .failure(let refusal): throw values.error(.invalidField, line: record.line, "\(what): type code \(typeField.text) \(refusal.reason)")
        }
        let amountField = reader.field()
        let magnitude = try values.amount(amountField, "\(what): amount", signed: false)
        let valueDate = try BAI2FundsType.read(&reader, values: values, record: what)
        let bankReference = reader.field().text
        let customerReference = reader.field().text
        let text = reader.remainingText()
        if let magnitude { try values.add(magnitude, to: &controlTotal, line: record.line, "account \(account)") }
        guard direction != .informational else { return }
        guard let magnitude else {
            throw values.error(.missingField, line: record.line, "\(what): type code \(typeField.text) has no amount")
        }
        let line = BankLine(
            account: account, bookingDate: asOfDate, valueDate: valueDate,
            amount: direction == .credit ? magnitude : -magnitude, currency: currency,
            reference: customerReference.isEmpty ? nil : customerReference, description: text,
            bankTransactionID: bankReference.isEmpty ? nil : bankReference, sourceLine: record.line)
        try size.add(line, fileName: values.fileName, location: "line \(record.line)", element: "16 transaction detail")
        lines.append(line)
    }

    /// 49: control total, number of records. Both must match what was read:
    /// a mismatch means a record is missing, extra or garbled.
    mutating func finish(trailer record: BAI2LogicalRecord) throws(StatementError) -> BankStatement {
        recordCount += record.physicalCount
        let what = "49 account trailer of account \(account) (03 on line \(line))"
        var reader = BAI2FieldReader(record)
        // A blank control total (ministryofjustice's blank example) is read
        // as zero and still checked: it passes only when the amounts net out.
        let total = try values.amount(reader.field(), "\(what): control total", signed: true) ?? 0
        let count = try values.requiredCount(reader.field(), "\(what): number of records")
        guard total == controlTotal else {
            throw values.error(
                .invalidField, line: record.line,
                "\(what): control total \(total), but the amounts of the account add up to \(controlTotal)")
        }
        guard count == recordCount else {
            throw values.error(
                .invalidField, line: record.line,
                "\(what): \(count) records announced, but the account has \(recordCount) (03 to 49, 88s included)")
        }
        return BankStatement(
            account: account, currency: currency, sequence: nil,
            openingBalance: opening, closingBalance: closing,
            openingDate: opening == nil ? nil : asOfDate, closingDate: closing == nil ? nil : asOfDate,
            lines: lines, sourceLine: line)
    }
}
