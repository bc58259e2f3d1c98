/// Builds the report row (SPEC §6) for each kind of mismatch, so every row of
/// one kind fills the same columns. `first_seen` is filled in last, by the
/// ``Reconciler``, from the identities seen on earlier nights.
enum MismatchRows {
    /// Nil on overflow of `Int64`: such a sum can equal no net.
    static func sum(_ amounts: [Int64]) -> Int64? {
        var total: Int64 = 0
        for amount in amounts {
            let (next, overflow) = total.addingReportingOverflow(amount)
            if overflow { return nil }
            total = next
        }
        return total
    }

    static func money(_ amount: Int64, _ currency: Currency) -> String {
        "\(MinorUnits.format(amount, digits: currency.minorDigits)) \(currency.code)"
    }

    static func missingInBank(group: SettlementGroup, windowDays: Int, candidates: [Mismatch.Candidate]) -> Mismatch {
        var row = groupRow(.missingInBank, group)
        row.detail = "no bank line names \(group.key.settlementRef) or fits its amount within \(windowDays) days of \(group.settlementDate)"
        row.candidates = candidates
        return row
    }

    static func unexpected(line: OpenBankLine, windowDays: Int, candidates: [Mismatch.Candidate]) -> Mismatch {
        var row = lineRow(.unexpectedBankLine, line)
        let reference = line.line.reference.map { "reference '\($0)' names no open group" } ?? "no reference"
        row.detail = "\(reference); no open group of this amount within \(windowDays) days of \(line.line.bookingDate)"
        row.candidates = candidates
        return row
    }

    /// `shown` are the nearest of the `count` fitting groups, nearest first.
    static func ambiguous(line: OpenBankLine, how: String, count: Int, shown: [SettlementGroup]) -> Mismatch {
        var row = lineRow(.ambiguousMatch, line)
        let names = shown.map { "\($0.key.merchantID)/\($0.key.settlementRef)" }
        let more = count > names.count ? " and \(count - names.count) more" : ""
        row.detail = "\(count) open groups fit \(how): \(names.joined(separator: ", "))\(more)"
        // Another currency's group cannot be compared: named, never a candidate.
        row.candidates = shown.filter { $0.currency == line.line.currency }.prefix(CandidateFinder.count)
            .map { Mismatch.Candidate.group($0, near: line.line) }
        return row
    }

    static func wrongAmount(group: SettlementGroup, lines: [OpenBankLine]) -> Mismatch {
        var row = matchRow(.amountMismatch, group, lines)
        row.detail = "matched by reference; bank \(money(row.bankAmount ?? 0, group.currency)) in \(lines.count) line(s), expected \(money(group.net, group.currency))"
        return row
    }

    static func outsideWindow(group: SettlementGroup, lines: [OpenBankLine], windowDays: Int) -> Mismatch {
        var row = matchRow(.dateOutOfWindow, group, lines)
        // Only the dates were at fault; a tolerated difference stays shown.
        if row.difference == 0 { row.difference = nil }
        let days = lines.map { Reconciler.daysApart($0.line.bookingDate, group.settlementDate) }
        let farthest = days.max { abs($0) < abs($1) } ?? 0
        let side = farthest < 0 ? "before" : "after"
        row.detail = "booked \(abs(farthest)) days \(side) settlement date \(group.settlementDate); window is ±\(windowDays)"
        return row
    }

    /// The group has no line in its own currency: nothing can be compared.
    static func wrongCurrency(group: SettlementGroup, lines: [OpenBankLine]) -> Mismatch {
        var row = matchRow(.currencyMismatch, group, lines)
        let codes = Set(lines.map(\.line.currency.code)).sorted()
        let currencies = codes.joined(separator: ", ")
        // In the lines' own currency when they share one; amounts of two
        // foreign currencies cannot be added.
        row.bankAmount = codes.count == 1 ? row.bankAmount : nil
        row.bankCurrency = codes.count == 1 ? codes[0] : nil
        row.difference = nil
        row.detail = "bank line(s) in \(currencies), group in \(group.currency.code); bank amount(s) \(lines.map { money($0.line.amount, $0.line.currency) }.joined(separator: ", "))"
        return row
    }

    /// A foreign-currency line naming a group that other lines pay.
    static func strayCurrencyLine(group: SettlementGroup, line: OpenBankLine) -> Mismatch {
        var row = groupRow(.currencyMismatch, group)
        fillLine(&row, line)
        row.bankCurrency = line.line.currency.code
        row.detail = "bank line of \(money(line.line.amount, line.line.currency)) names a group in \(group.currency.code)"
        return row
    }

    static func duplicate(group: SettlementGroup, line: OpenBankLine, kept: OpenBankLine) -> Mismatch {
        var row = groupRow(.duplicateBankLine, group)
        fillLine(&row, line)
        // No amount was compared: the line repeats one that settled the group.
        row.difference = nil
        row.detail = "same amount as bank line \(kept.line.bankTransactionID ?? "#\(kept.bankLineID)") booked \(kept.line.bookingDate), which settled the group"
        return row
    }

    static func statementGap(_ gap: StatementGap) -> Mismatch {
        Mismatch(kind: .statementGap, bankAccount: gap.account, detail: gap.detail)
    }

    private static func groupRow(_ kind: MismatchKind, _ group: SettlementGroup) -> Mismatch {
        Mismatch(
            kind: kind, settlementRef: group.key.settlementRef, merchantID: group.key.merchantID,
            currency: group.currency.code, expectedAmount: group.net, settlementDate: group.settlementDate,
            transactionCount: group.transactionCount)
    }

    private static func lineRow(_ kind: MismatchKind, _ line: OpenBankLine) -> Mismatch {
        var row = Mismatch(kind: kind, currency: line.line.currency.code)
        fillLine(&row, line)
        return row
    }

    private static func fillLine(_ row: inout Mismatch, _ line: OpenBankLine) {
        row.bankAmount = line.line.amount
        row.bookingDate = line.line.bookingDate
        row.bankAccount = line.line.account
        row.bankTxnID = line.line.bankTransactionID
        row.bankLineID = line.bankLineID
    }

    /// Several lines in one row: the earliest gives booking date and account;
    /// every line's bank id is listed, space-separated, in booking order.
    private static func matchRow(_ kind: MismatchKind, _ group: SettlementGroup, _ lines: [OpenBankLine]) -> Mismatch {
        var row = groupRow(kind, group)
        row.bankAmount = sum(lines.map(\.line.amount))
        row.difference = row.bankAmount.flatMap { $0.subtractingReportingOverflow(group.net).overflow ? nil : $0 - group.net }
        row.bookingDate = lines.first?.line.bookingDate
        row.bankAccount = lines.first?.line.account
        let bankIDs = lines.compactMap(\.line.bankTransactionID)
        row.bankTxnID = bankIDs.isEmpty ? nil : bankIDs.joined(separator: " ")
        if lines.count == 1 { row.bankLineID = lines[0].bankLineID }
        return row
    }
}
