import Foundation
import Logging
import ReconCore
import ReconStore
import XCTest

@testable import ReconEngine

/// ``ReferencePrematch`` settles clean reference matches in bulk and leaves the
/// rest to the Reconciler; the night must come out exactly as if the
/// Reconciler had decided everything. Generated nights are full of what could
/// make the two differ: references equal only after trimming or lowercasing,
/// the Kelvin sign, non-ASCII references, one reference shared by two
/// merchants or currencies, two lines naming one group, descriptions naming a
/// group that a reference line also names, refs of several tokens, wrong
/// amounts, currencies and dates. Each night is decided twice, with and
/// without the prematch, through PostgreSQL; matches, mismatches, counts and
/// report amounts must agree. A second night adds late lines and
/// transactions on top of the first night's matches.
final class ReferencePrematchEquivalenceTests: XCTestCase {
    private let firstNight = CivilDate(iso: "2026-11-20")!
    private let secondNight = CivilDate(iso: "2026-11-23")!

    func testPrematchDecidesEveryNightExactlyAsTheReconcilerAlone() throws {
        let database = try TestDatabase(test: self)
        let connection = try database.connect()
        let folder = NSTemporaryDirectory() + "recon-prematch-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "keys: []\n".write(toFile: folder + "/keyring.yaml", atomically: true, encoding: .utf8)
        try """
            name: prematch-job
            source: prematch-psp
            timezone: UTC
            transactions: { path: inbox }
            keyring: keyring.yaml
            reconcile: { window_days: 2, amount_tolerance: { EUR: "0.01" } }
            reports: { path: reports }
            """.write(toFile: folder + "/job.yaml", atomically: true, encoding: .utf8)
        let job = try JobFile.load(path: folder + "/job.yaml")

        var prematchedTotal = 0
        var leftTotal = 0
        for seed in UInt64(1)...24 {
            try connection.execute(
                """
                truncate transactions, bank_lines, bank_statements, bank_files, recon_matches, recon_mismatches, statement_gaps,
                    settlement_groups, open_bank_lines, mismatch_first_seen
                """)
            var night = GeneratedNight(seed: seed, connection: connection, job: job)
            try night.write(runDate: firstNight, startID: 0)
            try MaintainedState.syncAfterDirectInserts(connection)
            let first = try compare(
                job: job, connection: connection, database: database.database, runDate: firstNight, seed: seed)
            try night.write(runDate: secondNight, startID: 1000)
            try MaintainedState.syncAfterDirectInserts(connection)
            let second = try compare(
                job: job, connection: connection, database: database.database, runDate: secondNight, seed: seed)
            prematchedTotal += first.prematched + second.prematched
            leftTotal += first.left + second.left
        }
        // Both paths did real work: the prematch settled groups, and the
        // Reconciler decided groups the prematch had to leave.
        XCTAssertGreaterThan(prematchedTotal, 100)
        XCTAssertGreaterThan(leftTotal, 100)
    }

    private struct Snapshot: Equatable {
        var matches: [String]
        var groupStates: [String]
        var mismatches: [String]
        var reported: [Mismatch]
        var counts: ReconcileCounts
        var byCurrency: [String]
        var daily: [DailyAmounts]
    }

    /// Decides `runDate` without and then with the prematch (each run first
    /// undoes the decisions of that date) and compares both.
    private func compare(
        job: JobFile, connection: PostgresConnection, database: Database, runDate: CivilDate, seed: UInt64
    ) throws -> (prematched: Int, left: Int) {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        var reconciliation = NightlyReconciliation(
            connection: connection, connectReader: { try database.connect() }, job: job, logger: logger)
        reconciliation.prematch = false
        let alone = try snapshot(reconciliation.run(runDate: runDate), connection: connection)
        reconciliation.prematch = true
        let outcome = try reconciliation.run(runDate: runDate)
        let prematched = try snapshot(outcome, connection: connection)
        XCTAssertEqual(prematched.matches, alone.matches, "matches, seed \(seed), \(runDate)")
        XCTAssertEqual(prematched.groupStates, alone.groupStates, "group states, seed \(seed), \(runDate)")
        XCTAssertEqual(prematched.mismatches, alone.mismatches, "stored mismatches, seed \(seed), \(runDate)")
        XCTAssertEqual(prematched.reported, alone.reported, "reported mismatches, seed \(seed), \(runDate)")
        XCTAssertEqual(prematched.counts, alone.counts, "counts, seed \(seed), \(runDate)")
        XCTAssertEqual(prematched.byCurrency, alone.byCurrency, "currency totals, seed \(seed), \(runDate)")
        XCTAssertEqual(prematched.daily, alone.daily, "daily amounts, seed \(seed), \(runDate)")
        let settledBySQL = outcome.result.counts.groupsMatched - outcome.result.matches.filter(\.isClean).count
        return (settledBySQL, alone.counts.groupsMatched - settledBySQL)
    }

