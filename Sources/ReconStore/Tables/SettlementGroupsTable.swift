/// `settlement_groups` (sql/006): one row per settlement group, its sums kept
/// by the settling transaction and its reconciliation state by reconcile.
/// Every statement on the table lives here.
public enum SettlementGroupsTable {
    /// The columns a batch's deltas carry, in the order of
    /// ``deltaRow(merchantID:settlementRef:currency:sums:count:settlementDays:to:)``.
    public static let deltaColumns = ColumnList(
        "merchant_id", "settlement_ref", "currency", "net", "payments", "refunds", "chargebacks", "fees", "adjustments",
        "txn_count", "settlement_date")

    /// The group columns of the export and of the Reconciler's load, in the
    /// order ``GroupRow`` decodes them.
    public static let groupColumns = ColumnList(
        "merchant_id", "settlement_ref", "currency", "net", "to_char(settlement_date, 'YYYY-MM-DD')", "txn_count",
        "payments", "refunds", "chargebacks", "fees", "adjustments")

    /// A temporary table of one batch's deltas, emptied for each batch.
    public static let createDeltaTable: SQL = """
        create temporary table if not exists settle_group_deltas (
            merchant_id text, settlement_ref text, currency text, net bigint, payments bigint, refunds bigint,
            chargebacks bigint, fees bigint, adjustments bigint, txn_count bigint, settlement_date date
        ) on commit delete rows
        """

    public static let copyDeltas = "copy settle_group_deltas (\(deltaColumns.sql)) from stdin with (format binary)"

    /// The columns of a batch's part of each group per type (sql/016's
    /// `settlement_group_files` without the ids), as the careful path's
    /// ``insertDeltas(with:fromSettling:)`` fills them.
    public static let fileDeltaColumns = ColumnList(
        "merchant_id", "settlement_ref", "currency", "type", "txn_count", "amount", "first_lines",
        "first_settlement_date", "last_settlement_date")

    /// Keyed `collate "C"` like settlement_groups, so the join to the
    /// upserted groups compares bytes.
    public static let createFileDeltaTable: SQL = """
        create temporary table if not exists settle_group_file_deltas (
            merchant_id text collate "C", settlement_ref text collate "C", currency text collate "C", type text,
            txn_count bigint, amount bigint, first_lines text, first_settlement_date date, last_settlement_date date
        ) on commit delete rows
        """

    /// Empties both delta tables once their batch's deltas are applied (a
    /// worker settles several batches on one session).
    public static let clearDeltas: SQL = "truncate settle_group_deltas, settle_group_file_deltas"

    /// Fills the delta table from a careful-path insert: `settled` is a
    /// statement `insert into transactions … returning merchant_id,
    /// settlement_ref, currency, type, amount, settlement_date`, preceded by
    /// the common table expressions it uses (`name as (…), …`; a
    /// data-modifying CTE must be at the top level).
    /// `settled` also returns `line`, for the per-file rows (sql/016).
    public static func insertDeltas(with ctes: SQL, fromSettling settled: SQL) -> SQL {
        """
        with \(sql: ctes), settled as (\(sql: settled)), by_file as (
            insert into settle_group_file_deltas (\(columns: fileDeltaColumns))
            select merchant_id, settlement_ref, currency, type, count(*), sum(amount),
                   ((array_agg(line order by line))[1:\(sql: SQL(stringLiteral: String(filesListedLines)))])::text,
                   min(settlement_date), max(settlement_date)
            from settled group by merchant_id, settlement_ref, currency, type
        )
        insert into settle_group_deltas (\(columns: deltaColumns))
        select merchant_id, settlement_ref, currency, sum(amount),
               coalesce(sum(amount) filter (where type = 'payment'), 0),
               coalesce(sum(amount) filter (where type = 'refund'), 0),
               coalesce(sum(amount) filter (where type = 'chargeback'), 0),
               coalesce(sum(amount) filter (where type = 'fee'), 0),
               coalesce(sum(amount) filter (where type = 'adjustment'), 0),
               count(*), max(settlement_date)
        from settled group by merchant_id, settlement_ref, currency
        """
    }

