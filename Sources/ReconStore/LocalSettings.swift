/// Settings recon gives a session or the current transaction.
public enum LocalSettings {
    /// Every session: dates as `YYYY-MM-DD` in text results, whatever the
    /// server's or the role's `DateStyle`.
    public static let isoDates: SQL = "set datestyle to 'ISO, YMD'"

    /// For a whole session: no nested loops (see the reconcile's line reader).
    public static let noNestedLoops: SQL = "set enable_nestloop = off"

    /// The first statement of a transaction that reads several tables as
    /// of one moment and writes nothing (`recon db check`, `recon story`).
    public static let readOnlySnapshot: SQL = "set transaction isolation level repeatable read, read only"

    /// How long the transaction's next lock waits may take before 55P03.
    public static func lockTimeout(milliseconds: Int) -> SQL {
        "select set_config('lock_timeout', \("\(max(milliseconds, 1))ms"), true)"
    }

    /// Joins of tonight's few thousand keys (a temporary table) against
    /// the groups as probes of the key index only, until ``anyJoins``. The
    /// planner's estimates of such a join are guesses (a table not analysed
    /// since tonight's groups arrived, a merchant its statistics never saw),
    /// and each guess had its own bad plan: a hash over a scan of every
    /// group of the source (90 ms at 100,000 groups, growing with history),
    /// a merge join on the merchant alone (4 million comparisons for one
    /// merchant's 2,000 groups, 0.66 s), a nested loop over a materialised
    /// scan (the same 4 million on an empty database), a probe of the
    /// merchant index that reads every group of the merchant. The
    /// statements therefore find each key's group id through the unique key
    /// (a scalar subquery) and join by id; with only nested loops over index
    /// scans left, that join is one primary-key probe per key tonight. JIT
    /// is off with them: the disabled paths' nominal costs would make every
    /// such statement compile (0.3 s).
    public static let keyProbesOnly: [SQL] = joinSettings.map { "select set_config(\($0), 'off', true)" as SQL }

    /// Back to the server's settings (not necessarily `on`: a server may run with `jit = off`).
    public static let anyJoins: [SQL] = joinSettings.map { SQL(stringLiteral: "set local \($0) to default") }

    private static let joinSettings = [
        "enable_hashjoin", "enable_mergejoin", "enable_material", "enable_seqscan", "enable_bitmapscan", "jit",
    ]
}
