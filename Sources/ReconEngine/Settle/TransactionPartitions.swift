import Logging
import ReconStore

/// The monthly partitions of `transactions` (sql/004).
///
/// Partitions are created ahead, by `recon db migrate` and at the start of
/// every command that settles, through the database function
/// `recon_ensure_transaction_partitions()` (SECURITY DEFINER: recon_app has no
/// DDL rights). A row whose month has no partition lands in the DEFAULT
/// partition and moves out when its month is created, so a missing partition
/// never fails a batch nor loses a row: creating them is maintenance, and a
/// failed attempt (the function gave up waiting for a lock) is retried by the
/// next command.
enum TransactionPartitions {
    private static let lockNotAvailable = "55P03"

    /// Creates the missing partitions of the window around today; returns how
    /// many were created. Waiting longer than `lockTimeoutMilliseconds` for a
    /// lock (a batch being settled, a long reader of the default partition)
    /// is logged and answers 0: the next command tries again.
    @discardableResult
    static func ensure(_ connection: PostgresConnection, logger: Logger, lockTimeoutMilliseconds: Int = 10_000)
        throws -> Int
    {
        let created: Int
        do {
            created = try connection.transaction {
                try connection.execute(LocalSettings.lockTimeout(milliseconds: lockTimeoutMilliseconds))
                let result = try connection.execute(TransactionPartitionQueries.ensure)
                return Int(result.int32(row: 0, column: 0) ?? 0)
            }
        } catch let error as DatabaseError where error.sqlState == lockNotAvailable {
            logger.warning(
                "monthly partitions of transactions not created this time: a lock was busy; rows of a missing month wait in the default partition",
                metadata: ["error": "\(error)"])
            return 0
        }
        if created > 0 {
            logger.info("created monthly partitions of transactions", metadata: ["count": "\(created)"])
        }
        return created
    }

    /// Taken in shared mode by each settlement transaction; the partition
    /// function takes it exclusively. A partition therefore never appears in
    /// the middle of a batch's COPY, which would refuse that month's rows
    /// routed to the default partition with the old partition map.
    static func holdLayout(_ connection: PostgresConnection) throws(DatabaseError) {
        try connection.execute(TransactionPartitionQueries.holdLayout)
    }
}
