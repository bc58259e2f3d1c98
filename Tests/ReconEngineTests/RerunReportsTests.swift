import Foundation
import ReconCore
import ReconEngine
import XCTest

/// Reruns keep what a night reported (SPEC §6): the reports of D cover every
/// run dated D, and each file is replaced whole.
final class RerunReportsTests: XCTestCase {
    private func records(_ summary: [String: Any]) -> [String: Any] {
        (summary["counts"] as! [String: Any])["records"] as! [String: Any]
    }

    func testARerunOfADateKeepsItsRejectsAndCountsAndAddsItsOwn() throws {
        let database = try TestDatabase()
        let demo = try DemoJob(database: database)
        try demo.run("2026-11-21")
        let rejected = try demo.report("2026-11-21", "rejected.csv")
        XCTAssertEqual(rejected.split(separator: "\n").count, 5, rejected)
        XCTAssertEqual(records(try demo.summary("2026-11-21"))["read"] as? Int, 21)

        // A reader holding the old file keeps reading it whole: the file is
        // replaced by a rename, never rewritten in place.
        let held = try FileHandle(forReadingFrom: URL(fileURLWithPath: demo.folder + "/reports/nightly/2026-11-21/rejected.csv"))
        defer { try? held.close() }

        // The same date again, nothing new in the inbox.
        XCTAssertTrue(try demo.run("2026-11-21").hasProblems)
        XCTAssertEqual(try demo.report("2026-11-21", "rejected.csv"), rejected, "the rerun does not empty rejected.csv")
        var summary = try demo.summary("2026-11-21")
        XCTAssertEqual(records(summary)["read"] as? Int, 21)
        XCTAssertEqual(records(summary)["rejected"] as? Int, 4)
        let batches = (summary["counts"] as! [String: Any])["batches"] as! [String: Any]
        XCTAssertEqual(batches["settled"] as? Int, 4)
        XCTAssertEqual(batches["duplicate"] as? Int, 0, "files the first run settled are not news to the rerun")
        var runs = summary["runs"] as! [[String: Any]]
        XCTAssertEqual(runs.count, 2)
        XCTAssertEqual(runs.map { $0["exit_code"] as? Int }, [1, 1])
        XCTAssertEqual(((runs[1]["ingested"] as! [String: Any])["records"] as! [String: Any])["read"] as? Int, 0)
        XCTAssertEqual(String(decoding: held.readDataToEndOfFile(), as: UTF8.self), rejected)

        // A late file for the same date: one good record, one bad signature.
        try demo.addTransactions(
            "2026-11-21_late.csv", key: "acme-hmac-2026", algorithm: .hmacSHA256,
            [[
                ("txn_id", "A-7001"), ("merchant_id", "acme"), ("type", "payment"), ("amount", "3.00"), ("currency", "EUR"),
                ("created_at", "2026-11-20T09:00:00Z"), ("settlement_date", "2026-11-20"), ("settlement_ref", "PO-ACME-LATE"),
            ]])
        var text = try String(contentsOfFile: demo.folder + "/inbox/transactions/2026-11-21_late.csv", encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        text += lines[1].replacingOccurrences(of: "A-7001", with: "A-7002").replacingOccurrences(of: "3.00", with: "4.00") + "\n"
        try text.write(toFile: demo.folder + "/inbox/transactions/2026-11-21_late.csv", atomically: true, encoding: .utf8)
        // What a run killed mid-write leaves beside the files.
        try "half".write(
            toFile: demo.folder + "/reports/nightly/2026-11-21/.summary.json.writing-99999", atomically: false, encoding: .utf8)
        try demo.run("2026-11-21")
        let after = try demo.report("2026-11-21", "rejected.csv")
        XCTAssertTrue(after.hasPrefix(rejected.split(separator: "\n").first! + "\n"))
        for line in rejected.split(separator: "\n") { XCTAssertTrue(after.contains(line), "kept: \(line)") }
        XCTAssertTrue(after.contains("2026-11-21_late.csv,3,A-7002,SIGNATURE_MISMATCH"), after)
        summary = try demo.summary("2026-11-21")
        XCTAssertEqual(records(summary)["read"] as? Int, 23)
        XCTAssertEqual(records(summary)["settled"] as? Int, 18)
        XCTAssertEqual(records(summary)["rejected"] as? Int, 5)
        runs = summary["runs"] as! [[String: Any]]
        XCTAssertEqual(runs.count, 3)
        XCTAssertEqual((runs[2]["ingested"] as! [String: Any])["files"] as? [String], ["2026-11-21_late.csv"])
        XCTAssertNotNil(runs[0]["started_at"] as? String)

        let leftovers = try FileManager.default.contentsOfDirectory(atPath: demo.folder + "/reports/nightly/2026-11-21")
        XCTAssertEqual(leftovers.sorted(), ["mismatches.csv", "mismatches.json", "rejected.csv", "report.html", "summary.json"])

        // recon rejects reads the same from the database.
        let byDate = try demo.recon(["rejects", "JOB", "--date", "2026-11-21", "--format", "csv"])
        XCTAssertEqual(byDate.status, 0, byDate.stderr)
        XCTAssertEqual(CSVRows.parse(byDate.stdout).count, 6)
        let byReason = try demo.recon(["rejects", "JOB", "--reason", "SIGNATURE_MISMATCH", "--format", "csv"])
        XCTAssertEqual(CSVRows.parse(byReason.stdout).dropFirst().map { $0[3] }.sorted(), ["A-1006", "A-7002"])
        let otherDate = try demo.recon(["rejects", "JOB", "--date", "2026-11-22", "--format", "csv"])
        XCTAssertEqual(otherDate.stdout, RejectListing.columns.joined(separator: ",") + "\n")
        XCTAssertEqual(try demo.recon(["rejects", "JOB", "--date", "2026-02-30"]).status, 64)
        XCTAssertEqual(try demo.recon(["rejects", "JOB", "--date", "2026-11-21", "--batch", "1"]).status, 64)
    }
}
