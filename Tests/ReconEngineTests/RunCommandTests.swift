import Foundation
import ReconCore
import XCTest

/// `recon run` and friends as an operator meets them: arguments checked
/// first, output without repeats, dry runs that ask the database, catch-up
/// nights with their metrics, files written 0640 and 73 when they cannot be.
final class RunCommandTests: XCTestCase {
    /// SPEC §7: 64 before the job file or keyring is read. The job file does
    /// not even exist, so any attempt to read it would exit 78.
    func testImpossibleDatesBadFormatsUnknownFlagsAndMissingArgumentsExit64BeforeReadingAnything() throws {
        let absent = NSTemporaryDirectory() + "recon-absent-\(UUID().uuidString)/job.yaml"
        let cases: [[String]] = [
            ["run", absent, "--date", "2026-02-30"],
            ["run", absent, "--date", "2026-2-3"],
            ["run", absent, "--from", "2026-11-20", "--to", "2026-11-19"],
            ["run", absent, "--from", "2026-11-20"],
            ["reconcile", absent, "--date", "yesterday"],
            ["export", "settlements", "--from", "2026-13-01", "--to", "2026-12-01"],
            ["export", "settlements", "--from", "2026-11-01"],
            ["statement", "show", absent, "--format", "mt942"],
            ["run", absent, "--no-such-flag"],
            ["run"],
            ["batches", absent, "--status", "done"],
            ["--log-format", "yaml", "run", absent],
        ]
        for arguments in cases {
            let result = try ReconCommand.run(arguments)
            XCTAssertEqual(result.status, 64, "\(arguments): \(result.stderr)")
            XCTAssertFalse(result.stderr.contains("keyring"), "\(arguments): \(result.stderr)")
            XCTAssertFalse(result.stderr.contains("job.yaml:"), "\(arguments): \(result.stderr)")
        }
    }

    /// Issue 15: `--log-format json` (and the other global options) before
    /// the subcommand, or in the middle of a subcommand path.
    func testGlobalOptionsAreAcceptedBeforeTheSubcommand() throws {
        let database = try TestDatabase()
        let night = try DemoNight()
        let result = try ReconCommand.run([
            "--log-format", "json", "--database-url", database.url, "--quiet", "run", night.jobPath, "--date", "2026-11-21",
        ])
        XCTAssertEqual(result.status, 1, result.stderr)
        for line in result.stderr.split(separator: "\n") {
            XCTAssertNotNil(try? JSONSerialization.jsonObject(with: Data(line.utf8)), "not JSON: \(line)")
        }
        let status = try ReconCommand.run(["db", "--database-url=\(database.url)", "status"])
        XCTAssertEqual(status.status, 0, status.stderr)
        let keys = try ReconCommand.run(["--log-format", "json", "keys", "check", night.jobPath])
        XCTAssertEqual(keys.status, 0, keys.stderr)
    }

