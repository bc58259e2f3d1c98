import ReconStore

/// A batch's registration, claims and status changes (SQL: ``BatchesTable``).
///
/// A claim is a session-level advisory lock on the batch id. It lives exactly
/// as long as the claiming session, so a worker that dies (SIGKILL, lost
/// network) releases its batches at once and another worker can take them:
/// nothing stays stuck in `processing`.
struct BatchStore {
    let connection: PostgresConnection

    // Batch claims use the single-bigint advisory lock form keyed by batch id;
    // job locks use the two-int form, a separate key space in PostgreSQL.

    struct Registered {
        var id: Int64
        var status: String
    }

    /// Registers a file by content; an already known file returns its batch.
    func register(source: String, job: String, sha256: [UInt8], fileName: String, filePath: String)
        throws(DatabaseError) -> Registered
    {
        let inserted = try connection.execute(
            BatchesTable.register(source: source, job: job, sha256: sha256, fileName: fileName, filePath: filePath))
        if inserted.rowCount == 1 {
            return Registered(id: inserted.int64(row: 0, column: 0)!, status: inserted.string(row: 0, column: 1)!)
        }
        let existing = try connection.execute(BatchesTable.byContent(source: source, sha256: sha256))
        guard existing.rowCount == 1 else {
            throw DatabaseError.unexpectedResult(message: "batch for \(fileName) vanished between insert and select")
        }
        return Registered(id: existing.int64(row: 0, column: 0)!, status: existing.string(row: 0, column: 1)!)
    }

    /// Takes the claim without waiting; false when another session holds it.
    func tryClaim(_ batchID: Int64) throws(DatabaseError) -> Bool {
        try connection.tryAdvisoryLock(key: batchID)
    }

    func release(_ batchID: Int64) throws(DatabaseError) {
        _ = try connection.advisoryUnlock(key: batchID)
    }

    func status(of batchID: Int64) throws(DatabaseError) -> String? {
        try connection.execute(BatchesTable.status(of: batchID)).string(row: 0, column: 0)
    }

    /// Marks the start of an attempt. Committed on its own so that operators
    /// see `processing` and the attempt count even if the settlement is
    /// rolled back.
    func markProcessing(_ batchID: Int64) throws(DatabaseError) {
        try connection.execute(BatchesTable.markProcessing(batchID))
    }

    /// Inside the settlement transaction, after conservation was checked.
    func markSettled(_ batchID: Int64, counts: BatchCounts) throws(DatabaseError) {
        try connection.execute(
            BatchesTable.markSettled(
                batchID, read: counts.read, settled: counts.settled, duplicates: counts.duplicates,
                rejected: counts.rejected,
                netByCurrency: counts.settledNetByCurrency.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
    }

    func markFailed(_ batchID: Int64, error: String) throws(DatabaseError) {
        try connection.execute(BatchesTable.markFailed(batchID, error: String(error.prefix(2000))))
    }
}

/// Outcome counts of one batch. Conservation: read = settled + duplicates + rejected.
public struct BatchCounts: Sendable, Equatable {
    public var read: Int64 = 0
    public var settled: Int64 = 0
    public var duplicates: Int64 = 0
    public var rejected: Int64 = 0
    public var rejectedByReason: [String: Int64] = [:]
    /// Net of the settled rows per currency code (for the run's totals,
    /// without reading the batch's rows back).
    public var settledNetByCurrency: [String: Int64] = [:]

    public init() {}

    public var isConserved: Bool { read == settled + duplicates + rejected }
}