    private func snapshot(_ outcome: NightlyReconciliation.Outcome, connection: PostgresConnection) throws -> Snapshot {
        func rows(_ sql: String) throws -> [String] {
            let result = try connection.execute(sql)
            return (0..<result.rowCount).map { row in
                (0..<result.columnCount).map { result.string(row: row, column: $0) ?? "∅" }.joined(separator: "|")
            }
        }
        return Snapshot(
            matches: try rows(
                "select * from (select bank_line_id, merchant_id, settlement_ref, currency, rule, kind, net_at_match, matched_on from recon_matches) m order by 1, 2, 3, 4"),
            groupStates: try rows(
                """
                select merchant_id, settlement_ref, currency, status, closed, net_at_match, matched_on,
                       bank_line_ids::text, clean_line_ids::text
                from settlement_groups order by 1, 2, 3
                """),
            mismatches: try rows("select run_date, identity, kind, first_seen, detail from recon_mismatches order by 1, 2"),
            reported: outcome.result.mismatches, counts: outcome.result.counts,
            byCurrency: outcome.amounts.byCurrency.map { "\($0.key) \($0.value.matched) \($0.value.open)" }.sorted(),
            daily: outcome.amounts.daily)
    }
}

/// Settlement groups and bank lines drawn so that references collide in
/// every way ``ReferenceText`` distinguishes.
private struct GeneratedNight {
    var generator: SplitMix64
    let connection: PostgresConnection
    let job: JobFile
    private var transactionNumber = 0

    init(seed: UInt64, connection: PostgresConnection, job: JobFile) {
        generator = SplitMix64(seed: seed)
        self.connection = connection
        self.job = job
    }

    /// Group refs: unique ones (prematch material) and look-alikes.
    private static let references = [
        "PO-1", "po-1", "PO-2", " PO-3", "PO-3", "PO-4.", "ACME 42", "Ä-5", "ä-5", "\u{212A}X-6", "kx-6", "R/7",
        "r_8", ".PO-9", "ref:10",
    ] + (11...40).map { "PO-\($0)" }

    /// How a line may spell a group's reference: as is, shouted, padded, with a Kelvin sign.
    private mutating func spelling(of reference: String) -> String {
        switch Int.random(in: 0..<10, using: &generator) {
        case 0: return reference.uppercased()
        case 1: return "  " + reference.lowercased() + "\t"
        case 2: return reference.replacingOccurrences(of: "k", with: "\u{212A}").replacingOccurrences(of: "K", with: "\u{212A}")
        default: return reference
        }
    }

