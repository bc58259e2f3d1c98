import Foundation
import Logging
import ReconCore
import ReconCrypto
import ReconEngine
import XCTest

/// SPEC §5.6–5.7 and the truthful details of §6 through PostgreSQL, files in
/// and reports out: one bank line paying several groups beside a split
/// payout and an ambiguous line, tolerance at and one cent over its bound, a
/// currency mismatch, a duplicate. Every arrival order of the night's four
/// files gives the same report and export; a late transaction releases a
/// shared line together with all its groups; `recon db check` stays clean.
final class ManyToOneEndToEndTests: XCTestCase {
    static let transactionsA: [(String, String, String, String, String)] = [
        // txn, merchant, amount, currency, settlement_ref
        ("T-1", "acme", "60.00", "EUR", "PO-1"), ("T-2", "beta", "40.00", "EUR", "PO-2"),
        ("T-3", "acme", "30.00", "EUR", "PO-3"), ("T-4", "acme", "20.00", "EUR", "PO-4"),
        ("T-5", "acme", "100.00", "EUR", "PO-5"),
    ]
    static let transactionsB: [(String, String, String, String, String)] = [
        ("T-6", "acme", "50.00", "EUR", "PO-6"), ("T-7", "acme", "25.00", "EUR", "PO-7"),
        ("T-8", "acme", "10.00", "EUR", "PO-8"), ("T-9", "acme", "10.00", "EUR", "PO-9"),
        ("T-10", "acme", "20.00", "EUR", "PO-10"), ("T-11", "acme", "5.00", "EUR", "PO-11"),
    ]
    static let header = "account,booking_date,value_date,amount,currency,reference,description,bank_txn_id\n"
    static let bankA =
        header + """
        DE01,2026-11-20,,100.00,EUR,PO-1;PO-2,two payouts,B-1
        DE01,2026-11-20,,45.00,EUR,,Payouts PO-3 and PO-4,B-2
        DE01,2026-11-20,,70.00,EUR,PO-5,part,B-3
        DE01,2026-11-21,,30.00,EUR,,rest of PO-5,B-4
        DE01,2026-11-20,,75.00,EUR,,PO-6 and PO-7,B-5

        """
    static let bankB =
        header + """
        DE01,2026-11-21,,50.00,EUR,PO-6,,B-6
        DE01,2026-11-20,,10.05,EUR,PO-8,,B-7
        DE01,2026-11-20,,10.06,EUR,PO-9,,B-8
        DE01,2026-11-20,,20.00,USD,PO-10,,B-9
        DE01,2026-11-20,,5.00,EUR,PO-11,,B-10
        DE01,2026-11-21,,5.00,EUR,PO-11,again,B-11

        """

