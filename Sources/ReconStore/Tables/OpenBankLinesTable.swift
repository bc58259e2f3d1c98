/// `open_bank_lines` (sql/006): the bank lines no settlement group claims,
/// with what matching looks up. A line enters at import and leaves when a
/// group claims it (and comes back when the claim is undone), so reconcile
/// reads the open lines without looking at the matched history.
public enum OpenBankLinesTable {
    public static let columns = ColumnList("bank_line_id", "job", "reference", "amount", "currency", "booking_date")

    /// Inserts the rows of `relation` (a CTE or table with bank_lines'
    /// `id, job, reference, amount, currency, booking_date`).
    public static func insertFrom(_ relation: String) -> SQL {
        "insert into open_bank_lines (\(columns: columns)) select id, job, reference, amount, currency, booking_date from \(identifier: relation)"
    }

    /// Puts the claimed lines listed in `relation` (column `id`) back.
    public static func reopen(fromIDsIn relation: String) -> SQL {
        """
        insert into open_bank_lines (\(columns: columns))
        select l.id, l.job, l.reference, l.amount, l.currency, l.booking_date
        from bank_lines l where l.id in (select id from \(identifier: relation))
        on conflict (bank_line_id) do nothing
        """
    }

    /// Removes the lines listed in `relation` (column `id`): claimed tonight.
    public static func close(idsIn relation: String) -> SQL {
        "delete from open_bank_lines where bank_line_id in (select id from \(identifier: relation))"
    }
}