    /// Adds the delta table to the groups of `source`, creating the new
    /// ones, and returns each group's id and key. Rows are locked in key
    /// order (byte order), the same in every session, so concurrent
    /// settlements wait for each other instead of deadlocking. A sum beyond a
    /// bigint fails the statement (22003). A group added to is open again
    /// (`closed = false`): the next reconcile decides it with its new net. A
    /// manual match stays closed: only a person undoes it (the night reports
    /// its new net as a mismatch).
    public static func upsertGroups(source: String) -> SQL {
        """
        insert into settlement_groups as g (source, \(columns: deltaColumns))
        select \(source), \(columns: deltaColumns) from settle_group_deltas
        order by merchant_id collate "C", settlement_ref collate "C", currency collate "C"
        on conflict (source, merchant_id, settlement_ref, currency) do update set
            net = g.net + excluded.net, payments = g.payments + excluded.payments,
            refunds = g.refunds + excluded.refunds, chargebacks = g.chargebacks + excluded.chargebacks,
            fees = g.fees + excluded.fees, adjustments = g.adjustments + excluded.adjustments,
            txn_count = g.txn_count + excluded.txn_count,
            settlement_date = greatest(g.settlement_date, excluded.settlement_date),
            closed = g.closed and g.match_rule is not distinct from 'manual'
        returning id, merchant_id, settlement_ref, currency
        """
    }

    /// The careful path's ``upsertGroups(source:)``: the same statement also
    /// records the batch's part of each group per type
    /// (`settlement_group_files`, sql/016) from the file delta table, by the
    /// group ids it upserted.
    public static func applyDeltas(source: String, batchID: Int64) -> SQL {
        """
        with upserted as (\(sql: upsertGroups(source: source)))
        insert into settlement_group_files (\(columns: fileColumns))
        select u.id, \(batchID), f.type, f.txn_count, f.amount, f.first_lines::integer[], f.first_settlement_date,
               f.last_settlement_date
        from upserted u join settle_group_file_deltas f on f.merchant_id = u.merchant_id
             and f.settlement_ref = u.settlement_ref and f.currency = u.currency
        """
    }

    /// `settlement_group_files` (sql/016), in the order of
    /// ``appendFileRow(groupID:batchID:type:count:amount:firstLines:settlementDaysSince2000:to:)``.
    public static let fileColumns = ColumnList(
        "group_id", "batch_id", "type", "txn_count", "amount", "first_lines", "first_settlement_date",
        "last_settlement_date")

    /// The fast path's per-file rows, by the ids ``upsertGroups(source:)``
    /// returned: straight into the table, no delta table, no join.
    public static let copyFiles = "copy settlement_group_files (\(fileColumns.sql)) from stdin with (format binary)"

    /// How many lines `recon show` lists per group, file and type.
    public static let filesListedLines = 50

    public static let deltaNetByCurrency: SQL =
        "select currency, sum(net)::bigint from settle_group_deltas group by currency"

    /// The rows of settle_group_deltas after a careful-path fill.
    public static let deltaTransactionCount: SQL = "select coalesce(sum(txn_count), 0)::bigint from settle_group_deltas"
}

extension SettlementGroupsTable {
    /// One row of ``copyDeltas``. Sums must fit a bigint (the caller checks).
    public static func appendDeltaRow(
        merchantID: String, settlementRef: String, currency: String,
        sums: (net: Int64, payments: Int64, refunds: Int64, chargebacks: Int64, fees: Int64, adjustments: Int64),
        count: Int64, settlementDaysSince2000: Int32, to encoder: inout BinaryCopyEncoder
    ) {
        encoder.beginRow(fieldCount: Int16(deltaColumns.count))
        encoder.appendText(merchantID)
        encoder.appendText(settlementRef)
        encoder.appendText(currency)
        encoder.appendInt64(sums.net)
        encoder.appendInt64(sums.payments)
        encoder.appendInt64(sums.refunds)
        encoder.appendInt64(sums.chargebacks)
        encoder.appendInt64(sums.fees)
        encoder.appendInt64(sums.adjustments)
        encoder.appendInt64(count)
        encoder.appendDate(daysSince2000: settlementDaysSince2000)
    }

    /// One row of ``copyFiles``; `firstLines` ascending, at most
    /// ``filesListedLines``, sent as a binary `integer[]` (the server parses
    /// no array text).
    public static func appendFileRow(
        groupID: Int64, batchID: Int64, type: String, count: Int64, amount: Int64, firstLines: [Int32],
        settlementDaysSince2000: (first: Int32, last: Int32), to encoder: inout BinaryCopyEncoder
    ) {
        encoder.beginRow(fieldCount: Int16(fileColumns.count))
        encoder.appendInt64(groupID)
        encoder.appendInt64(batchID)
        encoder.appendText(type)
        encoder.appendInt64(count)
        encoder.appendInt64(amount)
        encoder.appendInt32Array(firstLines)
        encoder.appendDate(daysSince2000: settlementDaysSince2000.first)
        encoder.appendDate(daysSince2000: settlementDaysSince2000.last)
    }
}
