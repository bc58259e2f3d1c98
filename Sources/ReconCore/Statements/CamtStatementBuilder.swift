/// One camt `Stmt` while it is read: account, balances and the bank lines of
/// its booked entries.
struct CamtStatementBuilder {
    let fileName: String
    let location: CamtLocation
    private var iban: String?
    private var otherID: String?
    private var currency: Currency?
    private var accountCurrencyText: String?
    private var electronicSequence: String?
    private var legalSequence: String?
    private var opening: (amount: Int64, date: CivilDate?)?
    private var previousClosing: (amount: Int64, date: CivilDate?)?
    private var closing: (amount: Int64, date: CivilDate?)?
    /// Entries wait here until the account and currency are surely known.
    private var lines: [BankLine] = []
    private var size = StatementSizeCounter()
    private var notes: [String] = []
    /// Entries with neither BookgDt nor ValDt (the Lithuanian daily
    /// statements): dated at the end with the statement's balance date.
    private var undatedEntries: [CamtLocation] = []
    private var undatedLineStart: Int?
    private static let undatedPlaceholder = CivilDate(year: 1970, month: 1, day: 1)!

    init(fileName: String, location: CamtLocation) {
        self.fileName = fileName
        self.location = location
    }

    var account: String { iban ?? otherID ?? "" }

    mutating func take(_ relativePath: String, value: String) {
        switch relativePath {
        case "Acct/Id/IBAN": iban = value
        case "Acct/Id/Othr/Id": otherID = value
        case "Acct/Ccy": accountCurrencyText = value
        case "ElctrncSeqNb": electronicSequence = value
        case "LglSeqNb": legalSequence = value
        default: break
        }
    }

    mutating func add(_ balance: CamtBalanceBuilder, fileName: String) throws(StatementError) {
        guard let code = balance.typeCode, ["OPBD", "PRCD", "CLBD"].contains(code) else {
            return  // available, interim and forward balances are not part of the check
        }
        let where_ = balance.amountLocation ?? balance.location
        let balanceCurrency = try resolveCurrency(balance.amountCurrency, at: where_)
        let magnitude = try amount(balance.amountText, currency: balanceCurrency, at: where_)
        // A balance without CdtDbtInd (the Lithuanian samples) is read as
        // positive; the balance check still guards the result.
        let sign = try self.sign(balance.creditDebit ?? "CRDT", at: balance.location)
        let value = (sign * magnitude, balance.date)
        switch code {
        case "OPBD": opening = value
        case "PRCD": previousClosing = value
        default: closing = value
        }
    }

    mutating func add(_ entry: CamtEntryBuilder, fileName: String) throws(StatementError) {
        guard entry.isBooked else { return }  // pending and information-only entries are not bank lines
        let where_ = entry.amountLocation ?? entry.location
        var (amountText, amountCurrency) = (entry.amountText, entry.amountCurrency)
        var originalAmount: String?
        if let code = amountCurrency, let accountCurrency = try knownCurrency(), code != accountCurrency.code,
            let booked = Self.amountDetail(in: entry, currency: accountCurrency.code)
        {
            // The entry's Amt is the instructed amount in another currency; AmtDtls
            // gives what was booked on the account (seen in real banks' files).
            originalAmount = "original amount \(entry.amountText ?? "") \(code)"
            notes.append(
                "line \(where_.line): Ntry/Amt is in \(code) on an account in \(accountCurrency.code); "
                    + "booked the \(booked.kind) of \(booked.text) \(accountCurrency.code)")
            (amountText, amountCurrency) = (booked.text, booked.currency)
        }
        let entryCurrency = try resolveCurrency(amountCurrency, at: where_)
        let magnitude = try amount(amountText, currency: entryCurrency, at: where_)
        let sign = try self.sign(entry.creditDebit, at: entry.location)
        let bookingText = entry.bookingDateText ?? entry.valueDateText
        var bookingDate = CamtStatementBuilder.undatedPlaceholder
        if let bookingText {
            guard let parsed = CivilDate(iso: String(bookingText.prefix(10))) else {
                throw error(.invalidField, at: entry.location, "booking date '\(bookingText)' is not an ISO date")
            }
            bookingDate = parsed
        } else {
            undatedLineStart = min(undatedLineStart ?? lines.count, lines.count)
            undatedEntries.append(entry.location)
        }
        var valueDate: CivilDate?
        if let valueText = entry.valueDateText {
            guard let parsed = CivilDate(iso: String(valueText.prefix(10))) else {
                throw error(.invalidField, at: entry.location, "value date '\(valueText)' is not an ISO date")
            }
            valueDate = parsed
        }
        let template = BankLine(
            account: account, bookingDate: bookingDate, valueDate: valueDate, amount: sign * magnitude,
            currency: entryCurrency, reference: nil, description: "",
            bankTransactionID: entry.bankReference, sourceLine: entry.location.line)
        if let split = try splitLines(entry, template: template, sign: sign) {
            for line in split { try keep(line, at: entry.location) }
            return
        }
        var line = template
        let references = Set(entry.details.compactMap(\.reference))
        line.reference = references.count == 1 ? references.first : nil
        if line.bankTransactionID == nil {
            // Some banks give the bank's id only per transaction (TxDtls/Refs/AcctSvcrRef).
            let detailIDs = Set(entry.details.compactMap(\.bankReference).filter { !$0.isEmpty })
            line.bankTransactionID = detailIDs.count == 1 ? detailIDs.first : nil
        }
        line.description = joinedDescription(
            entry.details.flatMap(\.unstructured) + [entry.additionalInfo, originalAmount].compactMap { $0 })
        try keep(line, at: entry.location)
    }

