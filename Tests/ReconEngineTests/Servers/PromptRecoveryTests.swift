import Foundation
import ReconCore
import ReconEngine
import XCTest

/// Issue 14 point 10: a `recon run` SIGKILLed at any moment must not keep its
/// job locked. Its backend notices the dead client within seconds (the
/// session's `client_connection_check_interval`) and gives up the statement
/// and the lock, so the rerun started at once gets the lock.
final class PromptRecoveryTests: XCTestCase {
    /// Generous bound for "within seconds": the rerun waits at most this long.
    private static let lockWaitSeconds = 30

    func testRunKilledAtRandomMomentsReleasesTheJobLockForAnImmediateRerun() throws {
        let scenario = try Self.night()
        // One kill aimed at the careful path's registry insert (the statement
        // found running minutes after a kill), the others anywhere.
        var moments: [Moment] = [.carefulInsert]
        for _ in 0..<2 { moments.append(.after(seconds: Double.random(in: 0.2...4.0))) }
        for moment in moments {
            let database = try TestDatabase()
            let killed = try Self.launch(["run", scenario.jobPath, "--date", "2026-11-21", "--database-url", database.url, "--quiet"])
            let landed = try Self.kill(killed, at: moment, database: database)
            let started = Date()
            let rerun = try ReconCommand.run([
                "run", scenario.jobPath, "--date", "2026-11-21", "--database-url", database.url, "--quiet",
                "--wait-lock", "\(Self.lockWaitSeconds)s",
            ])
            let waited = Date().timeIntervalSince(started)
            XCTAssertTrue([0, 1].contains(rerun.status), "kill \(landed): rerun exited \(rerun.status) after \(waited) s: \(rerun.stderr)")
            XCTAssertEqual(try database.count("select count(*) from transactions"), Self.validRecords, "kill \(landed)")
            XCTAssertEqual(try database.count("select count(*) from batches where status <> 'settled'"), 0, "kill \(landed)")
            XCTAssertEqual(
                try database.count("select count(*) from batches where records_read <> settled + duplicates + rejected"), 0)
        }
    }

    func testExit75NamesTheSessionHoldingTheLock() throws {
        let scenario = try Self.night(rows: 50)
        let database = try TestDatabase()
        let holder = try database.connect()
        try holder.execute("select pg_advisory_lock(x'72636e6a'::int4, hashtext('test-job'))")
        let pid = holder.backendProcessID
        let result = try ReconCommand.run(["run", scenario.jobPath, "--date", "2026-11-21", "--database-url", database.url, "--quiet"])
        XCTAssertEqual(result.status, 75, result.stderr)
        XCTAssertTrue(result.stderr.contains("backend pid \(pid) (recon, 127.0.0.1)"), result.stderr)
        XCTAssertTrue(result.stderr.contains("connected since "), result.stderr)
        XCTAssertTrue(result.stderr.contains("last statement: select pg_advisory_lock"), result.stderr)
        XCTAssertTrue(result.stderr.contains("pg_terminate_backend(\(pid))"), result.stderr)

        let waiting = try ReconCommand.run([
            "run", scenario.jobPath, "--date", "2026-11-21", "--database-url", database.url, "--quiet", "--wait-lock", "1s",
        ])
        XCTAssertEqual(waiting.status, 75, waiting.stderr)
        XCTAssertTrue(waiting.stderr.contains("(waited 1.0 s)"), waiting.stderr)
        XCTAssertTrue(waiting.stderr.contains("backend pid \(pid)"), waiting.stderr)

        // Released while a run waits: it goes on and completes.
        let box = UncheckedBox(holder)
        DispatchQueue(label: "release").asyncAfter(deadline: .now() + 1) { box.value.close() }
        let completes = try ReconCommand.run([
            "run", scenario.jobPath, "--date", "2026-11-21", "--database-url", database.url, "--quiet", "--wait-lock", "30s",
        ])
        XCTAssertTrue([0, 1].contains(completes.status), completes.stderr)
        XCTAssertEqual(try database.count("select count(*) from transactions"), 50)

        let usage = try ReconCommand.run(["run", scenario.jobPath, "--wait-lock", "soon", "--database-url", database.url])
        XCTAssertEqual(usage.status, 64, usage.stderr)
    }

    func testWaitLockDurations() {
        XCTAssertEqual(LockWait(duration: "30s"), .upTo(milliseconds: 30_000))
        XCTAssertEqual(LockWait(duration: "2m"), .upTo(milliseconds: 120_000))
        XCTAssertEqual(LockWait(duration: "500ms"), .upTo(milliseconds: 500))
        XCTAssertEqual(LockWait(duration: "1h"), .upTo(milliseconds: 3_600_000))
        XCTAssertEqual(LockWait(duration: "90"), .upTo(milliseconds: 90_000))
        for bad in ["", "s", "-5s", "1.5s", "5 s", "5d", "٣s", "99999999999999999999s", "25h"] {
            XCTAssertNil(LockWait(duration: bad), bad)
        }
    }

    // MARK: - The night

    private static let validRecords = 24_000

    /// Two files: the first new (fast path), the second with a txn_id twice,
    /// which sends it down the careful path (staging + registry insert).
    private static func night(rows: Int = validRecords) throws -> Scenario {
        let scenario = try Scenario(keys: [.init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"])])
        let half = rows / 2
        let first = try (0..<half).map { try scenario.record("F-\($0)", amount: "\($0 % 700 + 1).10", reference: "PO-\($0 % 40)") }
        var second = try (0..<(rows - half)).map { try scenario.record("S-\($0)", amount: "\($0 % 500 + 1).20", reference: "PO-S\($0 % 40)") }
        if let repeated = second.first { second.append(repeated) }
        try scenario.writeInbox("1-first.csv", first, format: .csv)
        try scenario.writeInbox("2-second.csv", second, format: .csv)
        return scenario
    }

    // MARK: - Killing

    private enum Moment {
        case carefulInsert
        case after(seconds: Double)
    }

    private static func launch(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RepositoryPaths.reconExecutable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// SIGKILLs `process` at `moment`; says where it landed.
    private static func kill(_ process: Process, at moment: Moment, database: TestDatabase) throws -> String {
        var landed: String
        switch moment {
        case .after(let seconds):
            usleep(UInt32(seconds * 1_000_000))
            landed = String(format: "after %.2f s", seconds)
        case .carefulInsert:
            let deadline = Date().addingTimeInterval(120)
            landed = "in the careful insert"
            while process.isRunning {
                let active = try database.count(
                    """
                    select count(*) from pg_stat_activity
                    where datname = current_database() and state = 'active' and query like 'with registered as%'
                    """)
                if active > 0 { break }
                if Date() > deadline { XCTFail("the careful insert never started"); break }
                usleep(5_000)
            }
        }
        if !process.isRunning { landed += " (had finished)" }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return landed
    }
}

/// Hands a connection to one other thread that uses it alone.
final class UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
