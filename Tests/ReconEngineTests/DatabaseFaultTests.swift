import Foundation
import Logging
import ReconCore
import ReconEngine
import XCTest

/// Faults outside recon: the backend killed mid-COPY, the reports folder
/// unwritable. Each ends with a clear error and exit code, nothing partial in
/// the database, and a clean finish on the next run.
final class DatabaseFaultTests: XCTestCase {
    func testBackendTerminatedMidCopyExits69MarksTheBatchFailedAndRerunCompletes() throws {
        let database = try TestDatabase(test: self)
        let scenario = try Scenario(keys: [.init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"])])
        let rows = 60_000
        try scenario.writeInbox("big.csv", try (1...rows).map { try scenario.record("B-\($0)") }, format: .csv)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: RepositoryPaths.reconExecutable)
        process.arguments = ["ingest", scenario.jobPath, "--database-url", database.url, "--quiet"]
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let terminated = try terminate(
            while: process, database: database, pollingEvery: 10_000,
            """
            select count(pg_terminate_backend(pid)) from pg_stat_progress_copy
            where datname = current_database() and tuples_processed > 5000
            """)
        _ = try exited69(process, errors)
        XCTAssertTrue(terminated, "never saw the COPY")
        XCTAssertEqual(try database.count("select count(*) from transactions"), 0, "nothing partial is visible")
        XCTAssertEqual(try database.scalar("select status from batches"), "failed")
        XCTAssertNotNil(try database.scalar("select error from batches"))

        let rerun = Process()
        rerun.executableURL = URL(fileURLWithPath: RepositoryPaths.reconExecutable)
        rerun.arguments = ["rerun", scenario.jobPath, "--failed", "--database-url", database.url, "--quiet"]
        rerun.standardOutput = FileHandle.nullDevice
        try rerun.run()
        rerun.waitUntilExit()
        XCTAssertEqual(rerun.terminationStatus, 0)
        XCTAssertEqual(try database.count("select count(*) from transactions"), rows)
        XCTAssertEqual(try database.count("select settled from batches where status = 'settled'"), rows)
    }

    /// The bank lines are read on a second session while the first writes
    /// the matches: that session dying mid-stream must undo the whole night.
    func testLineSessionTerminatedMidNightExits69WithNothingMatchedAndRerunCompletes() throws {
        let database = try TestDatabase(test: self)
        let scenario = try Scenario(keys: [.init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"])])
        let count = 60_000
        try scenario.writeInbox(
            "payouts.csv", try (1...count).map { try scenario.record("T-\($0)", reference: "PO-\($0)") }, format: .csv)
        try FileManager.default.createDirectory(atPath: scenario.folder + "/bank", withIntermediateDirectories: true)
        try scenario.write(
            "account,booking_date,value_date,amount,currency,reference,description,bank_txn_id\n"
                + (1...count).map { "DE01,2026-11-20,2026-11-20,10.00,EUR,PO-\($0),PAYOUT PO-\($0),B-\($0)\n" }.joined(),
            to: "bank/lines.csv")
        try scenario.write(
            """
            name: test-job
            source: test-psp
            timezone: UTC
            transactions: { path: inbox, pattern: "*" }
            bank_statements: { path: bank, format: csv }
            keyring: keyring.yaml
            reconcile: { window_days: 3 }
            reports: { path: reports }
            """, to: "job.yaml")
        func reconcile() throws -> (Process, Pipe) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: RepositoryPaths.reconExecutable)
            process.arguments = [
                "run", scenario.jobPath, "--date", "2026-11-21", "--database-url", database.url, "--quiet",
            ]
            let errors = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors
            try process.run()
            return (process, errors)
        }
        let (night, errors) = try reconcile()
        // The open lines are read in milliseconds: too short to catch by
        // polling. So as soon as the line session has connected (its first
        // statement), the open lines are locked, its read waits for the lock
        // mid-night (every group summed, the matches' COPY open), and it is
        // killed there.
        let blocker = try database.connect()
        var terminated = false
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline && night.isRunning && !terminated {
            let found = try blocker.execute(
                "select pid from pg_stat_activity where datname = current_database() and query = 'set enable_nestloop = off'")
            if found.rowCount > 0, let pid = found.int32(row: 0, column: 0) {
                try blocker.execute("begin")
                try blocker.execute("lock table open_bank_lines in access exclusive mode")
                // Polled on fresh sessions: inside the blocker's transaction
                // pg_stat_activity would stay the snapshot it first read.
                while Date() < deadline && night.isRunning {
                    let waiting = try database.count(
                        "select count(*) from pg_stat_activity where pid = $1 and query like 'copy (select o.bank_line_id%'",
                        [.int32(pid)])
                    if waiting == 1 { break }
                    usleep(1_000)
                }
                terminated = try blocker.execute("select pg_terminate_backend($1)", [.int32(pid)]).bool(row: 0, column: 0) == true
                try blocker.execute("commit")
            }
            usleep(500)
        }
        _ = try exited69(night, errors)
        XCTAssertTrue(terminated, "never saw the lines being read")
        XCTAssertEqual(try database.count("select count(*) from recon_matches"), 0, "nothing of the night is kept")
        XCTAssertEqual(try database.count("select count(*) from transactions"), count, "the ingest before it stays")

        let (again, _) = try reconcile()
        again.waitUntilExit()
        XCTAssertEqual(again.terminationStatus, 0)
        XCTAssertEqual(try database.count("select count(*) from recon_matches where kind is null"), count)
    }

    func testUnwritableReportsFolderIsAClearErrorAndTheSameDateAgainWritesThem() throws {
        let database = try TestDatabase(test: self)
        let scenario = try Scenario(keys: [.init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"])])
        try scenario.writeInbox("a.csv", [try scenario.record("R-1")], format: .csv)
        // A plain file where the reports folder should be: no folder can be made under it.
        try scenario.write("not a folder", to: "reports")
        let (job, keyring) = try scenario.loadJob()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let runner = JobRunner(job: job, keyring: keyring, database: database.database, logger: logger, progress: nil)
        XCTAssertThrowsError(try runner.run(runDate: CivilDate(iso: "2026-11-21")!, wait: false)) { error in
            XCTAssertTrue(error is ReportWriteError, "\(error)")
            XCTAssertEqual(ExitStatus.of(error), .outputNotWritable, "SPEC §7: 73, an output file cannot be written")
            XCTAssertTrue("\(error)".contains("reports"), "\(error)")
        }
        XCTAssertEqual(try database.count("select count(*) from transactions"), 1, "the database is consistent")
        try FileManager.default.removeItem(atPath: scenario.folder + "/reports")
        let outcome = try runner.run(runDate: CivilDate(iso: "2026-11-21")!, wait: false)
        XCTAssertTrue(FileManager.default.fileExists(atPath: outcome.reportFolder + "/summary.json"))
        XCTAssertEqual(try database.count("select count(*) from transactions"), 1)
    }

    /// Runs `killSQL` (a `select count(pg_terminate_backend(…))`) until it
    /// kills a backend or `process` ends; whether it killed one.
    private func terminate(
        while process: Process, database: TestDatabase, pollingEvery interval: useconds_t, _ killSQL: String
    ) throws -> Bool {
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline && process.isRunning {
            if try database.count(killSQL) > 0 { return true }
            usleep(interval)
        }
        return false
    }

    /// Waits for `process`, checks it exited 69 naming PostgreSQL; its stderr.
    private func exited69(_ process: Process, _ errors: Pipe, line: UInt = #line) throws -> String {
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 69, stderr, line: line)
        XCTAssertTrue(stderr.contains("PostgreSQL"), stderr, line: line)
        return stderr
    }
}
