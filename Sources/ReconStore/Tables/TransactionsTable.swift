/// `transactions` (sql/001, partitioned by settlement month since sql/004):
/// the settled rows, append-only for the runtime role (sql/013). Written by
/// binary COPY in ``columns`` order; ReconEngine's `TransactionRow` encodes
/// a row in that order.
public enum TransactionsTable {
    public static let columns = ColumnList(
        "source", "txn_id", "merchant_id", "type", "amount", "currency", "created_at", "settlement_date",
        "settlement_ref", "key_id", "extra", "content_sha256", "batch_id", "line")

    public static let copyRows = "copy transactions (\(columns.sql)) from stdin with (format binary)"
}

extension TransactionKeysTable {
    /// In the table's column order (fixed-width first, sql/004); ReconEngine's
    /// `TransactionKeyRow` encodes a row in that order.
    public static let columns = ColumnList("batch_id", "line", "settlement_date", "source", "txn_id", "content_sha256")

    public static let copyRows = "copy transaction_keys (\(columns.sql)) from stdin with (format binary)"
}
