import ReconStore

/// The database side of overlapping statements (SPEC §4): which stored bank
/// lines each statement repeated, and the lines any two statements of an
/// account share. Kept out of ``StatementIngestor`` so that the gap rule has
/// one home beside ``StatementGapFinder``.
enum StatementOverlapStore {
    /// After a statement's lines went through `incoming_lines` into
    /// `bank_lines` (`on conflict do nothing`), records the lines it delivered
    /// that another statement had stored first. Costs nothing when every line
    /// was new.
    static func recordRepeats(
        connection: PostgresConnection, statementID: Int64, incomingCount: Int, insertedCount: Int
    ) throws {
        guard insertedCount < incomingCount else { return }
        try connection.execute(BankLinesTable.recordRepeats(statementID: statementID))
    }

    /// The lines each pair of the account's statements share: count and sum,
    /// keyed by the two statement ids (smaller first).
    static func sharedLines(
        connection: PostgresConnection, job: String, account: String
    ) throws -> [StatementGapFinder.StatementPair: StatementGapFinder.SharedLines] {
        let rows = try connection.execute(BankLinesTable.sharedLines(job: job, account: account))
        var shared: [StatementGapFinder.StatementPair: StatementGapFinder.SharedLines] = [:]
        for row in 0..<rows.rowCount {
            let pair = StatementGapFinder.StatementPair(rows.int64(row: row, column: 0)!, rows.int64(row: row, column: 1)!)
            shared[pair] = .init(count: Int(rows.int64(row: row, column: 2)!), amount: rows.int64(row: row, column: 3)!)
        }
        return shared
    }

    /// Removes the account's recorded gaps that no longer hold: a statement
    /// that arrived late (out of order, on a later night) filled them.
    static func removeFilledGaps(
        connection: PostgresConnection, job: String, account: String, current: [String]
    ) throws -> [String] {
        let rows = try connection.execute(StatementGapsTable.details(job: job, account: account))
        let holding = Set(current)
        var removed: [String] = []
        for row in 0..<rows.rowCount {
            let detail = rows.string(row: row, column: 0)!
            guard !holding.contains(detail) else { continue }
            try connection.execute(StatementGapsTable.delete(job: job, account: account, detail: detail))
            removed.append(detail)
        }
        return removed
    }
}
