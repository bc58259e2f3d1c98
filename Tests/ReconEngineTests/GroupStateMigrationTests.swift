import Foundation
import Logging
import ReconCore
@testable import ReconEngine
import ReconStore
import XCTest

/// sql/006 on a database of the previous release's schema (001–005) holding
/// settled transactions, bank lines, matches of every kind and reported
/// mismatches: the maintained state it builds agrees with the raw rows
/// (`recon db check`), the export gives what the previous release's export
/// query gave, and the next night runs on it.
final class GroupStateMigrationTests: XCTestCase {
    /// The export query of the previous release (bebdcad), which aggregated
    /// every transaction: what the backfilled state must reproduce.
    private static let previousExport = """
        with groups as (
            select merchant_id, settlement_ref, currency, sum(amount) as net, max(settlement_date) as settlement_date,
                   count(*) as txn_count
            from transactions where source = $1
            group by merchant_id, settlement_ref, currency
        ), latest as (
            select job, max(run_date) as run_date from recon_mismatches where job = $2 group by job
        ), reported as (
            select distinct split_part(r.identity, E'\\x1f', 2) as merchant_id,
                   split_part(r.identity, E'\\x1f', 3) as settlement_ref, split_part(r.identity, E'\\x1f', 4) as currency
            from recon_mismatches r join latest l on l.job = r.job and l.run_date = r.run_date
        ), match_state as (
            select g.merchant_id, g.settlement_ref, g.currency,
                   bool_or(m.kind is not null) as mismatched, bool_or(m.net_at_match = g.net) as at_current_net,
                   min(b.booking_date) filter (where m.kind is null) as booked,
                   string_agg(b.bank_txn_id, ';' order by b.booking_date, b.id) filter (where m.kind is null) as bank_txn_ids
            from groups g
            join recon_matches m on m.job = $2 and m.merchant_id = g.merchant_id
                 and m.settlement_ref = g.settlement_ref and m.currency = g.currency
            join bank_lines b on b.id = m.bank_line_id
            group by g.merchant_id, g.settlement_ref, g.currency
        )
        select g.settlement_date::text, g.merchant_id, g.settlement_ref, g.currency, g.net, g.txn_count,
               case
                 when s.mismatched then 'mismatched'
                 when s.at_current_net then 'matched'
                 when r.merchant_id is not null then 'mismatched'
                 else 'pending'
               end,
               s.booked::text, s.bank_txn_ids
        from groups g
        left join match_state s using (merchant_id, settlement_ref, currency)
        left join reported r using (merchant_id, settlement_ref, currency)
        order by g.settlement_date, g.merchant_id, g.settlement_ref, g.currency
        """