    mutating func write(runDate: CivilDate, startID: Int) throws {
        let fileID = try connection.execute(
            "insert into bank_files (job, file_sha256, file_name, statements, lines_new) values ($1, $2, 'gen.csv', 1, 0) returning id",
            [.text(job.name), .bytea((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })]
        ).int64(row: 0, column: 0)!
        let statementID = try connection.execute(
            "insert into bank_statements (job, bank_file_id, account, source_line) values ($1, $2, 'DE01', 1) returning id",
            [.text(job.name), .int64(fileID)]
        ).int64(row: 0, column: 0)!
        var lineNumber = startID
        func addLine(_ amount: Int64, _ currency: String, _ booking: CivilDate, _ reference: String?, _ description: String)
            throws
        {
            lineNumber += 1
            try connection.execute(
                """
                insert into bank_lines (job, account, line_key, booking_date, amount, currency, reference, description,
                                        bank_txn_id, statement_id, source_line)
                values ($1, 'DE01', $2, $3::date, $4, $5, $6, $7, $2, $8, $9)
                """,
                [
                    .text(job.name), .text("L\(lineNumber)"), .text(booking.description), .int64(amount), .text(currency),
                    reference.map { .text($0) }, .text(description), .int64(statementID), .int32(Int32(lineNumber)),
                ])
        }
        func addTransaction(_ merchant: String, _ reference: String, _ currency: String, _ amount: Int64, _ settlement: CivilDate)
            throws
        {
            transactionNumber += 1
            try connection.execute(
                """
                insert into transactions (source, txn_id, merchant_id, type, amount, currency, created_at,
                                          settlement_date, settlement_ref, key_id, content_sha256, batch_id, line)
                values ($1, $2, $3, $4, $5, $6, now(), $7::date, $8, 'k', $9, 1, $10)
                """,
                [
                    .text(job.source), .text("T\(startID)-\(transactionNumber)"), .text(merchant),
                    .text(amount < 0 ? "refund" : "payment"), .int64(amount), .text(currency),
                    .text(settlement.description), .text(reference), .bytea(Array(repeating: 1, count: 32)),
                    .int32(Int32(transactionNumber)),
                ])
        }
        // Fixed traps, each one a condition the prematch must check: a line
        // paying the sum of two groups sharing its reference (two merchants;
        // two currencies), and a ref of two tokens named by a reference line
        // and by a description line.
        let day = runDate.adding(days: -1)!
        try addTransaction("m1", "SH-\(startID)", "EUR", 1000, day)
        try addTransaction("m2", "SH-\(startID)", "EUR", 2000, day)
        try addLine(3000, "EUR", day, "SH-\(startID)", "two merchants")
        try addTransaction("m1", "SC-\(startID)", "EUR", 1000, day)
        try addTransaction("m1", "SC-\(startID)", "USD", 2000, day)
        try addLine(3000, "EUR", day, "SC-\(startID)", "two currencies")
        try addTransaction("m1", "ACME \(startID)", "EUR", 1000, day)
        try addLine(1000, "EUR", day, "acme \(startID)", "")
        try addLine(1000, "EUR", day, nil, "payment acme \(startID) thanks")
        // Many-to-one (SPEC §5.6): a reference field naming two one-token
        // refs, and a description naming a group that a reference line pays.
        try addTransaction("m1", "MA-\(startID)", "EUR", 1000, day)
        try addTransaction("m2", "MB-\(startID)", "EUR", 2500, day)
        try addLine(3500, "EUR", day, "MA-\(startID);MB-\(startID)", "")
        try addTransaction("m1", "MC-\(startID)", "EUR", 1000, day)
        try addTransaction("m1", "MD-\(startID)", "EUR", 2000, day)
        try addLine(1000, "EUR", day, "MC-\(startID)", "")
        try addLine(3000, "EUR", day, nil, "payouts MC-\(startID) MD-\(startID)")

        let groupCount = Int.random(in: 25...45, using: &generator)
        for _ in 0..<groupCount {
            let reference = Self.references.randomElement(using: &generator)!
            let merchant = Int.random(in: 0..<6, using: &generator) == 0 ? "m2" : "m1"
            let currency = Int.random(in: 0..<8, using: &generator) == 0 ? "USD" : "EUR"
            let settlement = runDate.adding(days: -Int.random(in: 0...6, using: &generator))!
            var net: Int64 = 0
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let amount = [Int64(1000), 2000, 2500, -500].randomElement(using: &generator)!
                net += amount
                try addTransaction(merchant, reference, currency, amount, settlement)
            }
            let booking = settlement.adding(days: Int.random(in: -3...3, using: &generator))!
            let spelled = spelling(of: reference)
            switch Int.random(in: 0..<20, using: &generator) {
            case 0..<9: try addLine(net, currency, booking, spelled, "payout")
            case 9: try addLine(net, currency, booking, nil, "SEPA \(spelled), thanks")
            case 10: try addLine(net, currency, booking, "NOTPROVIDED", "ref:\(spelled.lowercased()).")
            case 11:
                try addLine(net - 500, currency, booking, spelled, "part 1")
                try addLine(500, currency, booking, nil, "part 2 of \(spelled)")
            case 12: try addLine(net, currency, booking, spelled, "")
                try addLine(net, currency, booking.adding(days: 1)!, spelled, "again")
            case 13: try addLine(net + 1, currency, booking, spelled, "")
            case 14: try addLine(net, currency == "EUR" ? "USD" : "EUR", booking, spelled, "")
            case 15: try addLine(net, currency, booking, nil, "credit")
            case 16: try addLine(net, currency, booking, "X-\(lineNumber)", "unknown ref, names \(Self.references.randomElement(using: &generator)!)")
            case 17: try addLine(net, currency, booking.adding(days: 6)!, spelled, "late")
            default: break
            }
        }
    }
}
