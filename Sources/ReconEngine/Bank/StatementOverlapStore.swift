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
        try connection.execute(
            """
            insert into bank_statement_repeats (statement_id, bank_line_id)
            select $1, l.id
            from incoming_lines i
            join bank_lines l on l.job = i.job and l.account = i.account and l.line_key = i.line_key
            where l.statement_id <> $1
            on conflict do nothing
            """, [.int64(statementID)])
    }

    /// The lines each pair of the account's statements share: count and sum,
    /// keyed by the two statement ids (smaller first).
    static func sharedLines(
        connection: PostgresConnection, job: String, account: String
    ) throws -> [StatementGapFinder.StatementPair: StatementGapFinder.SharedLines] {
        let rows = try connection.execute(
            """
            with members as (
                select l.statement_id, l.id as line_id, l.amount
                from bank_lines l
                where l.job = $1 and l.account = $2
                  and exists (select 1 from bank_statement_repeats r where r.bank_line_id = l.id)
                union all
                select r.statement_id, r.bank_line_id, l.amount
                from bank_statement_repeats r join bank_lines l on l.id = r.bank_line_id
                where l.job = $1 and l.account = $2
            )
            select a.statement_id, b.statement_id, count(*), sum(a.amount)::bigint
            from members a join members b on a.line_id = b.line_id and a.statement_id < b.statement_id
            group by 1, 2
            """, [.text(job), .text(account)])
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
        let rows = try connection.execute(
            "select detail from statement_gaps where job = $1 and account = $2", [.text(job), .text(account)])
        let holding = Set(current)
        var removed: [String] = []
        for row in 0..<rows.rowCount {
            let detail = rows.string(row: row, column: 0)!
            guard !holding.contains(detail) else { continue }
            try connection.execute(
                "delete from statement_gaps where job = $1 and account = $2 and detail = $3",
                [.text(job), .text(account), .text(detail)])
            removed.append(detail)
        }
        return removed
    }
}
