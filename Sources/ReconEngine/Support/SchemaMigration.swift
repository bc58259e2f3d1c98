import Foundation
import Logging
import ReconCore
import ReconSchema
import ReconStore

/// recon's migrations: the `sql/NNN_*.sql` files compiled into the binary by
/// the EmbedMigrations build plugin (SPEC §7: `recon db migrate` needs no
/// files beside it), or a folder given with `--migrations` for development.
public enum SchemaMigration {
    /// The migrations this recon was built with, in order.
    public static let embedded: [Migrator.Migration] = {
        do {
            return try Migrator.ordered(files: ReconSchema.files.map { ($0.name, Array($0.text.utf8)) })
        } catch {
            // The generator refuses such names at build time.
            preconditionFailure("embedded migrations are inconsistent: \(error)")
        }
    }()

    /// The embedded migrations, or those of `folder` when one is given.
    public static func migrator(folder: String? = nil) throws(ConfigurationError) -> Migrator {
        guard let folder else { return Migrator(migrations: embedded) }
        var isFolder: ObjCBool = false
        let absolute = PathResolution.absolute(folder)
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder), isFolder.boolValue else {
            throw ConfigurationError(file: absolute, "migrations folder not found (--migrations)")
        }
        return Migrator(directory: absolute)
    }

    /// Applies pending migrations (the embedded ones, or `folder`'s), then
    /// creates the monthly partitions of `transactions` for the window around
    /// today; returns the versions applied now.
    public static func migrate(database: Database, folder: String? = nil, logger: Logger = Logger(label: "recon"))
        throws -> [String]
    {
        let migrator = try migrator(folder: folder)
        let connection = try database.connect()
        let applied = try migrator.migrate(connection)
        // A development folder may stop before sql/004 created the function.
        let partitioned = try connection.execute(TransactionPartitionQueries.ensureExists)
        if partitioned.bool(row: 0, column: 0) == true { try TransactionPartitions.ensure(connection, logger: logger) }
        return applied
    }

    /// Throws ``SchemaNotReady`` naming every embedded migration the database
    /// has not applied: a binary newer than the schema says what to run
    /// instead of failing later on "relation does not exist".
    public static func requireApplied(_ connection: PostgresConnection) throws {
        let applied = try Migrator.appliedVersions(connection)
        let missing = embedded.map(\.version).filter { !(applied?.contains($0) ?? false) }
        guard missing.isEmpty else { throw SchemaNotReady(missing: missing, migratedBefore: applied != nil) }
    }
}