    private mutating func keep(_ line: BankLine, at where_: CamtLocation) throws(StatementError) {
        try size.add(line, fileName: fileName, location: where_.description, element: "Ntry")
        lines.append(line)
    }

    /// One line per `TxDtls` when an entry (a batch booking) lists several
    /// payments with their own amounts in the entry's currency, and they add up
    /// to the entry. Otherwise nil: the entry stays one line, so the statement
    /// still balances.
    private func splitLines(
        _ entry: CamtEntryBuilder, template: BankLine, sign: Int64
    ) throws(StatementError) -> [BankLine]? {
        guard entry.details.count > 1,
            entry.details.allSatisfy({ $0.amountText != nil && ($0.amountCurrency ?? template.currency.code) == template.currency.code })
        else { return nil }
        var split: [BankLine] = []
        var total: Int64 = 0
        for (index, detail) in entry.details.enumerated() {
            let magnitude = try amount(detail.amountText, currency: template.currency, at: detail.location)
            let detailSign = detail.creditDebit == nil ? sign : try self.sign(detail.creditDebit, at: detail.location)
            var line = template
            line.amount = detailSign * magnitude
            line.reference = detail.reference
            line.description = joinedDescription(
                detail.unstructured + [detail.additionalInfo, entry.additionalInfo].compactMap { $0 })
            // Each part needs its own id, or the parts would look like one line delivered twice.
            line.bankTransactionID = detail.bankReference ?? entry.bankReference.map { "\($0)/\(index + 1)" }
            line.sourceLine = detail.location.line
            let (sum, overflow) = total.addingReportingOverflow(line.amount)
            guard !overflow else { return nil }
            total = sum
            split.append(line)
        }
        return total == template.amount ? split : nil
    }

    mutating func finish() throws(StatementError) -> BankStatement {
        guard !account.isEmpty else {
            throw error(.missingField, at: location, "statement has no Acct/Id/IBAN or Acct/Id/Othr/Id")
        }
        if currency == nil, let accountCurrencyText {
            currency = try resolveCurrency(accountCurrencyText, at: location)
        }
        guard let currency else {
            throw error(.missingField, at: location, "statement has no Acct/Ccy, balance or entry giving its currency")
        }
        let openingBalance = opening ?? previousClosing
        if let first = undatedEntries.first {
            // A daily statement books its entries on the day of its balances.
            guard let statementDate = closing?.date ?? openingBalance?.date else {
                throw error(.missingField, at: first, "booked entry has no BookgDt or ValDt, and the statement no balance date")
            }
            for index in (undatedLineStart ?? 0)..<lines.count where lines[index].bookingDate == CamtStatementBuilder.undatedPlaceholder {
                lines[index].bookingDate = statementDate
            }
        }
        return BankStatement(
            account: account, currency: currency, sequence: electronicSequence ?? legalSequence,
            openingBalance: openingBalance?.amount, closingBalance: closing?.amount,
            openingDate: openingBalance?.date, closingDate: closing?.date,
            lines: lines.map { line in
                var fixed = line
                fixed.account = account  // the account may be written after some Ntry in odd files
                return fixed
            },
            sourceLine: location.line, notes: notes)
    }

