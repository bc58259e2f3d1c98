import Foundation
import ReconCore
import ReconEngine
import ReconStore
import XCTest

/// Manual matches beside a running night, and one truth for status (issue
/// 12 points 5 and 8).
final class ManualMatchNightTests: XCTestCase {
    /// A reconcile held mid-transaction (a session holds the row lock of a
    /// group it must decide), a `recon match` started meanwhile: the match
    /// waits for the night's job lock and is applied after the night, which
    /// did not see it (its report still has the AMBIGUOUS_MATCH row); the
    /// next night sees it. Nothing is half: at every point the database
    /// holds either no trace of the match or all of it.
    func testAMatchDuringARunningNightIsAppliedAfterItNeverHalf() throws {
        let database = try TestDatabase(test: self)
        let demo = try DemoJob(database: database)
        try demo.run("2026-11-21")
        let holder = try database.connect()
        try holder.execute("begin")
        try holder.execute("select 1 from settlement_groups where settlement_ref = 'PO-STARK-1118' for update")

        let night = try StartedCommand([
            "reconcile", demo.jobPath, "--date", "2026-11-22", "--database-url", database.url, "--quiet",
        ])
        try database.waitUntil(sessionsWaitingFor: "for update", count: 1)
        let match = try StartedCommand(
            ManualMatchTests.matchACME.map { $0 == "JOB" ? demo.jobPath : $0 }
                + ["--wait-lock", "120s", "--database-url", database.url])
        try database.waitUntil(sessionsWaitingFor: "pg_advisory_lock", count: 1)
        XCTAssertEqual(try database.count("select count(*) from recon_audit_log where action = 'match'"), 0)
        XCTAssertEqual(try database.count("select count(*) from settlement_groups where match_rule = 'manual'"), 0)
        try holder.execute("commit")

        let nightResult = night.wait()
        let matchResult = match.wait()
        XCTAssertEqual(nightResult.status, 1, nightResult.stderr)
        XCTAssertEqual(matchResult.status, 0, matchResult.stderr)
        let reported = try demo.mismatchCells("2026-11-22")
        XCTAssertTrue(reported.contains { $0[0] == "AMBIGUOUS_MATCH" }, "the night ran before the match: \(reported)")
        XCTAssertEqual(
            try database.scalar(
                """
                select (select max(finished_at) from recon_report_runs) <= (select at from recon_audit_log where action = 'match')
                """), "t", "the match was written after the night finished")
        XCTAssertEqual(
            try database.scalar("select state || ' ' || resolution from recon_exceptions where kind = 'AMBIGUOUS_MATCH'"),
            "resolved manual_match", "the match resolved what the night had reported")

        try demo.run("2026-11-22")
        let again = try demo.mismatchCells("2026-11-22")
        XCTAssertFalse(again.contains { $0[0] == "AMBIGUOUS_MATCH" }, "the next night sees the match: \(again)")
        XCTAssertTrue(again.contains { $0[0] == "MISSING_IN_BANK" && $0[1] == "PO-STARK-1118" }, "\(again)")
    }

    /// On a night with every mismatch kind, and again after a manual match,
    /// every group has one status: the export's, the summary's counts, the
    /// HTML report (mismatch table, pending list) and `recon show` agree.
    func testExportSummaryReportAndShowAgreeOnEveryGroupsStatus() throws {
        let database = try TestDatabase(test: self)
        let demo = try DemoJob(database: database)
        try demo.run("2026-11-21")
        XCTAssertEqual(Set(try demo.mismatchCells("2026-11-21").map { $0[0] }).count, MismatchKind.allCases.count)
        try assertStatusesAgree(demo, "2026-11-21")

        XCTAssertEqual(try demo.recon(ManualMatchTests.matchACME).status, 0)
        try demo.run("2026-11-21")
        let kinds = Set(try demo.mismatchCells("2026-11-21").map { $0[0] })
        XCTAssertEqual(kinds.count, MismatchKind.allCases.count - 1, "every kind but the ambiguity the match settled: \(kinds)")
        try assertStatusesAgree(demo, "2026-11-21")
        let export = try demo.recon(["export", "settlements", "--from", "2026-11-18", "--to", "2026-11-18", "--format", "csv"])
        XCTAssertTrue(export.stdout.contains("PO-ACME-1118-A,EUR,15.00,0.00,0.00,0.00,0.00,15.00,1,matched"), export.stdout)
    }

    private func assertStatusesAgree(_ demo: DemoJob, _ date: String, line: UInt = #line) throws {
        let export = try demo.recon(["export", "settlements", "--from", "2026-01-01", "--to", "2026-12-31", "--format", "csv"])
        let rows = CSVRows.parse(export.stdout).dropFirst()
        let header = CSVRows.parse(export.stdout)[0]
        let status = header.firstIndex(of: "status")!, ref = header.firstIndex(of: "settlement_ref")!
        var byStatus: [String: Int] = [:]
        for row in rows { byStatus[row[status], default: 0] += 1 }
        let counts = try XCTUnwrap((demo.summary(date)["counts"] as? [String: Any])?["groups"] as? [String: Int])
        XCTAssertEqual(byStatus, counts, "export and summary.json", line: line)

        let html = try demo.report(date, "report.html")
        let pendingSection = String(html[html.range(of: "<section id=\"pending\">")!.lowerBound...])
        let mismatchRows = try demo.mismatchCells(date)
        for row in rows {
            let shown = try demo.recon(["show", "JOB", row[ref], "--format", "json"])
            XCTAssertTrue(shown.stdout.contains("\"status\": \"\(row[status])\""), "recon show \(row[ref]): \(shown.stdout)", line: line)
            let reported = mismatchRows.filter { $0[1] == row[ref] }.map { $0[0] }
            switch row[status] {
            case "mismatched":
                XCTAssertFalse(reported.isEmpty, "\(row[ref]) is mismatched but not in mismatches.csv", line: line)
                XCTAssertTrue(html.contains(row[ref]), "\(row[ref]) is mismatched but not in report.html", line: line)
            case "pending":
                XCTAssertEqual(reported, [], "\(row[ref])", line: line)
                XCTAssertTrue(pendingSection.contains(row[ref]), "\(row[ref]) is pending but not in report.html's pending list", line: line)
            default:
                XCTAssertEqual(reported.filter { $0 != "DUPLICATE_BANK_LINE" }, [], "\(row[ref]) is matched", line: line)
            }
        }
    }
}
