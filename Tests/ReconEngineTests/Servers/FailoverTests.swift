import Foundation
import XCTest

/// Issue 14 point 7: libpq multi-host failover with two real clusters, a
/// primary and a synchronous streaming standby cloned with
/// `pg_basebackup -R`. The URL lists the standby first, so only
/// `target_session_attrs=read-write` takes recon to the primary.
final class FailoverTests: XCTestCase {
    private static let database = "recon_failover"
    private static let files = 4
    private static let rowsPerFile = 6_000

    func testPrimaryLostMidRunExits69AndTheRerunOnThePromotedStandbyMatchesAnUninterruptedRun() throws {
        let primary = try PostgresCluster(
            port: ServerTestPort.failoverPrimary,
            configuration: """
                wal_level = replica
                max_wal_senders = 4
                """)
        try primary.start()
        try primary.execute("create database \(Self.database)")
        let standby = try PostgresCluster(standbyOf: primary, port: ServerTestPort.failoverStandby)
        try standby.start()
        // Synchronous only once the standby streams (before, every commit would wait for it):
        // a commit the primary acknowledged is on the standby too.
        try primary.execute("alter system set synchronous_standby_names = 'standby'")
        try primary.execute("select pg_reload_conf()")
        try waitUntil("the standby streams synchronously", timeout: 30) {
            try primary.scalar("select count(*) from pg_stat_replication where sync_state = 'sync'", database: "postgres") == "1"
        }

        let url = "postgresql://recon:\(PostgresCluster.password)@127.0.0.1:\(standby.port),127.0.0.1:\(primary.port)/"
            + "\(Self.database)?target_session_attrs=read-write&connect_timeout=5"
        let environment = ["PGPASSWORD": ""]
        let migrate = try ReconCommand.run(["db", "migrate", "--database-url", url], environment: environment)
        XCTAssertEqual(migrate.status, 0, "migrate through the multi-host URL (the standby is read-only): \(migrate.stderr)")
        XCTAssertEqual(try primary.scalar("select count(*) from schema_migrations", database: Self.database).map { Int($0)! > 0 }, true)

        let scenario = try Self.night()
        let run = ["run", scenario.jobPath, "--date", "2026-11-21", "--database-url", url, "--quiet"]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RepositoryPaths.reconExecutable)
        process.arguments = run
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let stderr = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = stderr
        try process.run()
        // Mid-run: at least one file settled, the night not finished.
        try waitUntil("a first batch settles on the primary", timeout: 120) {
            let settled = try primary.scalar("select count(*) from batches where status = 'settled'", database: Self.database)
            return (Int(settled ?? "0") ?? 0) >= 1 || !process.isRunning
        }
        XCTAssertTrue(process.isRunning, "the night finished before the primary could be stopped")
        primary.stop(mode: "fast")
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 69, message)
        XCTAssertFalse(message.contains(PostgresCluster.password), message)

        try standby.promote()
        // Nothing half-settled: every transaction belongs to a settled batch whose counts add up.
        XCTAssertEqual(
            try standby.scalar(
                "select count(*) from transactions t join batches b on b.id = t.batch_id where b.status <> 'settled'",
                database: Self.database), "0")
        XCTAssertEqual(
            try standby.scalar(
                "select count(*) from batches where status = 'settled' and records_read <> settled + duplicates + rejected",
                database: Self.database), "0")
        let settledBefore = Int(try standby.scalar("select count(*) from transactions", database: Self.database) ?? "") ?? -1
        XCTAssertLessThan(settledBefore, Self.files * Self.rowsPerFile)

        let rerun = try ReconCommand.run(run + ["--wait-lock", "30s"], environment: environment)
        XCTAssertTrue([0, 1].contains(rerun.status), rerun.stderr)
        XCTAssertEqual(
            try standby.scalar("select count(*) from transactions", database: Self.database), "\(Self.files * Self.rowsPerFile)")

        let uninterrupted = try TestDatabase()
        let reference = try ReconCommand.run(["run", scenario.jobPath, "--date", "2026-11-21", "--database-url", uninterrupted.url, "--quiet"])
        XCTAssertTrue([0, 1].contains(reference.status), reference.stderr)
        let export = ["export", "settlements", "--from", "2026-11-01", "--to", "2026-11-30", "--job", scenario.jobPath]
        let failedOver = try ReconCommand.run(export + ["--database-url", url], environment: environment)
        let expected = try ReconCommand.run(export + ["--database-url", uninterrupted.url])
        XCTAssertEqual(failedOver.status, 0, failedOver.stderr)
        XCTAssertEqual(expected.status, 0, expected.stderr)
        XCTAssertGreaterThan(expected.stdout.split(separator: "\n").count, 1, expected.stdout)
        XCTAssertEqual(failedOver.stdout, expected.stdout)
    }

    /// Four files (four batches), so that the primary can be stopped after the first settles.
    private static func night() throws -> Scenario {
        let scenario = try Scenario(keys: [.init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"])])
        for file in 0..<files {
            let records = try (0..<rowsPerFile).map {
                try scenario.record("F\(file)-\($0)", amount: "\($0 % 800 + 1).30", reference: "PO-\(file)-\($0 % 25)")
            }
            try scenario.writeInbox("\(file)-night.csv", records, format: .csv)
        }
        return scenario
    }

    private func waitUntil(_ what: String, timeout: TimeInterval, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return }
            usleep(20_000)
        }
        XCTFail("timed out waiting until \(what)")
    }
}
