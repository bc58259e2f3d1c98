/// `rejected_records` (sql/001): every record of a batch that did not
/// settle, with its reason code (SPEC §3.3). Append-only for the runtime
/// role (sql/013); written by binary COPY in ``columns`` order (ReconEngine's
/// `RejectedRow`).
public enum RejectedRecordsTable {
    public static let columns = ColumnList("batch_id", "line", "txn_id", "reason", "detail")
    public static let copyRows = "copy rejected_records (\(columns.sql)) from stdin with (format binary)"

    /// `file_name, line, txn_id, reason, detail` of the batches (a report's
    /// rejected.csv), in file and line order.
    public static func ofBatches(_ batchIDs: [Int64]) -> SQL {
        """
        select b.file_name, r.line, r.txn_id, r.reason, r.detail from rejected_records r join batches b on b.id = r.batch_id
        where r.batch_id = any(\(array: batchIDs)::bigint[]) order by b.file_name, r.line
        """
    }

    /// Which batches `recon rejects` lists.
    public enum Batches: Sendable {
        /// Every batch of the source.
        case all
        /// The batches the runs of this job and report date ingested.
        case reportedOn(job: String, runDate: PostgresValue)
        case one(Int64)
    }

    /// `batch_id, file_name, line, txn_id, reason, detail` of the source's
    /// rejects in `batches`, optionally of one reason, by batch and line.
    public static func listing(source: String, reason: String?, in batches: Batches) -> SQL {
        let scope: SQL
        switch batches {
        case .all: scope = ""
        case .one(let id): scope = " and b.id = \(id)"
        case .reportedOn(let job, let runDate):
            scope = " and b.id in (select unnest(batch_ids) from recon_report_runs where job = \(job) and run_date = \(runDate))"
        }
        return """
            select b.id, b.file_name, r.line, r.txn_id, r.reason, r.detail
            from rejected_records r join batches b on b.id = r.batch_id
            where b.source = \(source) and (\(reason)::text is null or r.reason = \(reason))\(sql: scope)
            order by b.id, r.line
            """
    }
}
