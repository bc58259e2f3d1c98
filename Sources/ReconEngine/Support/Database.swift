import ReconStore

/// Where the database is: `--database-url`, else `DATABASE_URL`, else libpq's
/// own defaults (SPEC §7). Opens one connection per thread that needs one.
public struct Database: Sendable {
    public let url: String?

    public init(url: String?, environment: [String: String]) {
        self.url = url ?? environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public func connect() throws(DatabaseError) -> PostgresConnection {
        let connection = try PostgresConnection(url: url)
        // Dates come back as text; ISO output whatever the server's default.
        try connection.execute("set datestyle to 'ISO, YMD'")
        return connection
    }

    /// Connects and checks that `recon db migrate` has run, so a fresh
    /// database fails with advice instead of "relation does not exist".
    public func connectReady() throws -> PostgresConnection {
        let connection = try connect()
        let present = try connection.execute(
            """
            select to_regclass('batches') is not null and to_regclass('transactions') is not null,
                   to_regclass('transaction_keys') is not null
            """)
        guard present.bool(row: 0, column: 0) == true else {
            throw SchemaNotReady(description: "the database has no recon schema yet: run `recon db migrate` first")
        }
        // Settlement needs sql/004; a binary newer than the schema says so
        // instead of failing on "relation does not exist".
        guard present.bool(row: 0, column: 1) == true else {
            throw SchemaNotReady(
                description: "the database schema is older than this recon (no transaction_keys): run `recon db migrate` first")
        }
        return connection
    }
}
