import Foundation
import ReconStore
import XCTest

/// The runtime role (recon_app, sql/013): settled history is append-only for
/// it, and a whole night still needs nothing more (README "Least privilege").
final class LeastPrivilegeTests: XCTestCase {
    private static let permissionDenied = "42501"

    private func assertDenied(
        _ connection: PostgresConnection, _ sql: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try connection.execute(sql), sql, file: file, line: line) { error in
            XCTAssertEqual((error as? DatabaseError)?.sqlState, Self.permissionDenied, "\(sql): \(error)", file: file, line: line)
        }
    }

    /// What a stolen runtime password tried in issue 15, and more: every
    /// rewrite of settled rows, batches, keys, rejects, bank lines, the
    /// audit log and the chain is refused with permission denied.
    func testTheRuntimeRoleCannotRewriteSettledHistory() throws {
        let database = try TestDatabase(test: self)
        let demo = try DemoJob(database: database)
        let night = try demo.recon(["run", "JOB", "--date", "2026-11-21", "--quiet"], asRole: "recon_app")
        XCTAssertEqual(night.status, 1, night.stderr)  // the demo night has mismatches
        let app = try database.database(asRole: "recon_app").connect()
        XCTAssertEqual(try app.execute("select current_user::text").string(row: 0, column: 0), "recon_app")
        let partition = try XCTUnwrap(try database.scalar(
            "select tableoid::regclass::text from transactions where tableoid <> 'transactions_default'::regclass limit 1"))
        for sql in [
            "update transactions set amount = amount * 100",
            "update \(partition) set amount = amount * 100",
            "update transactions_default set amount = amount * 100",
            "delete from transactions",
            "delete from \(partition)",
            "truncate transactions",
            "update transaction_keys set content_sha256 = sha256('x')",
            "delete from transaction_keys",
            "delete from batches",
            "update batches set settled = 0",
            "update batches set status = 'queued'",
            "insert into batches (source, job, file_sha256, file_name, file_path, status) values ('s', 'j', sha256('f'), 'f', 'f', 'settled')",
            "delete from rejected_records",
            "update settlement_group_files set amount = amount * 100",
            "delete from settlement_group_files",
            "update rejected_records set reason = 'MALFORMED'",
            "update batch_currency_totals set net = 0",
            "delete from batch_currency_totals",
            "update bank_lines set amount = 0",
            "delete from bank_lines",
            "delete from bank_statements",
            "update bank_files set file_name = 'x'",
            "delete from recon_audit_log",
            "update recon_audit_log set note = 'x'",
            "delete from recon_exceptions",
            "delete from settlement_groups",
            "update recon_report_runs set ingested = '{}'",
            "insert into batch_chain select * from batch_chain",
            "update batch_chain set chain_position = chain_position + 10",
            "delete from batch_chain",
            "select recon_create_transaction_partitions_004('2031-01-01', '2031-01-31')",
        ] {
            assertDenied(app, sql)
        }
        // The status functions never touch a settled batch.
        let settled = try XCTUnwrap(try database.scalar("select min(id)::text from batches where status = 'settled'"))
        XCTAssertEqual(try app.execute("select recon_batch_processing(\(settled))").string(row: 0, column: 0), "f")
        XCTAssertEqual(try app.execute("select recon_batch_failed(\(settled), 'x')").string(row: 0, column: 0), "f")
        XCTAssertThrowsError(try app.execute("select recon_batch_settled(\(settled), 0, 0, 0, 0, '{}', '{}')"))
        XCTAssertThrowsError(try app.execute("select recon_chain_batch(\(settled), sha256(''), '')"))
        XCTAssertEqual(try database.scalar("select status from batches where id = \(settled)"), "settled")
        // A month created later (by the runtime role, through the partition
        // function) is as closed as the existing ones.
        XCTAssertEqual(try app.execute("select recon_create_transaction_partitions('2031-01-01', '2031-01-31')").string(row: 0, column: 0), "1")
        assertDenied(app, "delete from transactions_2031_01")
        assertDenied(app, "update transactions_2031_01 set amount = 0")
        XCTAssertEqual(try database.count("select count(*) from batches"), 4)
    }

    /// A whole night, a rerun, a worker, exceptions worked and a line matched by people,
    /// with nothing but recon_app; the owner's `recon db check` finds the
    /// result whole and chained.
    func testAWholeNightWorksWithTheRuntimeRoleAlone() throws {
        let database = try TestDatabase(test: self)
        let demo = try DemoJob(database: database)
        var result = try demo.recon(["run", "JOB", "--date", "2026-11-21", "--quiet"], asRole: "recon_app")
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(try demo.mismatchCells("2026-11-21").count, 8)
        let stark = try demo.exceptionID("2026-11-21", kind: "AMOUNT_MISMATCH", "PO-STARK-1117")
        result = try demo.recon(["exceptions", "ack", "JOB", stark, "--owner", "ana"], asRole: "recon_app")
        XCTAssertEqual(result.status, 0, result.stderr)
        result = try demo.recon(
            ["exceptions", "resolve", "JOB", stark, "--reason", "explained", "--note", "bank fee"], asRole: "recon_app")
        XCTAssertEqual(result.status, 0, result.stderr)
        // A manual match, undone and made again (it then lives through the nights below).
        for arguments in [
            ManualMatchTests.matchACME,
            ["unmatch", "JOB", "--group", "PO-ACME-1118-A", "--note", "wrong line after all", "--by", "bo"],
            ManualMatchTests.matchACME,
        ] {
            result = try demo.recon(arguments, asRole: "recon_app")
            XCTAssertEqual(result.status, 0, "\(arguments[0]): \(result.stderr)")
        }
        XCTAssertEqual(
            try database.scalar("select match_rule from settlement_groups where settlement_ref = 'PO-ACME-1118-A'"), "manual")

        // A file that fails (not gzip data), rerun: still failed, recorded.
        try Data("not gzip".utf8).write(to: URL(fileURLWithPath: demo.folder + "/inbox/transactions/2026-11-19_broken.csv.gz"))
        result = try demo.recon(["ingest", "JOB", "--quiet"], asRole: "recon_app")
        XCTAssertEqual(result.status, 1, result.stderr)
        result = try demo.recon(["rerun", "JOB", "--failed", "--quiet"], asRole: "recon_app")
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(try database.count("select attempts from batches where file_name = '2026-11-19_broken.csv.gz'"), 2)
        try FileManager.default.removeItem(atPath: demo.folder + "/inbox/transactions/2026-11-19_broken.csv.gz")

        // A late refund picked up by a worker, then the next night and its rerun.
        try demo.addTransactions(
            "2026-11-22_late.csv", key: "acme-hmac-2026", algorithm: .hmacSHA256,
            [[("txn_id", "LATE-1"), ("merchant_id", "acme"), ("type", "refund"), ("amount", "-1.00"), ("currency", "EUR"),
              ("created_at", "2026-11-21T10:00:00Z"), ("settlement_date", "2026-11-22"), ("settlement_ref", "PO-ACME-1122")]])
        result = try demo.recon(["worker", "JOB", "--quiet"], asRole: "recon_app")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try database.count("select count(*) from transactions where txn_id = 'LATE-1'"), 1)
        for _ in 0..<2 {
            result = try demo.recon(["run", "JOB", "--date", "2026-11-22", "--quiet"], asRole: "recon_app")
            XCTAssertEqual(result.status, 1, result.stderr)
        }
        XCTAssertEqual(try database.count("select count(*) from batches where status = 'settled'"), 5)
        XCTAssertEqual(try database.count("select count(*) from batch_chain"), 5)
        let check = try ReconCommand.run(["db", "check", "--database-url", database.url])
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
    }

    /// A right given back by hand is named by `recon db check`.
    func testTheCheckNamesARightGivenBack() throws {
        let database = try TestDatabase()  // broken on purpose: no check at teardown
        let owner = try database.connect()
        XCTAssertEqual(try ReconCommand.run(["db", "check", "--database-url", database.url]).status, 0)
        try owner.execute("grant update, delete on transactions_default, transaction_keys to recon_app")
        let found = try ReconCommand.run(["db", "check", "--database-url", database.url])
        XCTAssertEqual(found.status, 1, found.stdout + found.stderr)
        XCTAssertTrue(
            found.stdout.contains("runtime role may rewrite history: transactions_default: found recon_app holds DELETE, UPDATE"),
            found.stdout)
        XCTAssertTrue(found.stdout.contains("runtime role may rewrite history: transaction_keys: found recon_app holds DELETE, UPDATE"), found.stdout)
    }
}
