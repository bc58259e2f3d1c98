import Foundation
import XCTest

/// `recon db migrate` and `recon db status` as an operator runs them.
final class DatabaseCommandTests: XCTestCase {
    /// SPEC §7: the binary alone, copied where no sql/ folder is near it,
    /// migrates an empty database.
    func testACopiedBinaryMigratesAnEmptyDatabaseAndStatusListsWhatWasApplied() throws {
        let database = try TestDatabase(migrated: false)
        let folder = NSTemporaryDirectory() + "recon-alone-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let binary = folder + "/recon"
        try FileManager.default.copyItem(atPath: RepositoryPaths.reconExecutable, toPath: binary)
        func recon(_ arguments: [String]) throws -> ReconCommand.Result {
            try ReconCommand.run(arguments + ["--database-url", database.url], executable: binary, directory: folder)
        }
        let before = try recon(["db", "status"])
        XCTAssertEqual(before.status, 1, before.stderr)
        XCTAssertTrue(before.stdout.contains("pending  001_core"), before.stdout)
        XCTAssertTrue(before.stdout.contains("run `recon db migrate`"), before.stdout)

        let migrated = try recon(["db", "migrate"])
        XCTAssertEqual(migrated.status, 0, migrated.stderr)
        XCTAssertTrue(migrated.stdout.hasPrefix("applied: 001_core, 002_bank_and_reconcile"), migrated.stdout)
        XCTAssertEqual(try recon(["db", "migrate"]).stdout, "database is up to date\n")

        let after = try recon(["db", "status"])
        XCTAssertEqual(after.status, 0, after.stderr)
        XCTAssertTrue(after.stdout.contains("applied  001_core"), after.stdout)
        XCTAssertFalse(after.stdout.contains("pending  "), after.stdout)
        XCTAssertTrue(after.stdout.contains("up to date"), after.stdout)
    }

    /// `--migrations DIR` overrides the compiled-in set (development).
    func testMigrationsFolderOverridesTheCompiledInSet() throws {
        let database = try TestDatabase(migrated: false)
        let folder = NSTemporaryDirectory() + "recon-sql-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: RepositoryPaths.root + "/sql/001_core.sql", toPath: folder + "/001_core.sql")
        let result = try ReconCommand.run(["db", "migrate", "--migrations", folder, "--database-url", database.url])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "applied: 001_core\n")
        let missing = try ReconCommand.run(["db", "migrate", "--migrations", folder + "/none", "--database-url", database.url])
        XCTAssertEqual(missing.status, 78, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("migrations folder not found"), missing.stderr)
    }
}
