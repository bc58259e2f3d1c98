import ReconCore
import ReconStore

/// recon holds session-level advisory locks (the job lock, batch claims) and
/// keeps session state between transactions. Behind PgBouncer in
/// `pool_mode = transaction` (or `statement`) the server session goes back to
/// the pool after every transaction: a lock taken by one statement would be
/// held for whoever gets that server session next, and released by nobody.
/// Such a setup is refused before anything is locked or written.
enum PoolerCheck {
    /// Exit 78 (a deployment setting to change) when the server session is
    /// shared per transaction.
    static func requireSessionPooling(_ connection: PostgresConnection) throws {
        if try connection.isDirectTCPConnection() { return }
        // Through a pooler (or a Unix socket): this session's last server
        // backend is free for another client right now only when the pooler
        // hands it out per transaction; in session pooling it stays ours
        // until we disconnect, so a second session can never be given it.
        let ours = try connection.servingBackend()
        let sibling = try connection.openSibling()
        defer { sibling.close() }
        let theirs: String
        do {
            theirs = try sibling.transaction { try sibling.servingBackend() }
        } catch let error as DatabaseError where !error.isConnectionFailure {
            // Statement pooling refuses transaction blocks.
            throw refusal(detail: "a transaction block was refused (\(error))")
        }
        if theirs == ours { throw refusal(detail: "two client sessions were served by one server session") }
    }

    private static func refusal(detail: String) -> ConfigurationError {
        ConfigurationError(
            file: "database connection",
            """
            recon needs session pooling: the connection goes through a pooler that shares server sessions \
            per transaction (PgBouncer pool_mode = transaction or statement; \(detail)), but recon holds \
            session-level advisory locks (job lock, batch claims). Point --database-url / DATABASE_URL at a \
            PgBouncer database with pool_mode = session, or at PostgreSQL directly
            """)
    }
}
