import ReconCore
import ReconStore

/// The pending groups and lines of tonight (unmatched, inside the window)
/// with what `report.html` shows of them, read back from the database by
/// the keys and ids the Reconciler left pending.
struct PendingItems {
    let connection: PostgresConnection
    let job: JobFile

    func load(_ result: ReconcileResult) throws -> [PendingItem] {
        try groups(result.pendingGroupKeys) + lines(result.pendingBankLineIDs)
    }

    private func groups(_ keys: [SettlementGroup.Key]) throws -> [PendingItem] {
        guard !keys.isEmpty else { return [] }
        let rows = try connection.execute(
            SettlementGroupsTable.groups(
                source: job.source, merchantIDs: keys.map(\.merchantID), settlementRefs: keys.map(\.settlementRef),
                currencies: keys.map(\.currency)))
        return (0..<rows.rowCount).compactMap { row in
            SettlementGroupColumns.decode(rows, row: row).map { group in
                PendingItem(
                    side: .group, name: group.key.settlementRef, merchantID: group.key.merchantID, currency: group.currency,
                    amount: group.net, date: group.settlementDate, windowDays: job.windowDays)
            }
        }
    }

    private func lines(_ ids: [Int64]) throws -> [PendingItem] {
        guard !ids.isEmpty else { return [] }
        let rows = try connection.execute(BankLinesTable.pendingLines(job: job.name, ids: ids))
        return (0..<rows.rowCount).compactMap { row in
            guard let currency = Currency(code: rows.string(row: row, column: 1) ?? ""),
                let date = CivilDate(iso: rows.string(row: row, column: 3) ?? "")
            else { return nil }
            return PendingItem(
                side: .bankLine, name: rows.string(row: row, column: 0) ?? "", currency: currency,
                amount: rows.int64(row: row, column: 2) ?? 0, date: date, windowDays: job.windowDays)
        }
    }
}
