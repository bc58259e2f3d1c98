import Foundation
import ReconCore
import ReconEngine
import XCTest

/// Exceptions through real nights (SPEC §9): ids in the reports, the states
/// people set with the binary, and what recon does itself from night to night.
final class ExceptionNightsTests: XCTestCase {
    private let stateColumn = MismatchReport.columns.firstIndex(of: "state")!
    private let idColumn = MismatchReport.columns.firstIndex(of: "exception_id")!

    private func state(_ database: TestDatabase, _ id: String) throws -> String? {
        try database.scalar("select state from recon_exceptions where exception_id = $1", [.text(id)])
    }

    private func note(_ database: TestDatabase, _ id: String) throws -> String {
        try database.scalar("select last_note from recon_exceptions where exception_id = $1", [.text(id)]) ?? ""
    }

    /// Night 1 reports eight exceptions; people acknowledge and resolve some;
    /// night 2 a late bank line clears one, the resolved one stays out of the
    /// report, the acknowledged one stays in it with its state; a person
    /// reopens the cleared one; night 3 a late fee changes the resolved group
    /// and recon opens it again, saying why.
    func testAnExceptionWalksThroughEveryStateAcrossThreeNights() throws {
        let database = try TestDatabase()
        let demo = try DemoJob(database: database)
        try demo.run("2026-11-21")
        let night1 = try demo.mismatchCells("2026-11-21")
        XCTAssertEqual(night1.count, 8)
        let idShape = try Regex("^EX-[0-9A-Z]{10}$")
        for cells in night1 {
            XCTAssertEqual(cells.count, MismatchReport.columns.count)
            XCTAssertNotNil(cells[idColumn].wholeMatch(of: idShape), "\(cells)")
            XCTAssertEqual(cells[stateColumn], "open")
        }
        XCTAssertEqual(try database.count("select count(*) from recon_exceptions where state = 'open'"), 8)
        let stark = try demo.exceptionID("2026-11-21", kind: "AMOUNT_MISMATCH", "PO-STARK-1117")
        let unexpected = try demo.exceptionID("2026-11-21", kind: "UNEXPECTED_BANK_LINE", "77.77")
        let initech = try demo.exceptionID("2026-11-21", kind: "MISSING_IN_BANK", "PO-INITECH-1117")
        let json = try JSONSerialization.jsonObject(with: Data(demo.report("2026-11-21", "mismatches.json").utf8)) as! [[String: Any]]
        XCTAssertEqual(Set(json.compactMap { $0["exception_id"] as? String }), Set(night1.map { $0[idColumn] }), "CSV and JSON agree")

        var result = try demo.recon(["exceptions", "ack", "JOB", stark, "--owner", "ana", "--by", "lead"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "\(stark) AMOUNT_MISMATCH: open → acknowledged, owner ana (by lead)\n")
        result = try demo.recon([
            "exceptions", "resolve", "JOB", stark.lowercased(), "--reason", "explained", "--note", "bank fee 9.99", "--by", "ana",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try state(database, stark), "resolved")
        result = try demo.recon(["exceptions", "ack", "JOB", unexpected, "--owner", "bo", "--note", "asking the bank"])
        XCTAssertEqual(result.status, 0, result.stderr)

        // Night 2: the JPY payout arrives late.
        try demo.addBankFile(
            "2026-11-22_jpy.csv",
            """
            account,booking_date,value_date,amount,currency,reference,description,bank_txn_id
            JP-ACCT-1,2026-11-20,2026-11-20,10000,JPY,PO-INITECH-1117,INITECH PAYOUT,JP-77

            """)
        XCTAssertTrue(try demo.run("2026-11-22").hasProblems)
        let night2 = try demo.mismatchCells("2026-11-22")
        XCTAssertFalse(night2.contains { $0[idColumn] == stark }, "resolved and unchanged: no longer reported")
        XCTAssertFalse(night2.contains { $0[idColumn] == initech }, "the late line closed the group")
        XCTAssertEqual(night2.first { $0[idColumn] == unexpected }?[stateColumn], "acknowledged")
        XCTAssertEqual(try state(database, initech), "cleared")
        XCTAssertTrue(try note(database, initech).hasPrefix("cleared by recon on 2026-11-22"))
        let night1IDs = Dictionary(night1.map { ($0[0] + ($0[1].isEmpty ? $0[5] : $0[1]), $0[idColumn]) }) { first, _ in first }
        for cells in night2 {
            guard let earlier = night1IDs[cells[0] + (cells[1].isEmpty ? cells[5] : cells[1])] else { continue }
            XCTAssertEqual(cells[idColumn], earlier, "the same problem keeps its id: \(cells)")
        }

        result = try demo.recon(["exceptions", "reopen", "JOB", initech, "--note", "the bank says the line was reversed"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try state(database, initech), "open")

        // Night 3: a late stark fee changes the resolved group's net.
        try demo.addTransactions(
            "2026-11-23_stark.csv", key: "stark-hmac512-2026", algorithm: .hmacSHA512,
            [[
                ("txn_id", "S-2999"), ("merchant_id", "stark"), ("type", "fee"), ("amount", "-1.00"), ("currency", "EUR"),
                ("created_at", "2026-11-22T09:00:00Z"), ("settlement_date", "2026-11-17"), ("settlement_ref", "PO-STARK-1117"),
            ]])
        XCTAssertTrue(try demo.run("2026-11-23").hasProblems)
        let night3 = try demo.mismatchCells("2026-11-23")
        XCTAssertEqual(night3.first { $0[idColumn] == stark }?[stateColumn], "open", "\(night3)")
        XCTAssertEqual(try state(database, stark), "open")
        XCTAssertEqual(
            try note(database, stark),
            "open again on 2026-11-23: its items changed since it was resolved: expected amount 949.99 → 948.99; transactions 2 → 3")
        XCTAssertEqual(try state(database, initech), "cleared", "still gone: recon clears it again")

        let history = try database.connect().execute(
            "select by_name || ':' || action || ':' || coalesce(from_state, '') || '>' || to_state from recon_audit_log where exception_id = $1 order by id",
            [.text(stark)])
        XCTAssertEqual(
            (0..<history.rowCount).map { history.string(row: $0, column: 0)! },
            ["lead:ack:open>acknowledged", "ana:resolve:acknowledged>resolved", "recon:reopen:resolved>open"])
        let initechHistory = try database.count("select count(*) from recon_audit_log where exception_id = $1", [.text(initech)])
        XCTAssertEqual(initechHistory, 3, "cleared, reopened by a person, cleared again")
    }

    /// An unknown id, a malformed one, or a change that does not apply:
    /// exit 64, and not one row or audit entry changes.
    func testUnknownIDExits64AndChangesNothing() throws {
        let database = try TestDatabase()
        let demo = try DemoJob(database: database)
        try demo.run("2026-11-21")
        let stark = try demo.exceptionID("2026-11-21", kind: "AMOUNT_MISMATCH", "PO-STARK-1117")
        XCTAssertEqual(try demo.recon(["exceptions", "resolve", "JOB", stark, "--reason", "write_off", "--note", "ok", "--by", "ana"]).status, 0)
        let snapshot = "select string_agg(exception_id || state || version, ',' order by exception_id) from recon_exceptions"
        let before = try database.scalar(snapshot)
        let auditBefore = try database.count("select count(*) from recon_audit_log")

        var result = try demo.recon(["exceptions", "resolve", "JOB", "EX-0000000000", "--reason", "explained", "--note", "x"])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("no exception EX-0000000000"), result.stderr)
        XCTAssertTrue(result.stderr.contains("nothing changed"), result.stderr)
        result = try demo.recon(["exceptions", "ack", "JOB", "EX-12", "--owner", "ana"])
        XCTAssertEqual(result.status, 64, "not an id at all")
        result = try demo.recon(["exceptions", "resolve", "JOB", stark, "--reason", "explained", "--note", "again"])
        XCTAssertEqual(result.status, 64, "already resolved")
        XCTAssertTrue(result.stderr.contains("it is resolved") && result.stderr.contains("by ana"), result.stderr)
        result = try demo.recon(["exceptions", "resolve", "JOB", stark, "--reason", "because", "--note", "x"])
        XCTAssertEqual(result.status, 64, "unknown reason")
        result = try demo.recon(["exceptions", "reopen", "JOB", stark])
        XCTAssertEqual(result.status, 64, "reopen needs a note")

        XCTAssertEqual(try database.scalar(snapshot), before)
        XCTAssertEqual(try database.count("select count(*) from recon_audit_log"), auditBefore)
    }

    /// `recon exceptions list`: open and acknowledged by default, largest
    /// at_stake first, the filters of SPEC §9, CSV that a spreadsheet cannot
    /// run, JSON unchanged.
    func testListFiltersSortsAndProtectsCSV() throws {
        let database = try TestDatabase()
        let demo = try DemoJob(database: database)
        try demo.run("2026-11-21")
        let stark = try demo.exceptionID("2026-11-21", kind: "AMOUNT_MISMATCH", "PO-STARK-1117")
        let gap = try XCTUnwrap(try demo.mismatchCells("2026-11-21").first { $0[0] == "STATEMENT_GAP" })[idColumn]
        XCTAssertEqual(
            try demo.recon(["exceptions", "ack", "JOB", stark, "--owner", "=HYPERLINK(\"http://x\")", "--note", "+call them"]).status, 0)
        XCTAssertEqual(try demo.recon(["exceptions", "resolve", "JOB", gap, "--reason", "explained", "--note", "known"]).status, 0)

        func list(_ extra: [String]) throws -> [[String]] {
            let result = try demo.recon(["exceptions", "list", "JOB", "--format", "csv"] + extra)
            XCTAssertEqual(result.status, 0, result.stderr)
            let rows = CSVRows.parse(result.stdout)
            XCTAssertEqual(rows.first, ExceptionListing.columns)
            return Array(rows.dropFirst())
        }
        let all = try list([])
        XCTAssertEqual(all.count, 7, "the resolved gap is not listed")
        let stakes = all.map { $0[7] }
        XCTAssertEqual(
            stakes, ["10000", "5000.00", "99.00", "77.77", "15.00", "12.345", "9.99"],
            "largest first in each currency's own units: \(all.map { "\($0[1]) \($0[7]) \($0[6])" })")
        let starkRow = try XCTUnwrap(all.first { $0[0] == stark })
        XCTAssertEqual(starkRow[2], "acknowledged")
        XCTAssertEqual(starkRow[3], "'=HYPERLINK(\"http://x\")", "owner protected")
        XCTAssertEqual(starkRow[11], "'+call them", "note protected")
        XCTAssertEqual(Int(starkRow[9]).map { $0 >= 12 }, true, "age in days since 2026-11-21")

        XCTAssertEqual(try list(["--kind", "AMOUNT_MISMATCH"]).map { $0[0] }, [stark])
        XCTAssertEqual(try list(["--merchant", "stark"]).map { $0[0] }, [stark])
        XCTAssertEqual(try list(["--min-amount", "99"]).map { $0[7] }, ["10000", "5000.00", "99.00"])
        XCTAssertEqual(try list(["--min-age", "36500"]).count, 0)
        XCTAssertEqual(try list(["--state", "acknowledged"]).map { $0[0] }, [stark])
        XCTAssertEqual(try list(["--state", "resolved"]).map { $0[0] }, [gap])
        XCTAssertEqual(try list(["--state", "all"]).count, 8)
        XCTAssertEqual(try demo.recon(["exceptions", "list", "JOB", "--state", "closed"]).status, 64)

        let json = try demo.recon(["exceptions", "JOB", "--format", "json"])
        XCTAssertEqual(json.status, 0, "list is the default subcommand: \(json.stderr)")
        XCTAssertTrue(json.stdout.contains("\"owner\": \"=HYPERLINK(\\\"http://x\\\")\""), json.stdout)
        let table = try demo.recon(["exceptions", "JOB", "--format", "table"])
        let lines = table.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 8)
        XCTAssertTrue(lines[0].hasPrefix("EXCEPTION"))
    }
}
