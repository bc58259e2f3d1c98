import Foundation
import ReconCore
import ReconEngine
import ReconStore
import XCTest

/// `recon match` / `recon unmatch` on the demo night (SPEC §5.8, §9, issue 12
/// point 3): BK1008 (15.00 EUR, no reference) fits two pending groups, so the
/// night reports it AMBIGUOUS_MATCH; a person knows it pays PO-ACME-1118-A.
final class ManualMatchTests: XCTestCase {
    static let matchACME = [
        "match", "JOB", "--group", "PO-ACME-1118-A", "--line", "BK1008", "--note", "remittance names 1118-A", "--by", "ana",
    ]

    private func groupState(_ database: TestDatabase, _ ref: String) throws -> String? {
        try database.scalar(
            """
            select status || ' ' || coalesce(match_rule, '-') || ' ' || closed || ' '
                   || coalesce(array_to_string(bank_line_ids, ','), '-')
            from settlement_groups where settlement_ref = $1
            """, [.text(ref)])
    }

    private func lineID(_ database: TestDatabase, _ bankTxnID: String) throws -> String {
        try XCTUnwrap(try database.scalar("select id::text from bank_lines where bank_txn_id = $1", [.text(bankTxnID)]))
    }

    private func exceptionState(_ database: TestDatabase, _ id: String) throws -> String? {
        try database.scalar(
            "select state || ' ' || coalesce(resolution, '-') from recon_exceptions where exception_id = $1", [.text(id)])
    }

