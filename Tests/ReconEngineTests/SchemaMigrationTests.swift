import Foundation
import ReconEngine
import ReconStore
import XCTest

/// The migrations compiled into recon are sql/ exactly, and the schema gate
/// names what a database lacks.
final class SchemaMigrationTests: XCTestCase {
    /// The EmbedMigrations plugin regenerates the list on every build; this
    /// fails if it ever misses a file, keeps a removed one or changes a byte
    /// (the checksum in schema_migrations is over the bytes).
    func testEmbeddedMigrationsAreTheFilesOfSqlByteForByte() throws {
        let onDisk = try Migrator(directory: RepositoryPaths.root + "/sql").migrations()
        XCTAssertEqual(SchemaMigration.embedded.map(\.fileName), onDisk.map(\.fileName))
        for (embedded, file) in zip(SchemaMigration.embedded, onDisk) {
            XCTAssertEqual(embedded.contents, file.contents, "\(file.fileName) differs from its embedded copy")
        }
        XCTAssertGreaterThanOrEqual(SchemaMigration.embedded.count, 5)
    }

    func testGateNamesEachMissingMigration() throws {
        let database = try TestDatabase(migrated: false)
        XCTAssertThrowsError(try database.database.connectReady()) { error in
            XCTAssertEqual((error as? SchemaNotReady)?.migratedBefore, false, "\(error)")
            XCTAssertTrue("\(error)".contains("no recon schema yet"), "\(error)")
        }
        let connection = try database.connect()
        let firstThree = Array(SchemaMigration.embedded.prefix(3))
        try Migrator(migrations: firstThree).migrate(connection)
        XCTAssertThrowsError(try database.database.connectReady()) { error in
            let missing = SchemaMigration.embedded.dropFirst(3).map(\.version)
            XCTAssertEqual((error as? SchemaNotReady)?.missing, missing)
            XCTAssertTrue("\(error)".contains("004_partition_transactions"), "\(error)")
            XCTAssertTrue("\(error)".contains("run `recon db migrate` first"), "\(error)")
        }
        XCTAssertEqual(try SchemaMigration.migrate(database: database.database), SchemaMigration.embedded.dropFirst(3).map(\.version))
        XCTAssertNoThrow(try database.database.connectReady())
    }

    /// A migration applied from other bytes is reported as edited, one the
    /// binary does not know as applied by a newer recon; neither is pending.
    func testStatusTellsAppliedPendingEditedAndUnknown() throws {
        let database = try TestDatabase(migrated: false)
        let connection = try database.connect()
        try Migrator(migrations: Array(SchemaMigration.embedded.prefix(2))).migrate(connection)
        try connection.execute("update schema_migrations set checksum = 'x' where version = '002_bank_and_reconcile'")
        try connection.execute("insert into schema_migrations (version, checksum) values ('999_future', 'y')")
        let status = try Migrator(migrations: SchemaMigration.embedded).status(connection)
        XCTAssertEqual(status.applied.map(\.version), ["001_core", "002_bank_and_reconcile", "999_future"])
        XCTAssertEqual(status.applied.map(\.state), [.unchanged, .edited, .unknown])
        XCTAssertEqual(status.pending.map(\.version), SchemaMigration.embedded.dropFirst(2).map(\.version))
        XCTAssertFalse(status.isUpToDate)
    }
}