    func testMigration006BuildsTheStateOfAPopulatedDatabase() throws {
        let database = try TestDatabase(test: self, migrated: false)
        let connection = try database.connect()
        XCTAssertEqual(try Migrator(directory: try migrationsFolder(through: 5)).migrate(connection).last, "005_recon_matches_by_line")
        try connection.execute(
            """
            insert into batches (id, source, job, file_sha256, file_name, file_path, status)
            values (1, 'psp-a', 'job-a', sha256('a'), 'a.csv', '/in/a.csv', 'queued'),
                   (2, 'psp-b', 'job-b', sha256('b'), 'b.csv', '/in/b.csv', 'queued')
            """)
        // Groups of psp-a: G-CLEAN matched; G-LATE matched, then a late
        // transaction changed its net; G-AMOUNT an AMOUNT_MISMATCH match;
        // G-MISS reported MISSING_IN_BANK; G-PEND nothing yet; G-SPLIT two
        // lines; G-DUP a clean line and a DUPLICATE_BANK_LINE beside it.
        // 2,000 more groups over 30 months (matched), and psp-b's own groups
        // under the same names (another source, another job).
        try connection.execute(
            """
            insert into transactions (source, txn_id, merchant_id, type, amount, currency, created_at, settlement_date,
                                      settlement_ref, key_id, content_sha256, batch_id, line)
            select src, 'T-' || n || '-' || src, 'm-1', typ, amt, 'EUR', now(), day::date, ref, 'k', sha256(n::text::bytea),
                   case when src = 'psp-a' then 1 else 2 end, n
            from (values
                (1, 'G-CLEAN', 'payment', 1000, '2026-11-20'), (2, 'G-CLEAN', 'fee', -10, '2026-11-20'),
                (3, 'G-LATE', 'payment', 500, '2026-11-19'), (4, 'G-LATE', 'refund', -50, '2026-11-21'),
                (5, 'G-AMOUNT', 'payment', 700, '2026-11-20'),
                (6, 'G-MISS', 'payment', 900, '2026-11-10'),
                (7, 'G-PEND', 'chargeback', -300, '2026-11-20'), (8, 'G-PEND', 'adjustment', 1300, '2026-11-20'),
                (9, 'G-SPLIT', 'payment', 2000, '2026-11-20'),
                (10, 'G-DUP', 'payment', 400, '2026-11-20')
            ) v(n, ref, typ, amt, day)
            cross join (values ('psp-a'), ('psp-b')) s(src)
            union all
            select 'psp-a', 'H-' || i, 'm-' || (((i + 1) / 2) % 7), 'payment', 100, 'EUR', now(),
                   date '2024-06-01' + (((i + 1) / 2) % 900), 'H-' || ((i + 1) / 2), 'k', sha256(('h' || i)::bytea), 1, 100 + i
            from generate_series(1, 4000) i
            """)
        try connection.execute(
            """
            insert into bank_files (id, job, file_sha256, file_name, statements, lines_new) values (1, 'job-a', sha256('f'), 'f', 1, 0)
            """)
        try connection.execute(
            """
            insert into bank_statements (id, job, bank_file_id, account, source_line) values (1, 'job-a', 1, 'DE01', 1)
            """)
        try connection.execute(
            """
            insert into bank_lines (id, job, account, line_key, booking_date, amount, currency, reference, description,
                                    bank_txn_id, statement_id, source_line)
            values (1, 'job-a', 'DE01', 'L1', '2026-11-20', 990, 'EUR', 'G-CLEAN', '', 'B-1', 1, 1),
                   (2, 'job-a', 'DE01', 'L2', '2026-11-19', 500, 'EUR', 'G-LATE', '', 'B-2', 1, 2),
                   (3, 'job-a', 'DE01', 'L3', '2026-11-20', 650, 'EUR', 'G-AMOUNT', '', 'B-3', 1, 3),
                   (4, 'job-a', 'DE01', 'L4', '2026-11-21', 1200, 'EUR', 'G-SPLIT', '', 'B-4', 1, 4),
                   (5, 'job-a', 'DE01', 'L5', '2026-11-20', 800, 'EUR', 'G-SPLIT', '', 'B-5', 1, 5),
                   (6, 'job-a', 'DE01', 'L6', '2026-11-20', 400, 'EUR', 'G-DUP', '', 'B-6', 1, 6),
                   (7, 'job-a', 'DE01', 'L7', '2026-11-21', 400, 'EUR', 'G-DUP', '', 'B-7', 1, 7),
                   (8, 'job-a', 'DE01', 'L8', '2026-11-20', 77, 'EUR', null, 'nobody expected this', 'B-8', 1, 8)
            """)
        try connection.execute(
            """
            insert into bank_lines (id, job, account, line_key, booking_date, amount, currency, reference, description,
                                    bank_txn_id, statement_id, source_line)
            select 100 + k, 'job-a', 'DE01', 'H' || k, date '2024-06-02' + (k % 900), 200, 'EUR', 'H-' || k, '', 'BH-' || k, 1, 100 + k
            from generate_series(1, 2000) k
            """)
        try connection.execute(
            """
            insert into bank_lines (id, job, account, line_key, booking_date, amount, currency, reference, description,
                                    bank_txn_id, statement_id, source_line)
            values (5000, 'job-a', 'DE01', 'L5000', '2026-11-21', 5, 'EUR', 'nothing', '', 'B-5000', 1, 5000)
            """)
        try connection.execute(
            """
            insert into recon_matches (job, bank_line_id, merchant_id, settlement_ref, currency, rule, kind, net_at_match, matched_on)
            values ('job-a', 1, 'm-1', 'G-CLEAN', 'EUR', 'reference', null, 990, '2026-11-21'),
                   ('job-a', 2, 'm-1', 'G-LATE', 'EUR', 'reference', null, 500, '2026-11-20'),
                   ('job-a', 3, 'm-1', 'G-AMOUNT', 'EUR', 'reference', 'AMOUNT_MISMATCH', 700, '2026-11-21'),
                   ('job-a', 4, 'm-1', 'G-SPLIT', 'EUR', 'split', null, 2000, '2026-11-21'),
                   ('job-a', 5, 'm-1', 'G-SPLIT', 'EUR', 'split', null, 2000, '2026-11-21'),
                   ('job-a', 6, 'm-1', 'G-DUP', 'EUR', 'reference', null, 400, '2026-11-21'),
                   ('job-a', 7, 'm-1', 'G-DUP', 'EUR', 'reference', 'DUPLICATE_BANK_LINE', 400, '2026-11-21')
            """)
        try connection.execute(
            """
            -- the history groups H-*: each line pays one group, at its net
            insert into recon_matches (job, bank_line_id, merchant_id, settlement_ref, currency, rule, kind, net_at_match, matched_on)
            select 'job-a', 100 + k, 'm-' || (k % 7), 'H-' || k, 'EUR', 'reference', null, 200, '2026-01-01'
            from generate_series(1, 2000) k
            """)
        try connection.execute(
            """
            insert into recon_mismatches (job, run_date, identity, kind, first_seen, detail) values
                ('job-a', '2026-11-20', E'MISSING_IN_BANK\\x1fm-1\\x1fG-MISS\\x1fEUR\\x1f\\x1f\\x1f', 'MISSING_IN_BANK', '2026-11-14', ''),
                ('job-a', '2026-11-21', E'MISSING_IN_BANK\\x1fm-1\\x1fG-MISS\\x1fEUR\\x1f\\x1f\\x1f', 'MISSING_IN_BANK', '2026-11-14', ''),
                ('job-a', '2026-11-21', E'UNEXPECTED_BANK_LINE\\x1f\\x1f\\x1f\\x1fDE01\\x1fB-8\\x1f8', 'UNEXPECTED_BANK_LINE', '2026-11-21', '')
            """)
        let before = try rows(connection, Self.previousExport, source: "psp-a", job: "job-a")

        let applied = try SchemaMigration.migrate(database: database.database, folder: RepositoryPaths.root + "/sql")
        XCTAssertEqual(applied.first, "006_settlement_groups")
        // Its batches are written by hand and never settled: no chain to check.
        XCTAssertEqual(try DriftCheck(database: database.database).run().filter { $0.check != "unchained rows" }.map(\.description), [])
        // sql/016's backfill: what each file brought to a group, per type.
        let files = try connection.execute(
            """
            select f.type || ' ' || f.batch_id || ' ' || f.txn_count || ' ' || f.amount || ' ' || f.first_lines::text
                   || ' ' || f.first_settlement_date || ' ' || f.last_settlement_date
            from settlement_group_files f join settlement_groups g on g.id = f.group_id
            where g.source = 'psp-a' and g.settlement_ref = 'G-LATE' order by f.type
            """)
        XCTAssertEqual(
            (0..<files.rowCount).map { files.string(row: $0, column: 0)! },
            ["payment 1 1 500 {3} 2026-11-19 2026-11-19", "refund 1 1 -50 {4} 2026-11-21 2026-11-21"])

        let exported = try SettlementExporter(database: database.database).rows(
            from: CivilDate(iso: "2000-01-01")!, to: CivilDate(iso: "2099-12-31")!, merchant: nil, source: "psp-a")
        let after = exported.map { row in
            [
                row.group.settlementDate.description, row.group.key.merchantID, row.group.key.settlementRef,
                row.group.key.currency, String(row.group.net), String(row.group.transactionCount), row.status.rawValue,
                row.bookingDate?.description ?? "∅", row.bankTxnID ?? "∅",
            ].joined(separator: "|")
        }
        // Two deliberate changes: a group matched cleanly with a duplicate
        // line beside it is `matched`, as the summary and reports call it
        // (the previous export called it mismatched); a group a line claimed
        // without matching carries that line's booking date and id.
        let expected = before.map {
            $0.replacingOccurrences(of: "|G-DUP|EUR|400|1|mismatched|", with: "|G-DUP|EUR|400|1|matched|")
                .replacingOccurrences(of: "|G-AMOUNT|EUR|700|1|mismatched|∅|∅", with: "|G-AMOUNT|EUR|700|1|mismatched|2026-11-20|B-3")
        }
        XCTAssertEqual(after.filter { !expected.contains($0) }, [], "rows the previous export did not give")
        XCTAssertEqual(expected.filter { !after.contains($0) }, [], "rows of the previous export missing")
        XCTAssertEqual(after, expected, "same order")
        XCTAssertEqual(after.count, 7 + 2000)
        XCTAssertTrue(after.contains("2026-11-21|m-1|G-LATE|EUR|450|2|pending|2026-11-19|B-2"), "\(after.prefix(8))")
        XCTAssertTrue(after.contains("2026-11-10|m-1|G-MISS|EUR|900|1|mismatched|∅|∅"))
        XCTAssertEqual(
            try database.scalar("select string_agg(bank_line_id::text, ',' order by bank_line_id) from open_bank_lines"),
            "8,5000", "the unclaimed lines are open")
        XCTAssertEqual(
            try database.scalar("select first_seen::text from mismatch_first_seen where identity like 'MISSING_IN_BANK%'"),
            "2026-11-14")
        XCTAssertEqual(try database.count("select count(*) from settlement_groups where source = 'psp-b'"), 7)
        XCTAssertEqual(
            try database.scalar(
                "select string_agg(settlement_ref || ' ' || closed, ',' order by settlement_ref) from settlement_groups where source = 'psp-a' and settlement_ref in ('G-CLEAN', 'G-LATE')"),
            "G-CLEAN true,G-LATE false", "sql/015: a group whose net moved since its clean match is open")

        // The next night runs on the migrated state: the late transaction's
        // group is decided again, the missing one carries its first_seen.
        let job = try writeJob()
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let reader = database.database
        let outcome = try NightlyReconciliation(
            connection: connection, connectReader: { try reader.connect() }, job: job, logger: logger
        ).run(runDate: CivilDate(iso: "2026-11-22")!)
        let missing = try XCTUnwrap(outcome.result.mismatches.first { $0.kind == .missingInBank && $0.settlementRef == "G-MISS" })
        XCTAssertEqual(missing.firstSeen?.description, "2026-11-14")
        XCTAssertEqual(
            try database.scalar("select status from settlement_groups where source = 'psp-a' and settlement_ref = 'G-LATE'"),
            "mismatched", "450 expected, 500 booked: decided again as an amount mismatch")
        XCTAssertEqual(
            try database.scalar("select status || ' ' || closed from settlement_groups where source = 'psp-a' and settlement_ref = 'G-CLEAN'"),
            "matched true", "a closed group is not touched")
    }

    private func writeJob() throws -> JobFile {
        let folder = NSTemporaryDirectory() + "recon-job-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
        try "keys: []\n".write(toFile: folder + "/keyring.yaml", atomically: true, encoding: .utf8)
        try """
            name: job-a
            source: psp-a
            timezone: UTC
            transactions: { path: inbox, pattern: "*" }
            bank_statements: { path: bank, format: csv }
            keyring: keyring.yaml
            reconcile: { window_days: 1 }
            reports: { path: reports }
            """.write(toFile: folder + "/job.yaml", atomically: true, encoding: .utf8)
        return try JobFile.load(path: folder + "/job.yaml")
    }

    private func rows(_ connection: PostgresConnection, _ sql: String, source: String, job: String) throws -> [String] {
        let result = try connection.execute(sql, [.text(source), .text(job)])
        return (0..<result.rowCount).map { row in
            (0..<result.columnCount).map { result.string(row: row, column: $0) ?? "∅" }.joined(separator: "|")
        }
    }
}
