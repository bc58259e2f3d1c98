extension MismatchRows {
    /// The one row of a many-to-one line (SPEC §5.6): the refs ascending
    /// joined by `;`, the sum of the nets, the total transaction count. The
    /// merchants are listed alike (distinct, ascending), the settlement date
    /// is the latest of the groups'.
    static func manyToOne(
        _ kind: MismatchKind, groups: [SettlementGroup], line: OpenBankLine, expected: Int64?, windowDays: Int
    ) -> Mismatch {
        let ordered = groups.sorted { $0.key < $1.key }
        var row = Mismatch(
            kind: kind, settlementRef: ordered.map(\.key.settlementRef).joined(separator: ";"),
            merchantID: Set(ordered.map(\.key.merchantID)).sorted().joined(separator: ";"),
            currency: line.line.currency.code, expectedAmount: expected,
            settlementDate: ordered.map(\.settlementDate).max(),
            transactionCount: ordered.reduce(0) { $0 + $1.transactionCount })
        row.bankAmount = line.line.amount
        row.bookingDate = line.line.bookingDate
        row.bankAccount = line.line.account
        row.bankTxnID = line.line.bankTransactionID
        row.bankLineID = line.bankLineID
        if let expected, !line.line.amount.subtractingReportingOverflow(expected).overflow {
            row.difference = line.line.amount - expected
        }
        let named = "one bank line names \(ordered.count) groups"
        switch kind {
        case .dateOutOfWindow:
            if row.difference == 0 { row.difference = nil }
            let farthest = ordered.map { Reconciler.daysApart(line.line.bookingDate, $0.settlementDate) }
                .max { abs($0) < abs($1) } ?? 0
            let side = farthest < 0 ? "before" : "after"
            row.detail = "\(named); booked \(abs(farthest)) days \(side) a settlement date; window is ±\(windowDays)"
        default:
            let sum = expected.map { money($0, line.line.currency) } ?? "beyond what recon can add"
            row.detail = "\(named); bank \(money(line.line.amount, line.line.currency)), their nets sum to \(sum)"
        }
        return row
    }
}
