extension Mismatch.Candidate {
    /// A group shown next to a bank line: how far its net and settlement date
    /// are from the line's amount and booking date.
    static func group(_ group: SettlementGroup, near line: BankLine) -> Mismatch.Candidate {
        Mismatch.Candidate(
            side: "group", settlementRef: group.key.settlementRef, merchantID: group.key.merchantID,
            amount: group.net, currency: group.currency.code,
            amountDifference: saturatingDifference(group.net, line.amount),
            daysApart: abs(Reconciler.daysApart(line.bookingDate, group.settlementDate)),
            reference: group.key.settlementRef)
    }

    /// A bank line shown next to a group.
    static func bankLine(_ line: OpenBankLine, near group: SettlementGroup) -> Mismatch.Candidate {
        Mismatch.Candidate(
            side: "bank_line", bankTxnID: line.line.bankTransactionID, amount: line.line.amount,
            currency: line.line.currency.code,
            amountDifference: saturatingDifference(line.line.amount, group.net),
            daysApart: abs(Reconciler.daysApart(line.line.bookingDate, group.settlementDate)),
            reference: line.line.reference, bankLineID: line.bankLineID)
    }

    /// Amounts near `Int64` bounds must not trap a report.
    static func saturatingDifference(_ lhs: Int64, _ rhs: Int64) -> Int64 {
        let (difference, overflow) = lhs.subtractingReportingOverflow(rhs)
        if !overflow { return difference }
        return lhs > rhs ? Int64.max : Int64.min
    }
}
