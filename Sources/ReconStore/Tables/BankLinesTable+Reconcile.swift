/// What reconcile reads of the bank lines. The COPY reads take escaped
/// literals (COPY has no parameters): each is built inside
/// `copyOutWithEscapedLiterals`, which quotes them.
extension BankLinesTable {
    /// The columns ``restLines`` returns, in this order.
    public static let fullLineColumns = ColumnList(
        "id", "account", "booking_date::text", "value_date::text", "amount", "currency", "reference", "description",
        "bank_txn_id", "source_line")

    /// The lines listed in `reconcile_rest_lines`, in full.
    public static let restLines: SQL = """
        select \(columns: fullLineColumns.qualified(by: "l")) from reconcile_rest_lines r
        -- A lookup per line (limit 1 keeps the planner from turning it
        -- into a join that reads every bank line of the history).
        cross join lateral (select * from bank_lines b where b.id = r.id limit 1) l
        """

    /// The open lines of a job in compact form (id, reference, amount,
    /// currency, booking date), for a binary COPY out.
    public static func copyOpenLines(jobLiteral: String) -> String {
        """
        select o.bank_line_id, o.reference, o.amount, o.currency, o.booking_date from open_bank_lines o
        where o.job = \(jobLiteral)
        """
    }

    /// The lines of `reconcile_released_lines` in the compact form of
    /// ``copyOpenLines(jobLiteral:)``.
    public static func copyReleasedLines(jobLiteral: String) -> String {
        """
        select l.id, l.reference, l.amount, l.currency, l.booking_date from reconcile_released_lines r
        cross join lateral (select * from bank_lines b where b.id = r.id limit 1) l
        where l.job = \(jobLiteral)
        """
    }

    /// Reference and description of these lines as one text, for the
    /// many-to-one tokens (SPEC §5.6). `idsLiteral` is the escaped text of a
    /// `{1,2,…}` array.
    public static func copyWords(idsLiteral: String) -> String {
        "select coalesce(reference, '') || ' ' || description from bank_lines where id = any(\(idsLiteral)::bigint[])"
    }
}
