import Foundation
import ReconCore
import XCTest

/// Scale-out: several `recon worker` processes on one inbox settle each
/// batch exactly once, and survivors finish the batch of a worker killed
/// mid-run.
final class WorkerTests: XCTestCase {
    private func makeInbox(files: Int, rowsPerFile: Int) throws -> Scenario {
        let scenario = try Scenario(keys: [.init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"])])
        for file in 0..<files {
            let records = try (0..<rowsPerFile).map { try scenario.record("F\(file)-\($0)", reference: "PO-\(file)") }
            try scenario.writeInbox(String(format: "batch-%02d.csv", file), records, format: .csv)
        }
        return scenario
    }

    private func launchWorker(_ scenario: Scenario, _ database: TestDatabase, name: String = "worker") throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RepositoryPaths.reconExecutable)
        // application_name tells the test which session belongs to which worker.
        let url = database.url + (database.url.contains("?") ? "&" : "?") + "application_name=\(name)"
        process.arguments = ["worker", scenario.jobPath, "--database-url", url, "--quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    private func assertEverythingSettledOnce(_ database: TestDatabase, files: Int, rows: Int) throws {
        XCTAssertEqual(try database.count("select count(*) from batches"), files)
        XCTAssertEqual(try database.count("select count(*) from batches where status = 'settled'"), files)
        XCTAssertEqual(try database.count("select count(*) from transactions"), files * rows)
        XCTAssertEqual(try database.count("select coalesce(sum(settled), 0) from batches"), files * rows)
        XCTAssertEqual(try database.count("select count(*) from batches where records_read <> settled + duplicates + rejected"), 0)
    }

    func testFourWorkersSettleFortyFilesExactlyOnce() throws {
        let database = try TestDatabase(test: self)
        let scenario = try makeInbox(files: 40, rowsPerFile: 250)
        let workers = try (0..<4).map { _ in try launchWorker(scenario, database) }
        for worker in workers { worker.waitUntilExit() }
        XCTAssertEqual(workers.map(\.terminationStatus), [0, 0, 0, 0])
        try assertEverythingSettledOnce(database, files: 40, rows: 250)
        XCTAssertEqual(try database.count("select max(attempts) from batches"), 1, "no batch was settled twice")
    }

    /// Files that share half their txn_ids with the next file, settled by
    /// four workers at once: each txn_id is settled once (the registry's key
    /// decides between workers racing on it), every other occurrence is a
    /// duplicate.
    func testFourWorkersOnOverlappingFilesSettleEachTxnIDOnce() throws {
        let database = try TestDatabase(test: self)
        let scenario = try Scenario(keys: [.init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"])])
        let files = 16, rowsPerFile = 300, step = 150
        for file in 0..<files {
            let records = try (file * step..<file * step + rowsPerFile).map { try scenario.record("X-\($0)", reference: "PO-\($0 % 7)") }
            try scenario.writeInbox(String(format: "overlap-%02d.csv", file), records, format: .csv)
        }
        let distinct = (files - 1) * step + rowsPerFile
        let workers = try (0..<4).map { _ in try launchWorker(scenario, database) }
        for worker in workers { worker.waitUntilExit() }
        XCTAssertEqual(workers.map(\.terminationStatus), [0, 0, 0, 0])
        XCTAssertEqual(try database.count("select count(*) from batches where status = 'settled'"), files)
        XCTAssertEqual(try database.count("select count(*) from transactions"), distinct)
        XCTAssertEqual(try database.count("select count(distinct txn_id) from transactions"), distinct)
        XCTAssertEqual(try database.count("select count(*) from transaction_keys"), distinct)
        XCTAssertEqual(try database.count("select sum(settled) from batches"), distinct)
        XCTAssertEqual(try database.count("select sum(duplicates) from batches"), files * rowsPerFile - distinct)
        XCTAssertEqual(try database.count("select sum(rejected) from batches"), 0)
    }

    func testSurvivorsFinishTheBatchOfAKilledWorker() throws {
        let database = try TestDatabase(test: self)
        let scenario = try makeInbox(files: 12, rowsPerFile: 4_000)
        let workers = try (0..<4).map { try launchWorker(scenario, database, name: "w\($0)") }
        // Kill whichever worker is first seen holding the claim on a batch it is settling.
        let deadline = Date().addingTimeInterval(120)
        var victim: Int?
        while Date() < deadline && victim == nil && workers.contains(where: \.isRunning) {
            let holder = try database.scalar(
                """
                select a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
                join batches b on b.id = l.objid and b.status = 'processing'
                where l.locktype = 'advisory' and l.objsubid = 1 and l.granted and a.application_name like 'w%'
                limit 1
                """)
            if let holder, let index = Int(holder.dropFirst()), workers[index].isRunning {
                kill(workers[index].processIdentifier, SIGKILL)
                victim = index
            }
            usleep(10_000)
        }
        let killed = try XCTUnwrap(victim, "no worker was ever seen holding a claim")
        for worker in workers { worker.waitUntilExit() }
        XCTAssertEqual(workers[killed].terminationReason, .uncaughtSignal)
        for (index, worker) in workers.enumerated() where index != killed {
            XCTAssertEqual(worker.terminationStatus, 0, "survivor w\(index)")
        }
        try assertEverythingSettledOnce(database, files: 12, rows: 4_000)
    }
}
