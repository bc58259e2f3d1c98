import Foundation
import ReconCore
import XCTest

/// The built `recon` binary run as an operator runs it: exit codes of SPEC §7
/// and messages that name the file, the setting and what to do.
final class CommandLineTests: XCTestCase {
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> ReconCommand.Result {
        try ReconCommand.run(arguments, environment: environment)
    }

    func testShortHMACSecretIsAConfigurationErrorThatNeverPrintsTheSecret() throws {
        let scenario = try Scenario(keys: [.init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"])])
        let secret = Array(repeating: UInt8(0x41), count: 31)
        try scenario.write(Base64.encode(secret), to: "keys/k-hmac.hmac", mode: 0o600)
        let result = try run(["keys", "check", scenario.jobPath])
        XCTAssertEqual(result.status, 78)
        XCTAssertTrue(result.stderr.contains("keyring.yaml"), result.stderr)
        XCTAssertTrue(result.stderr.contains("k-hmac"), result.stderr)
        XCTAssertFalse(result.stderr.contains(Base64.encode(secret)))
        XCTAssertFalse(result.stderr.contains("AAAAAAAA"))
    }

    func testKeysCheckListsKeysWithoutSecretBytes() throws {
        let scenario = try Scenario(keys: [
            .init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"]),
            .init(id: "k-ed", algorithm: .ed25519, merchants: ["globex"]),
        ])
        let result = try run(["keys", "check", scenario.jobPath])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("k-hmac  hmac-sha256  merchants=acme"), result.stdout)
        XCTAssertTrue(result.stdout.contains("k-ed  ed25519  merchants=globex"), result.stdout)
        let secret = try String(contentsOfFile: scenario.folder + "/keys/k-hmac.hmac", encoding: .utf8)
        XCTAssertFalse(result.stdout.contains(secret))
    }

    func testUnknownJobSettingNamesFileLineAndSetting() throws {
        let scenario = try Scenario(keys: [.init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"])])
        let job = try String(contentsOfFile: scenario.jobPath, encoding: .utf8)
        try scenario.write(job + "\nreconcle: { window_days: 2 }\n", to: "job.yaml")
        let result = try run(["ingest", scenario.jobPath])
        XCTAssertEqual(result.status, 78)
        XCTAssertTrue(result.stderr.contains("job.yaml:7: unknown setting 'reconcle'"), result.stderr)
    }

    /// SPEC §5.7, §8: a tolerance that cannot be meant stops the binary with
    /// 78 and names the key, before anything is read or written.
    func testBadAmountToleranceExits78NamingTheKey() throws {
        let scenario = try Scenario(keys: [.init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"])])
        let job = try String(contentsOfFile: scenario.jobPath, encoding: .utf8)
        for (tolerance, message) in [
            (#"{ EUR: "0.001" }"#, "reconcile.amount_tolerance.EUR '0.001' has 3 fraction digits, more than EUR's 2"),
            (#"{ XEU: "0.01" }"#, "reconcile.amount_tolerance.XEU: 'XEU' is not a known ISO 4217 currency code"),
            (#"{ EUR: "-0.01" }"#, "reconcile.amount_tolerance.EUR is '-0.01', a negative amount"),
        ] {
            try scenario.write(job + "\nreconcile: { window_days: 2, amount_tolerance: \(tolerance) }\n", to: "job.yaml")
            let result = try run(["ingest", scenario.jobPath])
            XCTAssertEqual(result.status, 78, tolerance)
            XCTAssertTrue(result.stderr.contains("job.yaml:7: \(message)"), result.stderr)
        }
    }

    func testDuplicateKeyIDAndWrongCurveAreConfigurationErrors() throws {
        let scenario = try Scenario(keys: [
            .init(id: "k-ec", algorithm: .ecdsaP384SHA384, merchants: ["acme"]),
            .init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"]),
        ])
        let keyring = try String(contentsOfFile: scenario.folder + "/keyring.yaml", encoding: .utf8)
        try scenario.write(keyring.replacingOccurrences(of: "ecdsa-p384-sha384", with: "ecdsa-p256-sha256"), to: "keyring.yaml")
        let wrongCurve = try run(["keys", "check", scenario.jobPath])
        XCTAssertEqual(wrongCurve.status, 78)
        XCTAssertTrue(wrongCurve.stderr.contains("k-ec"), wrongCurve.stderr)
        try scenario.write(keyring.replacingOccurrences(of: "id: k-hmac", with: "id: k-ec"), to: "keyring.yaml")
        let duplicate = try run(["keys", "check", scenario.jobPath])
        XCTAssertEqual(duplicate.status, 78)
        XCTAssertTrue(duplicate.stderr.contains("'k-ec' is listed twice"), duplicate.stderr)
    }

    func testUnreachableDatabaseExits69NamingHostAndPortButNotThePassword() throws {
        let scenario = try Scenario(keys: [.init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"])])
        let result = try run([
            "ingest", scenario.jobPath, "--database-url", "postgresql://recon:hunter2-secret@127.0.0.1:1/recon",
        ])
        XCTAssertEqual(result.status, 69)
        XCTAssertTrue(result.stderr.contains("127.0.0.1"), result.stderr)
        XCTAssertTrue(result.stderr.contains("1"), result.stderr)
        XCTAssertFalse(result.stderr.contains("hunter2"), result.stderr)
    }

    func testUnmigratedDatabaseExits69WithAdvice() throws {
        // Not checked for drift: the schema is broken on purpose.
        let database = try TestDatabase()
        try database.connect().execute("delete from schema_migrations where version = '005_recon_matches_by_line'")
        let scenario = try Scenario(keys: [.init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"])])
        let result = try run(["ingest", scenario.jobPath, "--database-url", database.url])
        XCTAssertEqual(result.status, 69)
        XCTAssertTrue(result.stderr.contains("migrations 005_recon_matches_by_line are not applied"), result.stderr)
        XCTAssertTrue(result.stderr.contains("recon db migrate"), result.stderr)
    }

    func testRerunNeedsExactlyOneSelectionUsageError() throws {
        let result = try run(["rerun", "job.yaml"])
        XCTAssertEqual(result.status, 64)
    }

    func testStatementShowExits65OnABalanceMismatch() throws {
        let folder = NSTemporaryDirectory() + "recon-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let mt940 = """
            :20:STMT1
            :25:DE89370400440532013000
            :28C:1/1
            :60F:C261119EUR100,00
            :61:2611201120C50,00NTRFPO-ACME-1//B1
            :86:payout
            :62F:C261120EUR151,00
            -
            """
        try mt940.write(toFile: folder + "/bad.sta", atomically: true, encoding: .utf8)
        let result = try run(["statement", "show", folder + "/bad.sta"])
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertTrue(result.stdout.contains("\"error\":\"BALANCE_MISMATCH\""), result.stdout)
        XCTAssertTrue(result.stdout.contains("\"amount\":\"50.00\""), result.stdout)
    }

    /// SPEC §7: a second run of the same job while one holds the lock exits
    /// 75 at once; with --wait it runs once the lock is free.
    func testSecondRunOfAJobExits75WhileTheLockIsHeldAndWaitsWithWait() throws {
        let database = try TestDatabase(test: self)
        let scenario = try Scenario(keys: [.init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"])])
        try scenario.writeInbox("a.csv", [try scenario.record("T-1")], format: .csv)
        let holder = try database.connect()
        try holder.execute("select pg_advisory_lock(\(0x7263_6E6A)::int4, hashtext('test-job'))")
        let blocked = try run(["ingest", scenario.jobPath, "--database-url", database.url])
        XCTAssertEqual(blocked.status, 75, blocked.stderr)
        XCTAssertTrue(blocked.stderr.contains("job 'test-job' is locked by another session"), blocked.stderr)
        XCTAssertEqual(try database.count("select count(*) from batches"), 0)

        let waiting = Process()
        waiting.executableURL = URL(fileURLWithPath: RepositoryPaths.reconExecutable)
        waiting.arguments = ["ingest", scenario.jobPath, "--database-url", database.url, "--wait", "--quiet"]
        waiting.standardOutput = FileHandle.nullDevice
        try waiting.run()
        usleep(500_000)
        XCTAssertTrue(waiting.isRunning, "--wait blocks while the lock is held")
        holder.close()
        waiting.waitUntilExit()
        XCTAssertEqual(waiting.terminationStatus, 0)
        XCTAssertEqual(try database.count("select count(*) from transactions"), 1)
    }

    /// On a terminal, ingest draws a progress line on stderr; with --quiet,
    /// or when stderr is not a terminal (cron, CI), it draws nothing.
    func testProgressBarOnlyOnATerminalAndNotWithQuiet() throws {
        let database = try TestDatabase(test: self)
        let scenario = try Scenario(keys: [.init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"])])
        try scenario.writeInbox("a.csv", try (1...500).map { try scenario.record("P-\($0)") }, format: .csv)
        func onTerminal(_ extra: String) throws -> String {
            // script(1) runs the command on a pseudo-terminal and copies what it printed.
            let command = "'\(RepositoryPaths.reconExecutable)' ingest '\(scenario.jobPath)' --database-url '\(database.url)' \(extra)"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qec", command, "/dev/null"]
            let out = Pipe()
            process.standardOutput = out
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return text
        }
        let drawn = try onTerminal("")
        XCTAssertTrue(drawn.contains("files 1/1"), drawn)
        XCTAssertTrue(drawn.contains("records 500"), drawn)
        try database.connect().execute("truncate batches, transactions, transaction_keys, rejected_records, settlement_groups, settlement_group_files, batch_chain, batch_row_fingerprints")
        XCTAssertFalse(try onTerminal("--quiet").contains("files 1/1"))
        try database.connect().execute("truncate batches, transactions, transaction_keys, rejected_records, settlement_groups, settlement_group_files, batch_chain, batch_row_fingerprints")
        let piped = try run(["ingest", scenario.jobPath, "--database-url", database.url])
        XCTAssertEqual(piped.status, 0, piped.stderr)
        XCTAssertFalse(piped.stderr.contains("files 1/1"), "no progress when stderr is not a terminal")
    }
}
