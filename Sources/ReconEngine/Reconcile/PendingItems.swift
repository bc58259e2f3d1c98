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
            """
            select \(SettlementGroupsTable.groupColumns.sql) from settlement_groups
            where source = $1 and (merchant_id, settlement_ref, currency) in
                (select * from unnest($2::text[], $3::text[], $4::text[]))
            """,
            [
                .text(job.source), .text(Self.arrayLiteral(keys.map(\.merchantID))),
                .text(Self.arrayLiteral(keys.map(\.settlementRef))), .text(Self.arrayLiteral(keys.map(\.currency))),
            ])
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
        let rows = try connection.execute(
            """
            select coalesce(bank_txn_id, reference, account || ' #' || id), currency, amount, booking_date::text
            from bank_lines where job = $1 and id = any($2::bigint[])
            """, [.text(job.name), .text("{" + ids.map(String.init).joined(separator: ",") + "}")])
        return (0..<rows.rowCount).compactMap { row in
            guard let currency = Currency(code: rows.string(row: row, column: 1) ?? ""),
                let date = CivilDate(iso: rows.string(row: row, column: 3) ?? "")
            else { return nil }
            return PendingItem(
                side: .bankLine, name: rows.string(row: row, column: 0) ?? "", currency: currency,
                amount: rows.int64(row: row, column: 2) ?? 0, date: date, windowDays: job.windowDays)
        }
    }

    /// A PostgreSQL text[] literal: every element quoted, `"` and `\` escaped.
    static func arrayLiteral(_ values: [String]) -> String {
        "{" + values.map { value in
            "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }.joined(separator: ",") + "}"
    }
}
