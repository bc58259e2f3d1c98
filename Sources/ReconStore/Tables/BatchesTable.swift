/// `batches` (sql/001) and `batch_currency_totals` (sql/006): one row per
/// transaction file of a source, registered by content, with its status,
/// attempts and outcome counts; the settled net per currency beside it.
/// recon_app has no UPDATE on `batches` (sql/013): the status changes go
/// through SECURITY DEFINER functions, none of which changes a settled batch.
public enum BatchesTable {
    /// Returns `id, status` when the file is new, no row when it is known.
    public static func register(source: String, job: String, sha256: [UInt8], fileName: String, filePath: String) -> SQL {
        """
        insert into batches (source, job, file_sha256, file_name, file_path)
        values (\(source), \(job), \(.bytea(sha256)), \(fileName), \(filePath))
        on conflict (source, file_sha256) do nothing
        returning id, status
        """
    }

    /// `id, status` of the source's batch of these bytes.
    public static func byContent(source: String, sha256: [UInt8]) -> SQL {
        "select id, status from batches where source = \(source) and file_sha256 = \(.bytea(sha256))"
    }

    /// The id of the source's settled batch of these bytes.
    public static func settledByContent(source: String, sha256: [UInt8]) -> SQL {
        "select id from batches where source = \(source) and file_sha256 = \(.bytea(sha256)) and status = 'settled'"
    }

    public static func status(of batchID: Int64) -> SQL {
        "select status from batches where id = \(batchID)"
    }

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
        """
        select recon_batch_settled(\(batchID), \(read), \(settled), \(duplicates), \(rejected),
                                   \(array: netByCurrency.map(\.currency))::text[], \(array: netByCurrency.map(\.net))::bigint[])
        """
    }

    public static func markFailed(_ batchID: Int64, error: String) -> SQL {
        "select recon_batch_failed(\(batchID), \(error))"
    }

    /// The columns ``Work`` decodes: `id, file_name, file_path, status, file_sha256`.
    public static let workColumns = ColumnList("id", "file_name", "file_path", "status", "file_sha256")

    /// Every batch of the source that is not settled, in file order.
    public static func unsettled(source: String) -> SQL {
        "select \(columns: workColumns) from batches where source = \(source) and status <> 'settled' order by file_name, id"
    }

    /// Queued batches and those `processing` (whose claim may be free: a worker died), in file order.
    public static func claimable(source: String) -> SQL {
        """
        select \(columns: workColumns) from batches
        where source = \(source) and status in ('queued', 'processing') order by file_name, id
        """
    }

    public static func batch(_ id: Int64, source: String) -> SQL {
        "select \(columns: workColumns) from batches where id = \(id) and source = \(source)"
    }

    /// A batch to (re)settle, as ``unsettled``, ``claimable`` and ``batch`` return it.
    public struct Work: Sendable {
        public var id: Int64
        public var fileName: String
        public var filePath: String
        public var status: String
        public var sha256: [UInt8]?
    }

    public static func decodeWork(_ rows: QueryResult) -> [Work] {
        (0..<rows.rowCount).map { row in
            Work(
                id: rows.int64(row: row, column: 0)!, fileName: rows.string(row: row, column: 1)!,
                filePath: rows.string(row: row, column: 2)!, status: rows.string(row: row, column: 3)!,
                sha256: rows.bytes(row: row, column: 4))
        }
    }

    /// The rows of `recon batches`, decoded by ``decodeListing``.
    public static func listing(source: String, status: String?) -> SQL {
        """
        select id, file_name, status, attempts, records_read, settled, duplicates, rejected,
               to_char(registered_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
               to_char(finished_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), error
        from batches where source = \(source) and (\(status)::text is null or status = \(status))
        order by id
        """
    }

    public struct Listed: Sendable, Codable {
        public var id: Int64
        public var file: String
        public var status: String
        public var attempts: Int64
        public var read: Int64?
        public var settled: Int64?
        public var duplicates: Int64?
        public var rejected: Int64?
        public var registeredAt: String
        public var finishedAt: String?
        public var error: String?
    }

    public static func decodeListing(_ result: QueryResult) -> [Listed] {
        (0..<result.rowCount).map { row in
            Listed(
                id: result.int64(row: row, column: 0)!, file: result.string(row: row, column: 1)!,
                status: result.string(row: row, column: 2)!, attempts: Int64(result.int32(row: row, column: 3) ?? 0),
                read: result.int64(row: row, column: 4), settled: result.int64(row: row, column: 5),
                duplicates: result.int64(row: row, column: 6), rejected: result.int64(row: row, column: 7),
                registeredAt: result.string(row: row, column: 8)!, finishedAt: result.string(row: row, column: 9),
                error: result.string(row: row, column: 10))
        }
    }
}
