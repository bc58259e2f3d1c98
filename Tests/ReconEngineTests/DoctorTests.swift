import Foundation
import XCTest

/// `recon doctor` (SPEC §7): one line per check, ok or what to do, and the
/// exit code of the first failure.
final class DoctorTests: XCTestCase {
    private func doctor(_ job: String, _ url: String) throws -> ReconCommand.Result {
        try ReconCommand.run(["doctor", job, "--database-url", url])
    }

    private func line(_ result: ReconCommand.Result, _ name: String) -> String {
        result.stdout.split(separator: "\n").map(String.init).first { $0.hasPrefix(name + " ") } ?? "<no \(name) line>"
    }

    func testAHealthyDeploymentIsOkOnEveryLine() throws {
        let database = try TestDatabase()
        let night = try DemoNight()
        let result = try doctor(night.jobPath, database.url)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        for name in ["database", "migrations", "job file", "keyring", "inbox", "statements", "reports", "job lock"] {
            XCTAssertTrue(line(result, name).contains(" ok "), line(result, name))
        }
        XCTAssertTrue(line(result, "database").contains("host 127.0.0.1"), result.stdout)
        XCTAssertTrue(line(result, "database").contains("database \(database.name), user recon, PostgreSQL "), result.stdout)
        XCTAssertTrue(line(result, "database").contains("TLS not in use"), result.stdout)
    }

    func testEachFailureSaysWhatToDoAndSetsTheExitCode() throws {
        let night = try DemoNight()
        let unreachable = try doctor(night.jobPath, "postgresql://recon@127.0.0.1:55467/x?connect_timeout=5")
        XCTAssertEqual(unreachable.status, 69, unreachable.stdout)
        XCTAssertTrue(line(unreachable, "database").contains("FAIL"), unreachable.stdout)
        XCTAssertTrue(line(unreachable, "job lock").contains("not checked: no database"), unreachable.stdout)

        let empty = try TestDatabase(migrated: false)
        let unmigrated = try doctor(night.jobPath, empty.url)
        XCTAssertEqual(unmigrated.status, 69, unmigrated.stdout)
        XCTAssertTrue(line(unmigrated, "migrations").contains("not applied: 001_core"), unmigrated.stdout)
        XCTAssertTrue(line(unmigrated, "migrations").contains("recon db migrate"), unmigrated.stdout)

        let database = try TestDatabase()
        try FileManager.default.removeItem(atPath: night.folder + "/inbox/transactions")
        let noInbox = try doctor(night.jobPath, database.url)
        XCTAssertEqual(noInbox.status, 78, noInbox.stdout)
        XCTAssertTrue(line(noInbox, "inbox").contains("is not a folder: create it or fix transactions.path"), noInbox.stdout)
        try FileManager.default.createDirectory(atPath: night.folder + "/inbox/transactions", withIntermediateDirectories: true)

        try "x".write(toFile: night.folder + "/reports", atomically: true, encoding: .utf8)
        let noReports = try doctor(night.jobPath, database.url)
        XCTAssertEqual(noReports.status, 73, noReports.stdout)
        XCTAssertTrue(line(noReports, "reports").contains("FAIL"), noReports.stdout)
        try FileManager.default.removeItem(atPath: night.folder + "/reports")

        let holder = try database.connect()
        try holder.execute("select pg_advisory_lock(\(0x7263_6E6A)::int4, hashtext('nightly'))")
        let locked = try doctor(night.jobPath, database.url)
        XCTAssertEqual(locked.status, 75, locked.stdout)
        XCTAssertTrue(line(locked, "job lock").contains("held by backend pid \(holder.backendProcessID)"), locked.stdout)
        holder.close()

        try "keys: [".write(toFile: night.folder + "/keyring.yaml", atomically: true, encoding: .utf8)
        let badKeyring = try doctor(night.jobPath, database.url)
        XCTAssertEqual(badKeyring.status, 78, badKeyring.stdout)
        XCTAssertTrue(line(badKeyring, "keyring").contains("FAIL"), badKeyring.stdout)

        try "name: [".write(toFile: night.jobPath, atomically: true, encoding: .utf8)
        let badJob = try doctor(night.jobPath, database.url)
        XCTAssertEqual(badJob.status, 78, badJob.stdout)
        XCTAssertTrue(line(badJob, "job file").contains("FAIL"), badJob.stdout)
        XCTAssertTrue(line(badJob, "inbox").contains("not checked"), badJob.stdout)
    }
}
