import Foundation
import Logging
import ReconCore
import ReconCrypto
import ReconEngine
import XCTest

/// The shipped demo night through PostgreSQL: ingest, statements,
/// reconciliation and every report file, then later nights (a late bank line,
/// a late transaction) and the settlement export.
final class ReconcileEndToEndTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "recon-e2e-\(UUID().uuidString)"
        let manager = FileManager.default
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for item in ["keyring.yaml", "keys", "inbox"] {
            try manager.copyItem(atPath: RepositoryPaths.root + "/fixtures/" + item, toPath: folder + "/" + item)
        }
        for name in try manager.contentsOfDirectory(atPath: folder + "/keys") {
            try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: folder + "/keys/" + name)
        }
        try """
            name: nightly
            source: acme-psp
            timezone: Europe/Berlin
            transactions: { path: inbox/transactions }
            bank_statements: { path: inbox/bank, format: auto }
            keyring: keyring.yaml
            reconcile: { window_days: 3 }
            reports: { path: reports }
            """.write(toFile: folder + "/job.yaml", atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func run(_ database: TestDatabase, date: String, asRole role: String? = nil) throws -> JobRunner.Outcome {
        let job = try JobFile.load(path: folder + "/job.yaml")
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return try JobRunner(
            job: job, keyring: try Keyring.load(path: job.keyringPath),
            database: role.map(database.database(asRole:)) ?? database.database, logger: logger, progress: nil
        ).run(runDate: CivilDate(iso: date)!, wait: false)
    }

    private func report(_ date: String, _ name: String) throws -> String {
        try String(contentsOfFile: "\(folder)/reports/nightly/\(date)/\(name)", encoding: .utf8)
    }

    /// kind,settlement_ref,merchant_id,currency,expected,bank,difference,…,first_seen of each row.
    private func mismatchRows(_ date: String) throws -> [String] {
        try report(date, "mismatches.csv").split(separator: "\n").dropFirst().map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return ([cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6], cells[12]]).joined(separator: ",")
        }
    }

    func testDemoNightProducesEveryMismatchKindAndCompleteReports() throws {
        let database = try TestDatabase(test: self)
        let outcome = try run(database, date: "2026-11-21")
        XCTAssertTrue(outcome.hasProblems)
        XCTAssertEqual(try mismatchRows("2026-11-21"), [
            "MISSING_IN_BANK,PO-INITECH-1117,initech,JPY,10000,,,2026-11-21",
            "UNEXPECTED_BANK_LINE,,,EUR,,77.77,,2026-11-21",
            "AMOUNT_MISMATCH,PO-STARK-1117,stark,EUR,949.99,940.00,-9.99,2026-11-21",
            "CURRENCY_MISMATCH,PO-GLOBEX-1117,globex,USD,99.00,99.00,,2026-11-21",
            "DATE_OUT_OF_WINDOW,PO-UMBRELLA-1117,umbrella,BHD,12.345,12.345,,2026-11-21",
            "DUPLICATE_BANK_LINE,PO-WAYNE-1117,wayne,USD,5000.00,5000.00,,2026-11-21",
            "AMBIGUOUS_MATCH,,,EUR,,15.00,,2026-11-21",
            "STATEMENT_GAP,,,,,,,2026-11-21",
        ])
        XCTAssertEqual(try report("2026-11-21", "rejected.csv"), """
            source_file,line,txn_id,reason,detail
            2026-11-17_acme.csv,10,A-1006,SIGNATURE_MISMATCH,signature does not verify with key 'acme-hmac-2026'
            2026-11-17_acme.csv,11,A-1007,KEY_REVOKED,key 'acme-hmac-2025' is revoked
            2026-11-17_acme.csv,12,A-1008,MISSING_FIELD,amount is empty
            2026-11-17_globex.jsonl,5,W-4002,KEY_NOT_FOR_MERCHANT,key 'wayne-ec384-1' may not sign for merchant 'globex'

            """)
        let summary = try JSONSerialization.jsonObject(with: Data(try report("2026-11-21", "summary.json").utf8)) as! [String: Any]
        let counts = summary["counts"] as! [String: Any]
        XCTAssertEqual((counts["records"] as! [String: Any])["read"] as? Int, 21)
        XCTAssertEqual((counts["records"] as! [String: Any])["settled"] as? Int, 17)
        XCTAssertEqual((counts["groups"] as! [String: Any])["matched"] as? Int, 4)
        XCTAssertEqual((counts["groups"] as! [String: Any])["pending"] as? Int, 2)
        let totals = summary["totals"] as! [String: [String: String]]
        XCTAssertEqual(totals["EUR"]?["matched_amount"], "1569.40")
        XCTAssertEqual(totals["JPY"]?["open_amount"], "10000")
        let manifest = summary["manifest"] as! [String: Any]
        XCTAssertEqual((manifest["transaction_files"] as? [Any])?.count, 4)
        XCTAssertEqual((manifest["bank_statement_files"] as? [Any])?.count, 3)
        let mismatchesJSON = try JSONSerialization.jsonObject(with: Data(try report("2026-11-21", "mismatches.json").utf8)) as! [[String: Any]]
        XCTAssertEqual(mismatchesJSON.count, 8)
        let ambiguous = mismatchesJSON.first { $0["kind"] as? String == "AMBIGUOUS_MATCH" }!
        XCTAssertEqual((ambiguous["candidates"] as? [Any])?.count, 2)
        let html = try report("2026-11-21", "report.html")
        XCTAssertTrue(html.contains("8 mismatches"), "headline names the mismatch count")
        XCTAssertFalse(html.contains("http://") || html.contains("https://"), "no network fetches")

        // The same date again: the same mismatches, nothing settled twice.
        let again = try run(database, date: "2026-11-21")
        XCTAssertEqual(again.ingest.totals.settled, 0)
        XCTAssertEqual(try mismatchRows("2026-11-21").count, 8)
        XCTAssertEqual(try database.count("select count(*) from transactions"), 17)
        XCTAssertEqual(try database.count("select count(*) from bank_lines"), 11)
    }

    /// The scheduled runs log in as recon_app (no DDL): a whole night, and
    /// the same night again (which releases its matches), needs nothing more
    /// — temporary tables, the second session reading the lines, deletes.
    func testTheAppRoleRunsAWholeNightTwice() throws {
        let database = try TestDatabase(test: self)
        XCTAssertTrue(try run(database, date: "2026-11-21", asRole: "recon_app").hasProblems)
        let first = try mismatchRows("2026-11-21")
        XCTAssertEqual(first.count, 8)
        let matches = try database.count("select count(*) from recon_matches")
        XCTAssertGreaterThan(matches, 0)
        XCTAssertEqual(try run(database, date: "2026-11-21", asRole: "recon_app").ingest.totals.settled, 0)
        XCTAssertEqual(try mismatchRows("2026-11-21"), first)
        XCTAssertEqual(try database.count("select count(*) from recon_matches"), matches)
    }

    func testLateBankLineClosesAMissingGroupAndLateTransactionReopensAMatchedOne() throws {
        let database = try TestDatabase(test: self)
        _ = try run(database, date: "2026-11-21")
        // Night two: the JPY payout arrives late, and a late refund changes ACME's payout.
        try """
            account,booking_date,value_date,amount,currency,reference,description,bank_txn_id
            JP-ACCT-1,2026-11-20,2026-11-20,10000,JPY,PO-INITECH-1117,INITECH PAYOUT,JP-77

            """.write(toFile: folder + "/inbox/bank/2026-11-22_jpy.csv", atomically: true, encoding: .utf8)
        let signers = try Keyring.load(path: folder + "/keyring.yaml")
        XCTAssertNotNil(signers.keys["acme-hmac-2026"])
        let secretText = try String(contentsOfFile: folder + "/keys/acme-hmac-2026.hmac", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let key = try SigningKey(hmacSecret: Base64.decodeStrict(secretText)!, algorithm: .hmacSHA256)
        let late = try FixtureRecord([
            ("txn_id", "A-1999"), ("merchant_id", "acme"), ("type", "refund"), ("amount", "-7.40"), ("currency", "EUR"),
            ("created_at", "2026-11-21T09:00:00Z"), ("settlement_date", "2026-11-17"), ("settlement_ref", "PO-ACME-1117"),
            ("key_id", "acme-hmac-2026"),
        ]).signed(with: key)
        try FixtureFileWriter.write([late], format: .csv, to: folder + "/inbox/transactions/2026-11-22_acme.csv")

        _ = try run(database, date: "2026-11-22")
        let rows = try mismatchRows("2026-11-22")
        XCTAssertFalse(rows.contains { $0.hasPrefix("MISSING_IN_BANK,PO-INITECH-1117") }, "the late line closed the group")
        XCTAssertTrue(rows.contains("AMOUNT_MISMATCH,PO-ACME-1117,acme,EUR,320.00,327.40,7.40,2026-11-22"), "\(rows)")
        XCTAssertTrue(rows.contains("AMOUNT_MISMATCH,PO-STARK-1117,stark,EUR,949.99,940.00,-9.99,2026-11-21"), "first_seen carried: \(rows)")
        let summary = try report("2026-11-22", "summary.json")
        XCTAssertTrue(summary.contains("PO-INITECH-1117"), "resolved since the previous run lists the closed group")

        let export = try SettlementExporter(database: database.database).rows(
            from: CivilDate(iso: "2026-11-17")!, to: CivilDate(iso: "2026-11-18")!, merchant: nil, source: "acme-psp")
        let statuses = Dictionary(uniqueKeysWithValues: export.map { ($0.group.key.settlementRef, $0.status.rawValue) })
        XCTAssertEqual(statuses["PO-INITECH-1117"], "matched")
        XCTAssertEqual(statuses["PO-ACME-1117-S"], "matched")
        XCTAssertEqual(statuses["PO-ACME-1117"], "mismatched")
        XCTAssertEqual(statuses["PO-ACME-1118-A"], "mismatched", "missing in bank once its window passed")
        let acme = export.first { $0.group.key.settlementRef == "PO-ACME-1117" }!
        XCTAssertEqual(acme.group.net, 32000)
        XCTAssertEqual(acme.group.payments + acme.group.refunds + acme.group.fees, acme.group.net)
    }

    /// The binary as cron runs it: exit 1 (mismatches to look at), reports,
    /// and a metrics file in the Prometheus text exposition format.
    func testRunCommandWritesAMetricsFileInPrometheusTextFormat() throws {
        let database = try TestDatabase(test: self)
        let metrics = folder + "/recon.prom"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RepositoryPaths.reconExecutable)
        process.arguments = [
            "run", folder + "/job.yaml", "--date", "2026-11-21", "--database-url", database.url, "--quiet",
            "--log-format", "json", "--metrics-file", metrics,
        ]
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let logs = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 1, logs)
        for line in logs.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            XCTAssertNotNil(object?["time"], "every log line is one JSON object with a time: \(line)")
            XCTAssertNotNil(object?["message"])
        }
        let text = try String(contentsOfFile: metrics, encoding: .utf8)
        let sample = try Regex(#"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? -?[0-9]+(\.[0-9]+)?$"#)
        let comment = try Regex(#"^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$"#)
        var samples = 0
        for line in text.split(separator: "\n") {
            if line.wholeMatch(of: comment) != nil { continue }
            XCTAssertNotNil(line.wholeMatch(of: sample), "not Prometheus text format: \(line)")
            samples += 1
        }
        XCTAssertGreaterThan(samples, 20)
        XCTAssertTrue(text.contains("recon_records{job=\"nightly\",outcome=\"settled\"} 17"), text)
        XCTAssertTrue(text.contains("recon_mismatches{job=\"nightly\",kind=\"AMBIGUOUS_MATCH\"} 1"), text)
        XCTAssertFalse(text.contains("recon_last_success_timestamp_seconds"), "a run with mismatches is not a success")
    }

    /// One truth for status (SPEC §6): the export and the night's summary
    /// agree on every group, PO-WAYNE-1117 (a clean payout with a duplicate
    /// line beside it) included.
    func testExportAndSummaryAgreeOnEveryGroupsStatus() throws {
        let database = try TestDatabase(test: self)
        _ = try run(database, date: "2026-11-21")
        let summary = try JSONSerialization.jsonObject(with: Data(try report("2026-11-21", "summary.json").utf8)) as! [String: Any]
        let counts = try XCTUnwrap((summary["counts"] as? [String: Any])?["groups"] as? [String: Int])
        let exported = try SettlementExporter(database: database.database).rows(
            from: CivilDate(iso: "2026-01-01")!, to: CivilDate(iso: "2026-12-31")!, merchant: nil, source: "acme-psp")
        var byStatus: [String: Int] = [:]
        for row in exported { byStatus[row.status.rawValue, default: 0] += 1 }
        XCTAssertEqual(byStatus, counts)
        XCTAssertEqual(exported.first { $0.group.key.settlementRef == "PO-WAYNE-1117" }?.status, .matched)
        let amount = try XCTUnwrap(exported.first { $0.group.key.settlementRef == "PO-STARK-1117" })
        XCTAssertEqual(amount.status, .mismatched)
        XCTAssertNotNil(amount.bankTxnID, "the line that claimed an amount mismatch is named")
    }

    /// `recon db check` names what was changed behind recon's back: a
    /// group's sum, an open line removed, a transaction inserted directly.
    func testDriftCheckNamesEveryTamperedGroupAndLine() throws {
        let database = try TestDatabase()  // broken on purpose: no check at teardown
        _ = try run(database, date: "2026-11-21")
        let clean = try ReconCommand.run(["db", "check", "--database-url", database.url])
        XCTAssertEqual(clean.status, 0, clean.stdout + clean.stderr)

        let owner = try database.connect()
        try owner.execute("update settlement_groups set net = net + 1, payments = payments + 1 where settlement_ref = 'PO-ACME-1117'")
        let openLine = try XCTUnwrap(try database.scalar("select min(bank_line_id)::text from open_bank_lines"))
        try owner.execute("delete from open_bank_lines where bank_line_id = $1::bigint", [.text(openLine)])
        try owner.execute(
            """
            insert into transactions select source, 'FORGED', merchant_id, type, amount, currency, created_at,
                settlement_date, settlement_ref, key_id, extra, content_sha256, batch_id, line + 1000
            from transactions where settlement_ref = 'PO-HOOLI-1117' limit 1
            """)
        let found = try ReconCommand.run(["db", "check", "--database-url", database.url])
        XCTAssertEqual(found.status, 1, found.stdout + found.stderr)
        XCTAssertTrue(found.stdout.contains("group sums differ: acme-psp/acme/PO-ACME-1117/EUR"), found.stdout)
        XCTAssertTrue(found.stdout.contains("group sums differ: acme-psp/hooli/PO-HOOLI-1117/EUR"), found.stdout)
        XCTAssertTrue(found.stdout.contains("open line missing: bank line \(openLine)"), found.stdout)
        // The forged row is also outside its batch's chain link (TamperEvidenceTests).
        XCTAssertTrue(found.stdout.contains("row added: batch "), found.stdout)
        XCTAssertTrue(found.stdout.contains("batch rows differ: batch "), found.stdout)
        // What the forged row would add to its group's file row (sql/016).
        XCTAssertTrue(found.stdout.contains("group file row differs: acme-psp/hooli/PO-HOOLI-1117/EUR batch "), found.stdout)
        XCTAssertTrue(found.stdout.contains("6 difference(s)"), found.stdout)
    }
}