    /// The account's currency when it is known by now (`Acct/Ccy` or a balance).
    private mutating func knownCurrency() throws(StatementError) -> Currency? {
        if currency == nil, accountCurrencyText != nil { _ = try resolveCurrency(nil, at: location) }
        return currency
    }

    /// The `AmtDtls` amount of the entry (else of its only transaction) in `currency`.
    private static func amountDetail(in entry: CamtEntryBuilder, currency: String) -> CamtAmountDetail? {
        var candidates = entry.amountDetails
        if entry.details.count == 1 { candidates += entry.details[0].amountDetails }
        let matching = candidates.filter { $0.currency == currency }
        for kind in CamtAmountDetail.preference {
            if let found = matching.first(where: { $0.kind == kind }) {
                return CamtAmountDetail(
                    kind: String(kind.split(separator: "/")[1]), text: found.text, currency: found.currency)
            }
        }
        return nil
    }

    /// The account currency (`Acct/Ccy`) wins; amounts in any other currency
    /// are an error, since they cannot be added to the account's balance.
    private mutating func resolveCurrency(_ code: String?, at where_: CamtLocation) throws(StatementError) -> Currency {
        if currency == nil, let accountCurrencyText {
            guard let (accountCurrency, isWithdrawn) = Currency.statementCurrency(accountCurrencyText) else {
                throw error(
                    .invalidField, at: location,
                    "Acct/Ccy: expected an ISO 4217 currency code, found '\(accountCurrencyText)'")
            }
            if isWithdrawn { noteWithdrawn(accountCurrency, at: location) }
            currency = accountCurrency
        }
        guard let code else {
            if let currency { return currency }
            throw error(.missingField, at: where_, "amount has no Ccy attribute")
        }
        guard let (parsed, isWithdrawn) = Currency.statementCurrency(code) else {
            throw error(.invalidField, at: where_, "Ccy: expected an ISO 4217 currency code, found '\(code)'")
        }
        if isWithdrawn && currency == nil { noteWithdrawn(parsed, at: where_) }
        if let currency, currency != parsed {
            throw error(.invalidField, at: where_, "amount in \(code) on an account in \(currency.code)")
        }
        currency = parsed
        return parsed
    }

    private mutating func noteWithdrawn(_ withdrawn: Currency, at where_: CamtLocation) {
        notes.append(
            "line \(where_.line): currency \(withdrawn.code) is a withdrawn ISO 4217 code, "
                + "read with its \(withdrawn.minorDigits) minor digits")
    }

    private func amount(_ text: String?, currency: Currency, at where_: CamtLocation) throws(StatementError) -> Int64 {
        guard let text, !text.isEmpty else { throw error(.missingField, at: where_, "amount is missing") }
        guard !text.hasPrefix("-"), !text.contains(","),
            let value = StatementAmount.parse(text[...], separator: ".", digits: currency.minorDigits)
        else {
            throw error(
                .invalidField, at: where_,
                StatementAmount.problem(text[...], separator: ".", digits: currency.minorDigits) + " (\(currency.code))")
        }
        return value
    }

    private func sign(_ indicator: String?, at where_: CamtLocation) throws(StatementError) -> Int64 {
        switch indicator {
        case "CRDT": return 1
        case "DBIT": return -1
        default: throw error(.invalidField, at: where_, "CdtDbtInd is '\(indicator ?? "")', expected CRDT or DBIT")
        }
    }

    private func joinedDescription(_ parts: [String]) -> String {
        parts.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    private func error(_ kind: StatementError.Kind, at where_: CamtLocation, _ message: String) -> StatementError {
        StatementError(kind, fileName: fileName, location: where_.description, message)
    }
}