    private func makeScenario(_ number: Int, order: [Int]) throws -> Scenario {
        let scenario = try Scenario(
            keys: [.init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme", "beta"])], source: "psp-\(number)",
            jobName: "job-\(number)")
        try FileManager.default.createDirectory(atPath: scenario.folder + "/bank", withIntermediateDirectories: true)
        try scenario.write(
            """
            name: job-\(number)
            source: psp-\(number)
            timezone: UTC
            transactions: { path: inbox }
            bank_statements: { path: bank, format: csv }
            keyring: keyring.yaml
            reconcile: { window_days: 3, amount_tolerance: { EUR: "0.05" } }
            reports: { path: reports }
            """, to: "job.yaml")
        // The position of each file in `order` becomes its name's prefix:
        // files are read in name order.
        let files: [(String, () throws -> Void)] = [
            ("tx-a.csv", { try scenario.writeInbox("\(order[0])-tx-a.csv", self.records(scenario, Self.transactionsA), format: .csv) }),
            ("tx-b.csv", { try scenario.writeInbox("\(order[1])-tx-b.csv", self.records(scenario, Self.transactionsB), format: .csv) }),
            ("bank-a.csv", { try scenario.write(Self.bankA, to: "bank/\(order[2])-bank-a.csv") }),
            ("bank-b.csv", { try scenario.write(Self.bankB, to: "bank/\(order[3])-bank-b.csv") }),
        ]
        for (_, write) in files { try write() }
        return scenario
    }

    private func records(_ scenario: Scenario, _ rows: [(String, String, String, String, String)]) throws -> [FixtureRecord] {
        try rows.map { row in
            try scenario.record(row.0, merchant: row.1, amount: row.2, currency: row.3, reference: row.4)
        }
    }

    private func run(_ scenario: Scenario, _ database: TestDatabase, date: String) throws {
        let (job, keyring) = try scenario.loadJob()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        _ = try JobRunner(job: job, keyring: keyring, database: database.database, logger: logger, progress: nil)
            .run(runDate: CivilDate(iso: date)!, wait: false)
    }

    private func mismatches(_ scenario: Scenario, _ job: String, _ date: String) throws -> [[String: Any]] {
        let path = "\(scenario.folder)/reports/\(job)/\(date)/mismatches.json"
        let rows = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [[String: Any]]
        // The exception id is a digest that includes the store's line id,
        // which follows the arrival order; everything a reader compares stays.
        return rows.map { $0.filter { $0.key != "exception_id" } }
    }

    private func export(_ database: TestDatabase, source: String) throws -> [String] {
        try SettlementExporter(database: database.database).rows(
            from: CivilDate(iso: "2026-11-01")!, to: CivilDate(iso: "2026-11-30")!, merchant: nil, source: source
        ).map { row in
            "\(row.group.key.settlementRef) \(row.status.rawValue) \(row.bookingDate?.description ?? "-") \(row.bankTxnID ?? "-")"
        }
    }

    private static func cells(_ row: [String: Any], _ keys: [String]) -> String {
        keys.map { key in (row[key] as? String) ?? (row[key] as? Int).map(String.init) ?? "" }.joined(separator: ",")
    }

    func testManyToOneToleranceAndDetailsInEveryArrivalOrder() throws {
        let database = try TestDatabase(test: self)
        let orders = ManyToOneEndToEndTests.permutations([1, 2, 3, 4])
        var first: (mismatches: NSArray, export: [String])?
        for (number, order) in orders.enumerated() {
            let scenario = try makeScenario(number, order: order)
            try run(scenario, database, date: "2026-11-24")
            let rows = try mismatches(scenario, "job-\(number)", "2026-11-24")
            let exported = try export(database, source: "psp-\(number)")
            if let first {
                XCTAssertEqual(NSArray(array: rows), first.mismatches, "order \(order): the report changed")
                XCTAssertEqual(exported, first.export, "order \(order): the export changed")
                continue
            }
            first = (NSArray(array: rows), exported)
            let columns = [
                "kind", "settlement_ref", "merchant_id", "currency", "expected_amount", "bank_amount", "difference",
                "bank_txn_id", "txn_count",
            ]
            XCTAssertEqual(rows.map { Self.cells($0, columns) }, [
                "MISSING_IN_BANK,PO-7,acme,EUR,25.00,,,,1",
                "AMOUNT_MISMATCH,PO-3;PO-4,acme,EUR,50.00,45.00,-5.00,B-2,2",
                "AMOUNT_MISMATCH,PO-9,acme,EUR,10.00,10.06,0.06,B-8,1",
                "CURRENCY_MISMATCH,PO-10,acme,EUR,20.00,20.00,,B-9,1",
                "DUPLICATE_BANK_LINE,PO-11,acme,EUR,5.00,5.00,,B-11,1",
                "AMBIGUOUS_MATCH,,,EUR,,75.00,,B-5,",
            ])
            let currency = try XCTUnwrap(rows.first { $0["kind"] as? String == "CURRENCY_MISMATCH" })
            XCTAssertTrue((currency["detail"] as! String).contains("20.00 USD"), "\(currency)")
            let missing = try XCTUnwrap(rows.first { $0["kind"] as? String == "MISSING_IN_BANK" })
            let candidates = missing["candidates"] as! [[String: Any]]
            XCTAssertTrue(candidates.allSatisfy { $0["currency"] as? String == "EUR" }, "\(candidates)")
            XCTAssertEqual(exported, [
                "PO-1 matched 2026-11-20 B-1", "PO-10 mismatched 2026-11-20 B-9", "PO-11 matched 2026-11-20 B-10",
                "PO-3 mismatched 2026-11-20 B-2", "PO-4 mismatched 2026-11-20 B-2", "PO-5 matched 2026-11-20 B-3;B-4",
                "PO-6 matched 2026-11-21 B-6", "PO-7 mismatched - -", "PO-8 matched 2026-11-20 B-7",
                "PO-9 mismatched 2026-11-20 B-8", "PO-2 matched 2026-11-20 B-1",
            ], "merchant acme, then beta")
            let summaryPath = "\(scenario.folder)/reports/job-\(number)/2026-11-24/summary.json"
            let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summaryPath))) as! [String: Any]
            let totals = summary["totals"] as! [String: [String: String]]
            XCTAssertEqual(totals["EUR"]?["tolerated_difference"], "0.05")
            let lines = (summary["counts"] as? [String: Any])?["bank_lines"] as? [String: Any]
            XCTAssertEqual(lines?["matched"] as? Int, 6, "B-1 once though it pays two groups: \(String(describing: lines))")
            let html = try String(contentsOfFile: "\(scenario.folder)/reports/job-\(number)/2026-11-24/report.html", encoding: .utf8)
            XCTAssertTrue(html.contains("Tolerated difference"))
        }
        XCTAssertEqual(orders.count, 24)
    }

    /// A late transaction for PO-1 reopens it; the line it shares with PO-2
    /// comes back for both and is now short. A rerun of the date gives the
    /// same report again.
    func testALateTransactionReleasesTheSharedLineForAllItsGroups() throws {
        let database = try TestDatabase(test: self)
        let scenario = try makeScenario(0, order: [1, 2, 3, 4])
        try run(scenario, database, date: "2026-11-24")
        XCTAssertEqual(
            try database.count("select count(*) from recon_matches where job = 'job-0' and bank_line_id = (select id from bank_lines where bank_txn_id = 'B-1')"),
            2, "B-1 claimed by PO-1 and PO-2")
        let late = try scenario.record("T-12", merchant: "acme", amount: "1.00", currency: "EUR", reference: "PO-1")
        try scenario.writeInbox("9-late.csv", [late], format: .csv)
        try run(scenario, database, date: "2026-11-25")
        let rows = try mismatches(scenario, "job-0", "2026-11-25")
        let shared = try XCTUnwrap(rows.first { $0["settlement_ref"] as? String == "PO-1;PO-2" })
        XCTAssertEqual(Self.cells(shared, ["kind", "expected_amount", "bank_amount", "difference", "txn_count"]), "AMOUNT_MISMATCH,101.00,100.00,-1.00,3")
        XCTAssertTrue(try export(database, source: "psp-0").contains("PO-2 mismatched 2026-11-20 B-1"))
        try run(scenario, database, date: "2026-11-25")
        XCTAssertEqual(NSArray(array: try mismatches(scenario, "job-0", "2026-11-25")), NSArray(array: rows), "rerun")
        try run(scenario, database, date: "2026-11-24")
        XCTAssertTrue(try export(database, source: "psp-0").contains("PO-2 mismatched 2026-11-20 B-1"))
    }

    static func permutations(_ items: [Int]) -> [[Int]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index in
            var rest = items
            let first = rest.remove(at: index)
            return permutations(rest).map { [first] + $0 }
        }
    }
}
