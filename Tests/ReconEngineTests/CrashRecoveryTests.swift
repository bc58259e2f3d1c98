import Foundation
import ReconCore
import ReconEngine
import XCTest

/// Kills the real `recon` binary with SIGKILL while it COPYs a large batch,
/// then reruns and checks the totals exactly: nothing lost, nothing twice.
final class CrashRecoveryTests: XCTestCase {
    func testSIGKILLDuringCopyThenRerunSettlesEverythingExactlyOnce() throws {
        let database = try TestDatabase(test: self)
        let scenario = try Scenario(keys: [.init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"])])
        let small = try (1...300).map { try scenario.record("A-\($0)") }
        let largeCount = 60_000
        let large = try (1...largeCount).map { try scenario.record("B-\($0)", amount: "\($0 % 900 + 1).25") }
        let trailing = try (1...200).map { try scenario.record("C-\($0)") }
        try scenario.writeInbox("a.csv", small, format: .csv)
        try scenario.writeInbox("b.csv", large, format: .csv)
        try scenario.writeInbox("c.jsonl", trailing, format: .jsonl)
        let expected = small.count + large.count + trailing.count

        let process = try launchRecon(["ingest", scenario.jobPath, "--database-url", database.url, "--quiet"])
        // Wait until the large file's COPY is streaming rows, then kill.
        let deadline = Date().addingTimeInterval(120)
        var copying = false
        while Date() < deadline && process.isRunning {
            let rows = try database.count(
                "select coalesce(max(tuples_processed), 0) from pg_stat_progress_copy where datname = current_database()")
            if rows > 5_000 { copying = true; break }
            usleep(20_000)
        }
        XCTAssertTrue(copying, "recon never reached the COPY of the large file")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)

        // Atomic: the killed batch left nothing behind.
        XCTAssertEqual(try database.count("select count(*) from transactions where txn_id like 'B-%'"), 0)
        XCTAssertEqual(try database.scalar("select status from batches where file_name = 'b.csv'"), "processing")
        XCTAssertEqual(try database.count("select count(*) from transactions where txn_id like 'A-%'"), small.count)

        // Rerun the interrupted batch, then the night's ingest picks up the rest.
        XCTAssertEqual(try runRecon(["rerun", scenario.jobPath, "--failed", "--database-url", database.url, "--quiet"]), 0)
        XCTAssertEqual(try runRecon(["ingest", scenario.jobPath, "--database-url", database.url, "--quiet"]), 0)

        XCTAssertEqual(try database.count("select count(*) from transactions"), expected)
        XCTAssertEqual(try database.count("select count(*) from batches where status = 'settled'"), 3)
        XCTAssertEqual(
            try database.count("select count(*) from batches where records_read <> settled + duplicates + rejected"), 0)
        XCTAssertEqual(try database.count("select sum(settled) from batches"), expected)
        var largeSum: Int64 = 0
        for index in 1...largeCount { largeSum += Int64(index % 900 + 1) * 100 + 25 }
        XCTAssertEqual(try database.scalar("select sum(amount)::text from transactions where txn_id like 'B-%'"), "\(largeSum)")
        XCTAssertEqual(try database.scalar("select attempts from batches where file_name = 'b.csv'"), "2")
    }

    private func launchRecon(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RepositoryPaths.reconExecutable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    private func runRecon(_ arguments: [String]) throws -> Int32 {
        let process = try launchRecon(arguments)
        process.waitUntilExit()
        return process.terminationStatus
    }
}
