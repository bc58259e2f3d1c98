import ReconCore
import ReconStore

extension ReconcileStore {
    /// Adds the manual matches to the night: the out-of-balance ones as
    /// mismatches, the balanced ones decided on the run date or later to the
    /// matched counts, so the summary agrees with the export.
    func addManualMatches(to result: inout ReconcileResult, runDate: CivilDate) throws {
        let outOfBalance = try manualMatchesOutOfBalance()
        result.mismatches += outOfBalance
        result.counts.groupsMismatched += outOfBalance.count
        result.counts.bankLinesMismatched += outOfBalance.reduce(0) { $0 + ($1.bankTxnID?.split(separator: ";").count ?? 1) }
        let counts = try connection.execute(
            ManualMatchesTable.matchedCounts(
                source: job.source,
                onOrAfter: .date(daysSince2000: Int32(runDate.daysSinceEpoch - CalendarMath.postgresEpochOffsetDays))))
        result.counts.groupsMatched += Int(counts.int64(row: 0, column: 0) ?? 0)
        result.counts.bankLinesMatched += Int(counts.int64(row: 0, column: 1) ?? 0)
    }

    /// The manual matches a late transaction put out of balance, as
    /// `AMOUNT_MISMATCH` rows with the person's lines (SPEC §5.5 reopens the
    /// group, §5.8 keeps its lines where the person put them). Their status
    /// follows their balance, so the export and the reports agree.
    func manualMatchesOutOfBalance() throws -> [Mismatch] {
        try connection.execute(ManualMatchesTable.refreshStatus(source: job.source))
        let rows = try connection.execute(ManualMatchesTable.outOfBalance(source: job.source))
        return (0..<rows.rowCount).map { row in
            let currency = rows.string(row: row, column: 2)!
            let net = rows.int64(row: row, column: 3)!, matchedAt = rows.int64(row: row, column: 4)!
            let bank = rows.int64(row: row, column: 8) ?? 0
            let amount = { (value: Int64) in AmountText.format(value, currencyCode: currency) ?? "\(value)" }
            return Mismatch(
                kind: .amountMismatch, settlementRef: rows.string(row: row, column: 1)!,
                merchantID: rows.string(row: row, column: 0)!, currency: currency, expectedAmount: net,
                bankAmount: bank, difference: bank - net,
                settlementDate: rows.string(row: row, column: 6).flatMap(CivilDate.init(iso:)),
                bookingDate: rows.string(row: row, column: 9).flatMap(CivilDate.init(iso:)),
                bankAccount: rows.string(row: row, column: 10), bankTxnID: rows.string(row: row, column: 11),
                transactionCount: rows.int64(row: row, column: 5).map { Int($0) },
                detail: "matched by hand on \(rows.string(row: row, column: 7) ?? "?") at \(amount(matchedAt)); "
                    + "a later transaction moved the net to \(amount(net)): check it, then recon unmatch the group "
                    + "or resolve this exception")
        }
    }
}
