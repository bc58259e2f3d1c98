import Foundation
import Logging
import ReconCore
import ReconEngine
import XCTest

/// A job whose bank inbox is BAI2 (`bank_statements.format: bai2`), through
/// PostgreSQL: bank lines stored, a statement failing its balance check
/// refused while the file's other statement is kept, both settlement groups
/// matched (one by customer reference, one by a token of the 16 text).
final class BAI2EndToEndTests: XCTestCase {
    /// Group as-of 2026-11-20, USD. Account 1234567890: ledger 1000.00 →
    /// 1035.00 with two credits (49: 100000 + 103500 + 1000 + 2500 = 207000
    /// over 5 records, the 88 included). Account 999: ledger 5.00 → 5.00
    /// around a 0.01 credit (the Citi example's shape; 49: 1001 over 3).
    /// 98: 208001, 2 accounts, 10 records; 99: 12 records.
    static let statement = """
        01,BANKUS33,RECON,261121,0600,1,80,1,2/
        02,RECON,BANKUS33,1,261120,2400,USD,2/
        03,1234567890,,010,100000,,,015,103500,,/
        16,195,1000,,BR-1,PO-B1,ACH CREDIT ACME PAYMENTS/
        16,195,2500,V,261120,,BR-2,,INCOMING WIRE/
        88,PAYOUT PO-B2 ACME
        49,207000,5/
        03,999,,010,500,,,015,500,,/
        16,195,1,,BR-9,,X/
        49,1001,3/
        98,208001,2,10/
        99,208001,1,12/

        """

    func testBAI2InboxIsImportedCheckedAndReconciled() throws {
        let database = try TestDatabase(test: self)
        let scenario = try Scenario(keys: [.init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"])])
        try scenario.writeInbox("t.csv", [
            try scenario.record("T-1", amount: "10.00", currency: "USD", reference: "PO-B1", settlementDate: "2026-11-20"),
            try scenario.record("T-2", amount: "25.00", currency: "USD", reference: "PO-B2", settlementDate: "2026-11-20"),
        ], format: .csv)
        try scenario.write(
            """
            name: test-job
            source: test-psp
            timezone: UTC
            transactions: { path: inbox }
            bank_statements: { path: bank, format: bai2 }
            keyring: keyring.yaml
            reports: { path: reports }
            """, to: "job.yaml")
        try FileManager.default.createDirectory(atPath: scenario.folder + "/bank", withIntermediateDirectories: true)
        try scenario.write(Self.statement, to: "bank/btrs-20261120.txt")

        let (job, keyring) = try scenario.loadJob()
        XCTAssertEqual(job.bankStatements?.format, "bai2")
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let runner = JobRunner(job: job, keyring: keyring, database: database.database, logger: logger, progress: nil)
        let outcome = try runner.run(runDate: CivilDate(iso: "2026-11-21")!, wait: false)

        let file = try XCTUnwrap(outcome.statements.files.first)
        XCTAssertEqual(file.statements, 1, "the balanced statement is stored")
        XCTAssertEqual(file.linesNew, 2)
        XCTAssertEqual(file.errors.count, 1)
        XCTAssertTrue(
            file.errors[0].contains("btrs-20261120.txt: line 8: statement of account 999: opening 5.00 + lines 0.01 = 5.01, but closing balance is 5.00"),
            file.errors[0])
        XCTAssertTrue(outcome.hasProblems, "a refused statement makes the run exit 1")
        XCTAssertEqual(outcome.mismatchCount, 0)

        let lines = try database.connect().execute(
            "select reference, bank_txn_id, amount, booking_date::text, value_date::text, description from bank_lines order by source_line")
        XCTAssertEqual(lines.rowCount, 2)
        XCTAssertEqual(lines.string(row: 0, column: 0), "PO-B1")
        XCTAssertEqual(lines.string(row: 0, column: 1), "BR-1")
        XCTAssertEqual(lines.int64(row: 0, column: 2), 1_000)
        XCTAssertEqual(lines.string(row: 0, column: 3), "2026-11-20")
        XCTAssertNil(lines.string(row: 0, column: 4))
        XCTAssertNil(lines.string(row: 1, column: 0))
        XCTAssertEqual(lines.string(row: 1, column: 4), "2026-11-20")
        XCTAssertEqual(lines.string(row: 1, column: 5), "INCOMING WIRE PAYOUT PO-B2 ACME")
        XCTAssertEqual(try database.count("select count(*) from bank_statements where account = '999'"), 0)
        XCTAssertEqual(
            try database.count("select count(*) from recon_matches where settlement_ref in ('PO-B1', 'PO-B2')"), 2,
            "PO-B1 by reference, PO-B2 by a token of the text")

        // The same file again: already imported, nothing stored twice.
        let again = try runner.run(runDate: CivilDate(iso: "2026-11-21")!, wait: false)
        XCTAssertEqual(again.statements.files.first?.alreadyImported, true)
        XCTAssertEqual(try database.count("select count(*) from bank_lines"), 2)
    }

    /// `recon statement show --format bai2` as an operator runs it.
    func testStatementShowPrintsBAI2AndExits65OnTheMismatch() throws {
        let folder = NSTemporaryDirectory() + "recon-bai2-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.statement.write(toFile: folder + "/btrs.txt", atomically: true, encoding: .utf8)
        let result = try ReconCommand.run(["statement", "show", "--format", "bai2", folder + "/btrs.txt"])
        let printed = result.stdout
        XCTAssertEqual(result.status, 65, printed)
        let lines = printed.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 6, printed)
        XCTAssertEqual(
            lines[0],
            #"{"statement":{"account":"1234567890","currency":"USD","sequence":null,"opening_balance":"1000.00","closing_balance":"1035.00"}}"#)
        XCTAssertEqual(
            lines[1],
            #"{"line":{"account":"1234567890","booking_date":"2026-11-20","value_date":null,"amount":"10.00","currency":"USD","reference":"PO-B1","description":"ACH CREDIT ACME PAYMENTS","bank_txn_id":"BR-1"}}"#)
        XCTAssertTrue(lines[5].hasPrefix(#"{"error":"BALANCE_MISMATCH","account":"999""#), lines[5])
    }
}
