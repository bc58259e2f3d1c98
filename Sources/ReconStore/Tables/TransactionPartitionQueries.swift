/// The monthly partitions of `transactions` (sql/004, sql/006), made by the
/// SECURITY DEFINER function `recon_ensure_transaction_partitions()`: the
/// runtime role has no DDL rights.
public enum TransactionPartitionQueries {
    /// Two-int advisory key space "rcnp" (recon partitions); the same
    /// constants are in sql/004. Job locks use "rcnj", batch claims the
    /// one-bigint form.
    public static let lockNamespace: Int32 = 0x7263_6E70
    public static let lockKey: Int32 = 0

    /// One row: how many partitions the call created.
    public static let ensure: SQL = "select recon_ensure_transaction_partitions()"

    /// One row: whether the function exists (a development folder of
    /// migrations may stop before sql/004).
    public static let ensureExists: SQL = "select to_regprocedure('recon_ensure_transaction_partitions()') is not null"

    /// Taken in shared mode by each settlement transaction, exclusively by
    /// the function.
    public static let holdLayout: SQL =
        "select pg_advisory_xact_lock_shared(\(.int32(lockNamespace))::int4, \(.int32(lockKey))::int4)"
}