    func testAManualMatchSurvivesARerunAndIsReportedWhenALateTransactionMovesItsNet() throws {
        let database = try TestDatabase(test: self)
        let demo = try DemoJob(database: database)
        try demo.run("2026-11-21")
        let ambiguous = try demo.exceptionID("2026-11-21", kind: "AMBIGUOUS_MATCH", "15.00")
        let line = try lineID(database, "BK1008")

        var result = try demo.recon(Self.matchACME)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(
            result.stdout,
            "group PO-ACME-1118-A (merchant acme, EUR), net 15.00: bank lines BK1008 (DE89370400440532013000) (by ana)\n"
                + "  \(ambiguous) AMBIGUOUS_MATCH: open → resolved (manual_match)\n")
        XCTAssertEqual(try groupState(database, "PO-ACME-1118-A"), "matched manual true \(line)")
        XCTAssertEqual(try exceptionState(database, ambiguous), "resolved manual_match")
        XCTAssertEqual(try database.count("select count(*) from open_bank_lines where bank_line_id = \(line)"), 0)

        // A rerun of the night decides every automatic match again; the manual one stays.
        try demo.run("2026-11-21")
        XCTAssertEqual(try groupState(database, "PO-ACME-1118-A"), "matched manual true \(line)")
        XCTAssertEqual(try database.scalar("select rule from recon_matches where bank_line_id = \(line)"), "manual")
        let rerun = try demo.mismatchCells("2026-11-21")
        XCTAssertFalse(rerun.contains { $0[0] == "AMBIGUOUS_MATCH" }, "the line is the person's now: \(rerun)")
        XCTAssertFalse(rerun.contains { $0[1] == "PO-ACME-1118-A" }, "\(rerun)")
        XCTAssertEqual(try exceptionState(database, ambiguous), "resolved manual_match")
        let groups = try XCTUnwrap((demo.summary("2026-11-21")["counts"] as? [String: Any])?["groups"] as? [String: Int])
        XCTAssertEqual(groups["matched"], 5, "the manual match counts as matched: \(groups)")

        // Night 2: a late payment of 2.00 for the matched group. Its lines stay
        // where the person put them; it no longer balances and is reported.
        try demo.addTransactions(
            "2026-11-22_acme.csv", key: "acme-hmac-2026", algorithm: .hmacSHA256,
            [[
                ("txn_id", "A-2999"), ("merchant_id", "acme"), ("type", "payment"), ("amount", "2.00"), ("currency", "EUR"),
                ("created_at", "2026-11-21T09:00:00Z"), ("settlement_date", "2026-11-18"), ("settlement_ref", "PO-ACME-1118-A"),
            ]])
        try demo.run("2026-11-22")
        XCTAssertEqual(try groupState(database, "PO-ACME-1118-A"), "mismatched manual true \(line)")
        let night2 = try demo.mismatchCells("2026-11-22")
        let reopened = try XCTUnwrap(night2.first { $0[1] == "PO-ACME-1118-A" }, "\(night2)")
        XCTAssertEqual(Array(reopened[0...6]), ["AMOUNT_MISMATCH", "PO-ACME-1118-A", "acme", "EUR", "17.00", "15.00", "-2.00"])
        XCTAssertEqual(reopened[10], "BK1008")
        XCTAssertTrue(reopened[13].hasPrefix("matched by hand on "), reopened[13])
        XCTAssertEqual(reopened.last, "open")
        XCTAssertFalse(night2.contains { $0[0] == "AMBIGUOUS_MATCH" }, "nobody else claims the line: \(night2)")
        let export = try demo.recon(["export", "settlements", "--from", "2026-11-18", "--to", "2026-11-18", "--format", "csv"])
        XCTAssertTrue(export.stdout.contains("PO-ACME-1118-A,EUR,17.00,0.00,0.00,0.00,0.00,17.00,2,mismatched,2026-11-18,BK1008"), export.stdout)
        let shown = try demo.recon(["show", "JOB", "PO-ACME-1118-A", "--format", "json"])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertTrue(shown.stdout.contains(#""status": "mismatched""#), shown.stdout)

        // Unmatched: the lines are open again, the exception the match resolved is open again.
        result = try demo.recon(["unmatch", "JOB", "--group", "PO-ACME-1118-A", "--note", "wrong group after all", "--by", "bo"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("\(ambiguous) AMBIGUOUS_MATCH: resolved → open"), result.stdout)
        XCTAssertEqual(try groupState(database, "PO-ACME-1118-A"), "pending - false -")
        XCTAssertEqual(try exceptionState(database, ambiguous), "open -")
        XCTAssertEqual(try database.count("select count(*) from open_bank_lines where bank_line_id = \(line)"), 1)
        let log = try database.connect().execute(
            "select by_name || ':' || action || ':' || coalesce(exception_id, '-') from recon_audit_log where by_name <> 'recon' order by id")
        XCTAssertEqual(
            (0..<log.rowCount).map { log.string(row: $0, column: 0)! },
            ["ana:match:-", "ana:resolve:\(ambiguous)", "bo:unmatch:-", "bo:reopen:\(ambiguous)"])

        // The next night treats them as open: the rules may claim the line again.
        try demo.run("2026-11-23")
        XCTAssertNotEqual(try groupState(database, "PO-ACME-1118-A")?.contains("manual"), true)
        let night3 = try demo.mismatchCells("2026-11-23")
        XCTAssertFalse(night3.contains { $0[13].hasPrefix("matched by hand") }, "\(night3)")
    }

    /// A payout booked outside the window holds its line beside a
    /// DATE_OUT_OF_WINDOW mismatch; a person who knows why matches the two:
    /// the rule's claim becomes the person's, the exception is resolved and
    /// a rerun does not report it again.
    func testAGroupHoldingItsLineBesideAMismatchCanBeMatchedWithIt() throws {
        let database = try TestDatabase(test: self)
        let demo = try DemoJob(database: database)
        try demo.run("2026-11-21")
        let late = try demo.exceptionID("2026-11-21", kind: "DATE_OUT_OF_WINDOW", "PO-UMBRELLA-1117")
        let line = try lineID(database, "BH-501")
        let result = try demo.recon([
            "match", "JOB", "--group", "PO-UMBRELLA-1117", "--line", "BH-501", "--note", "booked early, agreed", "--by", "ana",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try groupState(database, "PO-UMBRELLA-1117"), "matched manual true \(line)")
        XCTAssertEqual(try exceptionState(database, late), "resolved manual_match")
        XCTAssertEqual(try database.count("select count(*) from recon_matches where bank_line_id = \(line) and rule = 'manual'"), 1)
        try demo.run("2026-11-21")
        XCTAssertFalse(try demo.mismatchCells("2026-11-21").contains { $0[1] == "PO-UMBRELLA-1117" })
    }

    /// `recon db check` knows a manual match is one decision on both sides:
    /// a match row or group changed behind recon's back is named.
    func testDriftCheckNamesABrokenManualMatch() throws {
        let database = try TestDatabase()  // broken on purpose: no check at teardown
        let demo = try DemoJob(database: database)
        try demo.run("2026-11-21")
        XCTAssertEqual(try demo.recon(Self.matchACME).status, 0)
        XCTAssertEqual(try demo.recon(["db", "check"]).status, 0)
        let line = try lineID(database, "BK1008")
        try database.connect().execute("update recon_matches set rule = 'amount_date' where bank_line_id = \(line)")
        try database.connect().execute("update settlement_groups set closed = false where settlement_ref = 'PO-ACME-1118-A'")
        let found = try demo.recon(["db", "check"])
        XCTAssertEqual(found.status, 1, found.stdout + found.stderr)
        XCTAssertTrue(found.stdout.contains("match rule differs: bank line \(line)"), found.stdout)
        XCTAssertTrue(found.stdout.contains("manual group not closed: acme-psp/acme/PO-ACME-1118-A/EUR"), found.stdout)
    }

    /// Every refusal exits 64, names the item in the way, and leaves every
    /// row of the maintained state and the audit log as it was.
    func testRefusalsExit64NameTheConflictAndChangeNothing() throws {
        let database = try TestDatabase(test: self)
        let demo = try DemoJob(database: database)
        try demo.run("2026-11-21")
        XCTAssertEqual(try demo.recon(Self.matchACME).status, 0)
        let before = try snapshot(database)

        let refusals: [([String], String)] = [
            (["match", "JOB", "--group", "PO-STARK-1118", "--line", "BK1008", "--note", "x", "--by", "bo"],
             "bank line BK1008 (DE89370400440532013000) is already claimed by group PO-ACME-1118-A (merchant acme, EUR) (rule manual, matched by ana at "),
            (["match", "JOB", "--group", "PO-ACME-1118-A", "--line", "BK1003", "--note", "x"],
             "group PO-ACME-1118-A (merchant acme, EUR) is already matched (rule manual on "),
            (["match", "JOB", "--group", "PO-HOOLI-1117", "--line", "BK1003", "--note", "x"],
             "group PO-HOOLI-1117 (merchant hooli, EUR) is already matched (rule amount_date on 2026-11-21, by recon)"),
            (["match", "JOB", "--group", "PO-STARK-1118", "--line", "BK1001", "--note", "x"],
             "bank line BK1001 (DE89370400440532013000) is already claimed by group PO-ACME-1117 (merchant acme, EUR) (rule reference)"),
            (["match", "JOB", "--group", "PO-STARK-1118", "--line", "BK1003", "--note", "x"],
             "the lines sum to 77.77 EUR, group PO-STARK-1118 (merchant stark, EUR) expects 15.00 (difference 62.77)"),
            (["match", "JOB", "--group", "PO-STARK-1118", "--line", "USB-9002", "--note", "x"], "already claimed by group PO-WAYNE-1117"),
            (["match", "JOB", "--group", "PO-NOPE", "--line", "BK1003", "--note", "x"], "no settlement group PO-NOPE in source acme-psp"),
            (["match", "JOB", "--group", "PO-STARK-1118", "--line", "BK-NOPE", "--note", "x"], "no bank line BK-NOPE in job nightly"),
            (["unmatch", "JOB", "--group", "PO-HOOLI-1117", "--note", "x"], "is matched by rule amount_date on 2026-11-21, not by hand"),
            (["unmatch", "JOB", "--group", "PO-STARK-1118", "--note", "x"], "group PO-STARK-1118 (merchant stark, EUR) is not matched"),
            (["unmatch", "JOB", "--group", "PO-NOPE", "--note", "x"], "no settlement group PO-NOPE"),
            (["show", "JOB", "PO-NOPE"], "no settlement group and no bank line 'PO-NOPE' in job 'nightly'"),
        ]
        for (arguments, expected) in refusals {
            let result = try demo.recon(arguments)
            XCTAssertEqual(result.status, 64, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stdout, "", "\(arguments)")
        }
        for arguments in [
            ["match", "JOB", "--group", "PO-STARK-1118", "--note", "no line given"],
            ["match", "JOB", "--group", "PO-STARK-1118", "--line", "BK1003"],
            ["match", "JOB", "--group", "PO-STARK-1118", "--line", "BK1003", "--note", " "],
            ["match", "JOB", "--group", "PO-STARK-1118", "--line", "BK1003", "--note", "x", "--currency", "EURO"],
        ] {
            XCTAssertEqual(try demo.recon(arguments).status, 64, "\(arguments)")
        }
        XCTAssertEqual(try snapshot(database), before, "a refusal changes nothing")
    }

    /// `recon show` of a group and of a bank line, in its three formats:
    /// the transactions with their file and lines, the claimed line with its
    /// rule, the exceptions and the audit entries in the order written.
    func testShowTellsAGroupsAndALinesStory() throws {
        let database = try TestDatabase(test: self)
        let demo = try DemoJob(database: database)
        try demo.run("2026-11-21")
        XCTAssertEqual(try demo.recon(Self.matchACME).status, 0)
        let ambiguous = try XCTUnwrap(try database.scalar("select exception_id from recon_exceptions where kind = 'AMBIGUOUS_MATCH'"))

        let json = try demo.recon(["show", "JOB", "PO-ACME-1118-A", "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let item = try XCTUnwrap((object["items"] as? [[String: Any]])?.first)
        XCTAssertEqual((item["summary"] as? [String: Any])?["match_rule"] as? String, "manual")
        XCTAssertEqual((item["summary"] as? [String: Any])?["net"] as? String, "15.00")
        let transactions = try XCTUnwrap(item["transactions"] as? [[String: Any]])
        XCTAssertEqual(transactions.map { "\($0["file"]!) \($0["type"]!) \($0["count"]!) \($0["amount"]!)" }, ["2026-11-18_acme.csv payment 1 15.00"])
        let lines = try XCTUnwrap(item["bank_lines"] as? [[String: Any]])
        XCTAssertEqual(lines.map { "\($0["bank_txn_id"]!) \($0["rule"]!) \($0["file"]!)" }, ["BK1008 manual 2026-11-18_eur.sta"])
        XCTAssertEqual((item["exceptions"] as? [[String: Any]])?.map { $0["exception_id"] as? String }, [ambiguous])
        let history = try XCTUnwrap(item["history"] as? [[String: Any]])
        XCTAssertEqual(history.map { "\($0["by"]!):\($0["action"]!)" }, ["ana:match", "ana:resolve"])

        let csv = try demo.recon(["show", "JOB", "BK1008", "--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        XCTAssertTrue(csv.stdout.hasPrefix("item,section,row,field,value\n"), csv.stdout)
        XCTAssertTrue(csv.stdout.contains(",summary,1,status,matched\n"), csv.stdout)
        XCTAssertTrue(csv.stdout.contains(",summary,1,settlement_ref,PO-ACME-1118-A\n"), csv.stdout)
        let table = try demo.recon(["show", "JOB", "PO-STARK-1118", "--format", "table"])
        XCTAssertTrue(table.stdout.contains("Nearest open bank lines (by amount)"), table.stdout)
        XCTAssertTrue(table.stdout.contains("BK1003"), "the only open EUR line is the nearest: \(table.stdout)")
        let line = try demo.recon(["show", "JOB", "BK1003", "--format", "table"])
        XCTAssertTrue(line.stdout.contains("Nearest open settlement groups (by net)"), line.stdout)
        XCTAssertTrue(line.stdout.contains("PO-STARK-1118"), "an open EUR group is a candidate: \(line.stdout)")
        XCTAssertFalse(line.stdout.contains("PO-ACME-1118-A"), "a matched group is not: \(line.stdout)")
    }

    /// Everything a match or refusal could touch, as text.
    private func snapshot(_ database: TestDatabase) throws -> [String] {
        try [
            "select string_agg(g::text, '|' order by id) from settlement_groups g",
            "select string_agg(m::text, '|' order by bank_line_id) from recon_matches m",
            "select string_agg(bank_line_id::text, ',' order by bank_line_id) from open_bank_lines",
            "select string_agg(e::text, '|' order by identity) from recon_exceptions e",
            "select count(*)::text from recon_audit_log",
        ].map { try database.scalar($0) ?? "" }
    }

    /// Two people match the same line at once. Both start while a third
    /// session holds the job's lock, so both wait at it; then it goes. One
    /// wins; the other exits 64 told who matched it; one match in the log.
    func testTwoPeopleMatchingOneLineAtOnceOneWinsTheOtherIsToldWho() throws {
        let database = try TestDatabase(test: self)
        let demo = try DemoJob(database: database)
        try demo.run("2026-11-21")
        let holder = try database.connect()
        try holder.execute("select pg_advisory_lock($1::int4, hashtext($2))", [.int32(0x7263_6E6A), .text("nightly")])

        let people = [("ana", "PO-ACME-1118-A"), ("bo", "PO-STARK-1118")]
        let processes = try people.map { person, group in
            try StartedCommand([
                "match", demo.jobPath, "--group", group, "--line", "BK1008", "--note", "by \(person)", "--by", person,
                "--database-url", database.url,
            ])
        }
        try database.waitUntil(sessionsWaitingFor: "pg_advisory_lock", count: 2)
        try holder.execute("select pg_advisory_unlock($1::int4, hashtext($2))", [.int32(0x7263_6E6A), .text("nightly")])
        let results = processes.map { $0.wait() }

        XCTAssertEqual(results.map(\.status).sorted(), [0, 64], results.map(\.stderr).joined())
        let winner = people[results.firstIndex { $0.status == 0 }!]
        let loser = results.first { $0.status == 64 }!
        XCTAssertTrue(loser.stderr.contains("matched by \(winner.0) at "), loser.stderr)
        XCTAssertTrue(loser.stderr.contains("nothing changed"), loser.stderr)
        XCTAssertEqual(try database.count("select count(*) from recon_audit_log where action = 'match'"), 1)
        XCTAssertEqual(try groupState(database, winner.1)?.hasPrefix("matched manual true"), true)
    }
}

extension TestDatabase {
    /// Waits (polled, never timed: the deadline only stops a hang) until
    /// `count` sessions wait on a lock in a statement containing `fragment`.
    func waitUntil(sessionsWaitingFor fragment: String, count: Int) throws {
        let deadline = Date().addingTimeInterval(60)
        while try self.count(
            """
            select count(*) from pg_stat_activity
            where wait_event_type = 'Lock' and position($1 in query) > 0 and datname = current_database()
            """, [.text(fragment)]) < count
        {
            guard Date() < deadline else { return XCTFail("never \(count) sessions waiting in \(fragment)") }
            usleep(20_000)
        }
    }
}
