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
        try connection.execute(LocalSettings.isoDates)
        return connection
    }

    /// Connects and checks that every migration this recon was built with
    /// is recorded in `schema_migrations`, so a fresh or older database fails
    /// with the missing versions and advice instead of "relation does not exist".
    public func connectReady() throws -> PostgresConnection {
        let connection = try connect()
        try SchemaMigration.requireApplied(connection)
        return connection
    }
}
