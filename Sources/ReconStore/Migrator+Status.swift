/// What a database has applied against what a migrator holds, read without
/// changing anything (`recon db status`, `recon doctor`, the schema gate).
extension Migrator {
    public struct Status: Sendable {
        public struct Applied: Sendable, Equatable {
            public enum State: Sendable, Equatable {
                /// Applied from exactly the bytes this migrator holds.
                case unchanged
                /// Applied, but this migrator's file has other bytes.
                case edited
                /// Applied by a newer recon: this migrator has no such file.
                case unknown
            }

            public var version: String
            /// `applied_at` as the server prints it.
            public var appliedAt: String
            public var state: State
        }

        public var applied: [Applied]
        /// Held by the migrator, not applied, in the order they would run.
        public var pending: [Migration]

        public var isUpToDate: Bool { pending.isEmpty && applied.allSatisfy { $0.state != .edited } }
    }

    public func status(_ connection: PostgresConnection) throws(MigrationError) -> Status {
        let migrations = try self.migrations()
        let rows: QueryResult
        do {
            guard try Self.hasTrackingTable(connection) else { return Status(applied: [], pending: migrations) }
            rows = try connection.execute(
                "SELECT version, checksum, applied_at::text FROM schema_migrations ORDER BY version")
        } catch {
            throw .database(error)
        }
        let byVersion = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        var applied: [Status.Applied] = []
        for row in 0..<rows.rowCount {
            let version = rows.string(row: row, column: 0)!
            var state = Status.Applied.State.unknown
            if let migration = byVersion[version] {
                state = try checksum(migration, connection) == rows.string(row: row, column: 1)! ? .unchanged : .edited
            }
            applied.append(.init(version: version, appliedAt: rows.string(row: row, column: 2)!, state: state))
        }
        let appliedVersions = Set(applied.map(\.version))
        return Status(applied: applied, pending: migrations.filter { !appliedVersions.contains($0.version) })
    }

    /// The versions recorded in `schema_migrations`; nil when the database
    /// has no such table (nothing was ever migrated).
    public static func appliedVersions(_ connection: PostgresConnection) throws(DatabaseError) -> Set<String>? {
        guard try hasTrackingTable(connection) else { return nil }
        let rows = try connection.execute("SELECT version FROM schema_migrations")
        return Set((0..<rows.rowCount).compactMap { rows.string(row: $0, column: 0) })
    }

    static func hasTrackingTable(_ connection: PostgresConnection) throws(DatabaseError) -> Bool {
        try connection.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").bool(row: 0, column: 0) == true
    }
}
