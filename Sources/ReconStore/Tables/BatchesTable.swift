/// A batch's status changes (sql/013). recon_app has no UPDATE on `batches`:
/// these SECURITY DEFINER functions are its only way to change a batch, and
/// none of them changes a settled one.
public enum BatchesTable {
    /// Marks the start of an attempt (not for a settled batch).
    public static func markProcessing(_ batchID: Int64) -> SQL {
        "select recon_batch_processing(\(batchID))"
    }

    /// Settles the batch's counts and its net per currency, once; raises
    /// when the batch is already settled.
    public static func markSettled(
        _ batchID: Int64, read: Int64, settled: Int64, duplicates: Int64, rejected: Int64,
        netByCurrency: [(currency: String, net: Int64)]
    ) -> SQL {
        // Arrays travel as text literals of bound parameters: currency codes
        // are three letters and nets integers, nothing to quote.
        let currencies = "{" + netByCurrency.map(\.currency).joined(separator: ",") + "}"
        let nets = "{" + netByCurrency.map { String($0.net) }.joined(separator: ",") + "}"
        return """
            select recon_batch_settled(\(batchID), \(read), \(settled), \(duplicates), \(rejected),
                                       \(currencies)::text[], \(nets)::bigint[])
            """
    }

    public static func markFailed(_ batchID: Int64, error: String) -> SQL {
        "select recon_batch_failed(\(batchID), \(error))"
    }
}
