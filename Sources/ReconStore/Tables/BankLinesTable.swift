/// `bank_lines` (sql/002) and `bank_statement_repeats` (sql/010): each bank
/// line stored once per job, account and line key, however many statements
/// deliver it; the repeats record which statements delivered it again.
public enum BankLinesTable {
    /// The columns a statement's lines are copied in with, in this order.
    public static let incomingColumns = ColumnList(
        "job", "account", "line_key", "booking_date", "value_date", "amount", "currency", "reference", "description",
        "bank_txn_id", "statement_id", "source_line")

    /// A statement's lines land in `incoming_lines` first (a temporary
    /// table dropped at commit), then go into `bank_lines` with ``insertNew``.
    public static let prepareIncoming: [SQL] = [
        """
        create temp table if not exists incoming_lines on commit drop as
        select \(columns: incomingColumns) from bank_lines with no data
        """,
        "truncate incoming_lines",
    ]

    public static let copyIncoming = "copy incoming_lines (\(incomingColumns.sql)) from stdin with (format binary)"

    /// Stores the incoming lines not stored yet (in file order) and opens
    /// them for matching; the affected row count is the number of new lines.
    public static let insertNew: SQL = """
        with inserted as (
            insert into bank_lines (\(columns: incomingColumns))
            select \(columns: incomingColumns) from incoming_lines order by source_line
            on conflict (job, account, line_key) do nothing
            returning id, job, reference, amount, currency, booking_date
        )
        \(sql: OpenBankLinesTable.insertFrom("inserted"))
        """

    /// After ``insertNew``: records the incoming lines that another
    /// statement had stored first.
    public static func recordRepeats(statementID: Int64) -> SQL {
        """
        insert into bank_statement_repeats (statement_id, bank_line_id)
        select \(statementID), l.id
        from incoming_lines i
        join bank_lines l on l.job = i.job and l.account = i.account and l.line_key = i.line_key
        where l.statement_id <> \(statementID)
        on conflict do nothing
        """
    }

    /// The lines each pair of the account's statements share: smaller
    /// statement id, larger statement id, count, sum of amounts.
    public static func sharedLines(job: String, account: String) -> SQL {
        """
        with members as (
            select l.statement_id, l.id as line_id, l.amount
            from bank_lines l
            where l.job = \(job) and l.account = \(account)
              and exists (select 1 from bank_statement_repeats r where r.bank_line_id = l.id)
            union all
            select r.statement_id, r.bank_line_id, l.amount
            from bank_statement_repeats r join bank_lines l on l.id = r.bank_line_id
            where l.job = \(job) and l.account = \(account)
        )
        select a.statement_id, b.statement_id, count(*), sum(a.amount)::bigint
        from members a join members b on a.line_id = b.line_id and a.statement_id < b.statement_id
        group by 1, 2
        """
    }
}
