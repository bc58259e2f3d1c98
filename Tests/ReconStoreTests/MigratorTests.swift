import Foundation
import ReconStore
import XCTest

final class MigratorTests: XCTestCase {
    private func migrationFolder(_ files: [String: String]) throws -> String {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("recon-migrations-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
        for (name, sql) in files {
            try Data(sql.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent(name))
        }
        return folder
    }

    private func write(_ sql: String, to name: String, in folder: String) throws {
        try Data(sql.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent(name))
    }

    private let initial = [
        "001_create_batches.sql": """
            CREATE TABLE batches (id int8 PRIMARY KEY, sha256 text NOT NULL);
            CREATE INDEX batches_sha256 ON batches (sha256);
            """,
        "002_add_status.sql": "ALTER TABLE batches ADD COLUMN status text NOT NULL DEFAULT 'new';",
        "README.md": "not a migration",
        ".#002_add_status.sql": "an editor lock file, not a migration",
    ]

    func testAppliesInOrderOnceAndRecordsChecksums() throws {
        let database = try ScratchDatabase(for: self)
        let connection = try database.connect()
        let folder = try migrationFolder(initial)
        let migrator = Migrator(directory: folder)
        XCTAssertEqual(try migrator.migrate(connection), ["001_create_batches", "002_add_status"])
        XCTAssertEqual(try migrator.migrate(connection), [])
        try connection.execute("INSERT INTO batches (id, sha256) VALUES (1, 'x')")
        let rows = try connection.execute(
            "SELECT version, checksum, applied_at IS NOT NULL FROM schema_migrations ORDER BY version")
        XCTAssertEqual(rows.rowCount, 2)
        // sha256 of the file bytes, as `sha256sum` would print it.
        let expected = try connection.execute(
            "SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex')",
            [.text(initial["002_add_status.sql"]!)])
        XCTAssertEqual(rows.string(row: 1, column: 1), expected.string(row: 0, column: 0))
        XCTAssertEqual(rows.string(row: 1, column: 1)?.count, 64)

        try write("ALTER TABLE batches ADD COLUMN note text;", to: "010_add_note.sql", in: folder)
        XCTAssertEqual(try migrator.migrate(connection), ["010_add_note"])
    }

    func testEditedMigrationIsRefused() throws {
        let database = try ScratchDatabase(for: self)
        let connection = try database.connect()
        let folder = try migrationFolder(initial)
        let migrator = Migrator(directory: folder)
        try migrator.migrate(connection)
        try write("ALTER TABLE batches ADD COLUMN status text;", to: "002_add_status.sql", in: folder)
        try write("CREATE TABLE later (id int8);", to: "003_later.sql", in: folder)
        XCTAssertThrowsError(try migrator.migrate(connection)) { error in
            guard case .checksumMismatch(let file) = error as! MigrationError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "002_add_status.sql")
            XCTAssertEqual(
                "\(error)",
                "migration 002_add_status.sql was edited after it was applied; "
                    + "migrations are forward-only: add a new file instead")
        }
        let later = try connection.execute("SELECT to_regclass('later') IS NULL")
        XCTAssertEqual(later.bool(row: 0, column: 0), true, "nothing applied after a mismatch")
    }

    func testRecordedMigrationWithoutFileIsRefused() throws {
        let database = try ScratchDatabase(for: self)
        let connection = try database.connect()
        let folder = try migrationFolder(initial)
        try Migrator(directory: folder).migrate(connection)
        try FileManager.default.removeItem(atPath: folder + "/001_create_batches.sql")
        XCTAssertThrowsError(try Migrator(directory: folder).migrate(connection)) { error in
            guard case .missingFile(let file) = error as! MigrationError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "001_create_batches.sql")
        }
    }

    func testFailingMigrationRollsBackEntirely() throws {
        let database = try ScratchDatabase(for: self)
        let connection = try database.connect()
        let folder = try migrationFolder([
            "001_ok.sql": "CREATE TABLE a (id int8);",
            "002_broken.sql": "CREATE TABLE b (id int8); SELECT * FROM no_such_table;",
        ])
        XCTAssertThrowsError(try Migrator(directory: folder).migrate(connection)) { error in
            guard case .failed(let file, let cause) = error as! MigrationError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "002_broken.sql")
            XCTAssertEqual(cause.sqlState, "42P01")
        }
        let tables = try connection.execute("SELECT to_regclass('a') IS NOT NULL, to_regclass('b') IS NULL")
        XCTAssertEqual(tables.bool(row: 0, column: 0), true, "001 stays applied")
        XCTAssertEqual(tables.bool(row: 0, column: 1), true, "002 left nothing behind")
        let versions = try connection.execute("SELECT string_agg(version, ',') FROM schema_migrations")
        XCTAssertEqual(versions.string(row: 0, column: 0), "001_ok")
    }

    func testBadFileNamesAreRefused() throws {
        let database = try ScratchDatabase(for: self)
        let connection = try database.connect()
        let unnumbered = try migrationFolder(["create.sql": "SELECT 1;"])
        XCTAssertThrowsError(try Migrator(directory: unnumbered).migrate(connection)) {
            guard case .invalidFileName("create.sql") = $0 as! MigrationError else { return XCTFail("\($0)") }
        }
        let twice = try migrationFolder(["001_a.sql": "SELECT 1;", "1_b.sql": "SELECT 1;"])
        XCTAssertThrowsError(try Migrator(directory: twice).migrate(connection)) {
            guard case .duplicateNumber = $0 as! MigrationError else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try Migrator(directory: "/nonexistent/recon").migrate(connection)) {
            guard case .unreadable = $0 as! MigrationError else { return XCTFail("\($0)") }
        }
    }

    func testConcurrentMigratorsApplyEachFileExactlyOnce() throws {
        let database = try ScratchDatabase(for: self)
        var files: [String: String] = [:]
        for number in 1...8 {
            // pg_sleep widens the window in which a second migrator could interfere.
            files[String(format: "%03d_step.sql", number)] =
                "CREATE TABLE step_\(number) (id int8); SELECT pg_sleep(0.05);"
        }
        let folder = try migrationFolder(files)
        let outcomes = LockedBox<[Result<[String], MigrationError>]>([])
        let url = database.serverURL
        let name = database.name
        let group = DispatchGroup()
        for _ in 0..<3 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                do {
                    let connection = try PostgresConnection(url: url, databaseName: name)
                    let applied = try Migrator(directory: folder).migrate(connection)
                    outcomes.update { $0.append(.success(applied)) }
                } catch let error as MigrationError {
                    outcomes.update { $0.append(.failure(error)) }
                } catch {
                    outcomes.update { $0.append(.failure(.database(error as! DatabaseError))) }
                }
            }
        }
        XCTAssertEqual(group.wait(timeout: .now() + 60), .success)
        let results = outcomes.current
        XCTAssertEqual(results.count, 3)
        let applied = try results.flatMap { try $0.get() }
        XCTAssertEqual(applied.sorted(), (1...8).map { String(format: "%03d_step", $0) })
        let connection = try database.connect()
        XCTAssertEqual(try connection.execute("SELECT count(*) FROM schema_migrations").int64(row: 0, column: 0), 8)
    }
}
