/// `transaction_keys` (sql/004): the key registry, one row per settled
/// `(source, txn_id)` with its content hash; its primary key is what makes a
/// second settlement of a transaction fail (SPEC §3.2).
public enum TransactionKeysTable {
    /// `txn_id, content_sha256` of those of `txnIDs` the source settled.
    public static func settledHashes(source: String, txnIDs: [String]) -> SQL {
        """
        select k.txn_id, k.content_sha256
        from unnest(\(array: txnIDs)::text[]) as wanted(txn_id)
        join transaction_keys k on k.txn_id = wanted.txn_id collate "C" and k.source = \(source)
        """
    }
}
