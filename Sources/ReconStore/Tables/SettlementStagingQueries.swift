/// The careful path of settlement (a batch the fast path could not settle:
/// a replay, a conflict, a txn_id twice in the file, a concurrent worker):
/// every row goes into a temporary `staging` table shaped like
/// `transactions` and is classified against the key registry in SQL.
public enum SettlementStagingQueries {
    public static let createStaging: SQL = "create temp table staging (like transactions) on commit drop"

    public static let copyStaging = "copy staging (\(TransactionsTable.columns.sql)) from stdin with (format binary)"

    /// Second and later occurrences of a txn_id in this file: out of staging,
    /// into `rejected_records` as DUPLICATE_IN_FILE naming the first line.
    public static func rejectRepeatsInFile(batchID: Int64) -> SQL {
        """
        with ranked as (
            select line, txn_id, row_number() over w as occurrence, first_value(line) over w as first_line
            from staging window w as (partition by txn_id order by line)
        ), removed as (
            delete from staging s using ranked r
            where r.occurrence > 1 and s.txn_id = r.txn_id and s.line = r.line
            returning s.line, s.txn_id, r.first_line
        )
        insert into rejected_records (batch_id, line, txn_id, reason, detail)
        select \(batchID), line, txn_id, 'DUPLICATE_IN_FILE', 'txn_id first appears on line ' || first_line from removed
        """
    }

    // The registry's key columns are COLLATE "C" (bytewise); comparing in
    // that collation lets these joins use its primary key.

    /// Staged rows whose txn_id was settled with other content: CONFLICT.
    public static func rejectConflicts(batchID: Int64) -> SQL {
        """
        insert into rejected_records (batch_id, line, txn_id, reason, detail)
        select \(batchID), s.line, s.txn_id, 'CONFLICT',
               'txn_id already settled (batch ' || k.batch_id || ', line ' || k.line || ') with different content'
        from staging s join transaction_keys k on k.source = s.source collate "C" and k.txn_id = s.txn_id collate "C"
        where k.content_sha256 <> s.content_sha256
        """
    }

    /// How many staged rows were settled before with the same content.
    public static let countDuplicates: SQL = """
        select count(*) from staging s
        join transaction_keys k on k.source = s.source collate "C" and k.txn_id = s.txn_id collate "C"
        where k.content_sha256 = s.content_sha256
        """

    /// Registers the keys nobody holds (CTE `registered`). `on conflict do
    /// nothing` alone skips the held keys, each by one probe of the primary
    /// key; a `not exists` here was planned as a hash anti-join over the
    /// whole registry, which only grows (2.4 s of this statement at 2M keys,
    /// spilling to disk).
    public static let registerNewKeys: SQL = """
        registered as (
            insert into transaction_keys (\(columns: TransactionKeysTable.columns))
            select \(columns: TransactionKeysTable.columns) from staging s
            on conflict do nothing
            returning source, txn_id
        )
        """

    /// Settles exactly the rows whose key ``registerNewKeys`` registered,
    /// returning what their groups need.
    public static let settleRegistered: SQL = """
        insert into transactions (\(columns: TransactionsTable.columns))
        select \(columns: TransactionsTable.columns.qualified(by: "s")) from staging s
        join registered r on r.source = s.source collate "C" and r.txn_id = s.txn_id collate "C"
        returning merchant_id, settlement_ref, currency, type, amount, settlement_date, line
        """
}