    /// A second run of the same night: every file is "skipped … already
    /// settled", no line is printed twice, and no line says "duplicate" of a
    /// file (issue 14: "duplicate" four times, then "duplicate 0").
    func testARerunOfTheNightPrintsEachFileOnceAndNothingContradictory() throws {
        let database = try TestDatabase()
        let night = try DemoNight()
        let arguments = ["run", night.jobPath, "--date", "2026-11-21", "--database-url", database.url, "--quiet"]
        let first = try ReconCommand.run(arguments)
        XCTAssertEqual(first.status, 1, first.stderr)
        let again = try ReconCommand.run(arguments)
        XCTAssertEqual(again.status, 1, again.stderr)
        let lines = again.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, Set(lines).count, again.stdout)
        XCTAssertEqual(lines.filter { $0.hasPrefix("skipped ") && $0.contains("already settled as batch") }.count, 4, again.stdout)
        XCTAssertFalse(lines.contains { $0.hasPrefix("duplicate") || $0.hasPrefix("total:") }, again.stdout)
        XCTAssertEqual(lines.filter { $0.contains("transactions:") }.count, 1, again.stdout)
    }

    /// The dry run asks the database: settled files are skipped, a replayed
    /// record is a duplicate, a changed one a CONFLICT; the real run that
    /// follows does exactly what the dry run said.
    func testDryRunPredictsFromTheDatabaseWhatTheRunThenDoes() throws {
        let database = try TestDatabase()
        let scenario = try Scenario(keys: [.init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"])])
        try scenario.writeInbox("a.csv", [try scenario.record("T-1"), try scenario.record("T-2")], format: .csv)
        let url = ["--database-url", database.url]
        XCTAssertEqual(try ReconCommand.run(["ingest", scenario.jobPath] + url).status, 0)
        try scenario.writeInbox(
            "b.csv",
            [try scenario.record("T-1"), try scenario.record("T-2", amount: "11.00"), try scenario.record("T-3"),
             try scenario.record("T-3")], format: .csv)
        let dry = try ReconCommand.run(["ingest", scenario.jobPath, "--dry-run"] + url)
        XCTAssertEqual(dry.status, 1, dry.stderr)
        XCTAssertTrue(dry.stdout.contains("skipped    a.csv: already settled as batch"), dry.stdout)
        let expected = "read 4, would settle 1, duplicate 1, rejected 2 (CONFLICT 1, DUPLICATE_IN_FILE 1)"
        XCTAssertTrue(dry.stdout.contains("b.csv: " + expected), dry.stdout)
        XCTAssertEqual(try database.count("select count(*) from batches"), 1, "a dry run writes nothing")
        let real = try ReconCommand.run(["ingest", scenario.jobPath] + url)
        XCTAssertTrue(real.stdout.contains(expected.replacingOccurrences(of: "would settle", with: "settled")), real.stdout)
    }

    /// Catch-up in the engine: each missed night gets its reports, and the
    /// metrics file is written (the CLI loop returned before writing it).
    func testCatchUpReconcilesEveryDateAndWritesTheMetricsFile() throws {
        let database = try TestDatabase()
        let night = try DemoNight()
        let metrics = night.folder + "/recon.prom"
        let result = try ReconCommand.run([
            "run", night.jobPath, "--from", "2026-11-19", "--to", "2026-11-21", "--metrics-file", metrics,
            "--database-url", database.url, "--quiet",
        ])
        XCTAssertEqual(result.status, 1, result.stderr)
        for date in ["2026-11-19", "2026-11-20", "2026-11-21"] {
            XCTAssertTrue(
                FileManager.default.fileExists(atPath: "\(night.folder)/reports/nightly/\(date)/summary.json"), date)
            XCTAssertEqual(result.stdout.components(separatedBy: "run date \(date) for job nightly").count, 2, result.stdout)
        }
        let text = try String(contentsOfFile: metrics, encoding: .utf8)
        XCTAssertTrue(text.contains("recon_records{job=\"nightly\",outcome=\"settled\"} 17"), text)
        XCTAssertTrue(text.contains("recon_mismatches{job=\"nightly\",kind=\"AMBIGUOUS_MATCH\"} 1"), text)
    }

    /// Reports and exports are 0640 whatever the umask; an export or metrics
    /// file that cannot be written exits 73 (SPEC §7), not 65 or 70.
    func testOutputFilesAre0640AndUnwritableOutputsExit73() throws {
        let database = try TestDatabase()
        let night = try DemoNight()
        let url = ["--database-url", database.url, "--quiet"]
        XCTAssertEqual(try ReconCommand.run(["run", night.jobPath, "--date", "2026-11-21"] + url).status, 1)
        let reports = night.folder + "/reports/nightly/2026-11-21"
        for name in try FileManager.default.contentsOfDirectory(atPath: reports) {
            XCTAssertEqual(try Self.mode(reports + "/" + name), 0o640, name)
        }
        XCTAssertEqual(try Self.mode(reports), 0o750)

        let out = night.folder + "/export.csv"
        let export = try ReconCommand.run(["export", "settlements", "--from", "2026-11-01", "--to", "2026-11-30", "--out", out] + url)
        XCTAssertEqual(export.status, 0, export.stderr)
        XCTAssertEqual(try Self.mode(out), 0o640)
        XCTAssertTrue(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("settlement_date,"))

        // A regular file where a folder should be: unwritable even for root.
        let blocked = night.folder + "/not-a-folder"
        try "x".write(toFile: blocked, atomically: true, encoding: .utf8)
        let failed = try ReconCommand.run(
            ["export", "settlements", "--from", "2026-11-01", "--to", "2026-11-30", "--out", blocked + "/e.csv"] + url)
        XCTAssertEqual(failed.status, 73, failed.stderr)
        XCTAssertTrue(failed.stderr.contains("cannot write the export to \(blocked)/e.csv"), failed.stderr)
        let metrics = try ReconCommand.run(
            ["run", night.jobPath, "--date", "2026-11-21", "--metrics-file", blocked + "/m.prom"] + url)
        XCTAssertEqual(metrics.status, 73, metrics.stderr)
        try FileManager.default.removeItem(atPath: night.folder + "/reports")
        try "x".write(toFile: night.folder + "/reports", atomically: true, encoding: .utf8)
        let report = try ReconCommand.run(["run", night.jobPath, "--date", "2026-11-21"] + url)
        XCTAssertEqual(report.status, 73, report.stderr)
        XCTAssertTrue(report.stderr.contains("cannot write the reports"), report.stderr)
    }

    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }
}
