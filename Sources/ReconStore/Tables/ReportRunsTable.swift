/// `recon_report_runs` (sql/007): every run of a job's date, with the
/// batches it reported and what it ingested, so a rerun's reports keep what
/// the earlier runs of that date reported (SPEC §6).
public enum ReportRunsTable {
    /// `started_at` (epoch seconds), `batch_ids` (array text), `ingested`
    /// (JSON text), `exit_code`, oldest first.
    public static func runs(job: String, runDate: PostgresValue) -> SQL {
        """
        select floor(extract(epoch from started_at))::bigint, batch_ids::text, ingested::text, exit_code
        from recon_report_runs where job = \(job) and run_date = \(runDate) order by id
        """
    }

    /// Returns the run's `id`.
    public static func insert(
        job: String, runDate: PostgresValue, startedAt: PostgresValue, batchIDs: [Int64], ingestedJSON: String,
        exitCode: Int
    ) -> SQL {
        """
        insert into recon_report_runs (job, run_date, started_at, batch_ids, ingested, exit_code)
        values (\(job), \(runDate), \(startedAt), \(array: batchIDs)::bigint[], \(.jsonb(ingestedJSON)),
            \(.int32(Int32(clamping: exitCode)))) returning id
        """
    }

    public static func setExitCode(_ code: Int32, run id: Int64) -> SQL {
        "update recon_report_runs set exit_code = \(.int32(code)) where id = \(id)"
    }
}

extension BatchesTable {
    /// `currency, net` settled by the batches together.
    public static func currencyTotals(ofBatches batchIDs: [Int64]) -> SQL {
        """
        select currency, sum(net)::bigint from batch_currency_totals where batch_id = any(\(array: batchIDs)::bigint[])
        group by currency
        """
    }
}

extension BankLinesTable {
    /// `name, currency, amount, booking_date` of the job's lines by id, the
    /// name being what a person recognises the line by.
    public static func pendingLines(job: String, ids: [Int64]) -> SQL {
        """
        select coalesce(bank_txn_id, reference, account || ' #' || id), currency, amount, booking_date::text
        from bank_lines where job = \(job) and id = any(\(array: ids)::bigint[])
        """
    }
}

extension SettlementGroupsTable {
    /// The groups of the source by key (``groupColumns``).
    public static func groups(source: String, merchantIDs: [String], settlementRefs: [String], currencies: [String]) -> SQL {
        """
        select \(columns: groupColumns) from settlement_groups
        where source = \(source) and (merchant_id, settlement_ref, currency) in
            (select * from unnest(\(array: merchantIDs)::text[], \(array: settlementRefs)::text[], \(array: currencies)::text[]))
        """
    }
}
