import Foundation
import ReconEngine
import ReconStore
import XCTest

/// The batch chain (sql/013, README "Tamper evidence"): each settled batch
/// carries a digest of its rows chained to the previous batch of its source,
/// and `recon db check` names the row or batch that was forged, removed or
/// reordered behind recon's back, even by the owner role.
final class TamperEvidenceTests: XCTestCase {
    private func check(_ database: TestDatabase) throws -> ReconCommand.Result {
        try ReconCommand.run(["db", "check", "--database-url", database.url])
    }

    /// The demo night's four files, settled on the fast path, then a file
    /// that repeats one of them (careful path): one link per batch, in
    /// order, each agreeing with the database's own digest of the rows.
    private func chainedNight() throws -> (TestDatabase, DemoJob) {
        let database = try TestDatabase()  // tampered with on purpose: no check at teardown
        let demo = try DemoJob(database: database)
        try demo.run("2026-11-21")
        let inbox = demo.folder + "/inbox/transactions/"
        var repeated = try String(contentsOfFile: inbox + "2026-11-18_acme.csv", encoding: .utf8)
        repeated += "\n"  // other bytes, same records: duplicates, settled on the careful path
        try repeated.write(toFile: inbox + "2026-11-19_acme-again.csv", atomically: true, encoding: .utf8)
        try demo.run("2026-11-21")
        return (database, demo)
    }

    func testEveryBatchIsLinkedInOrderAndTheCheckAgrees() throws {
        let (database, _) = try chainedNight()
        XCTAssertEqual(try database.count("select count(*) from batches where status = 'settled'"), 5)
        XCTAssertEqual(
            try database.scalar("select string_agg(chain_position::text, ',' order by chain_position) from batch_chain"),
            "1,2,3,4,5")
        XCTAssertEqual(try database.count("select count(*) from batch_chain where backfilled"), 0)
        XCTAssertEqual(try database.count("select sum(row_count) from batch_chain"), try database.count("select count(*) from transactions"))
        // The careful path's batch settled nothing new: its link covers no row.
        XCTAssertEqual(try database.count("select row_count from batch_chain where chain_position = 5"), 0)
        let clean = try check(database)
        XCTAssertEqual(clean.status, 0, clean.stdout + clean.stderr)
        XCTAssertTrue(clean.stdout.contains("chain head: source acme-psp, link #5, batch "), clean.stdout)
    }

    func testAForgedAmountIsNamedByRowAndBatch() throws {
        let (database, _) = try chainedNight()
        let owner = try database.connect()
        let row = try owner.execute("select batch_id, line, txn_id from transactions order by batch_id, line limit 1")
        let batch = try XCTUnwrap(row.string(row: 0, column: 0)), line = try XCTUnwrap(row.string(row: 0, column: 1))
        let txnID = try XCTUnwrap(row.string(row: 0, column: 2))
        // The forger fixes the group's sums too, so only the chain can tell.
        try owner.execute("update transactions set amount = amount * 100 where txn_id = $1", [.text(txnID)])
        try MaintainedState.syncAfterDirectInserts(owner)
        let found = try check(database)
        XCTAssertEqual(found.status, 1, found.stdout + found.stderr)
        XCTAssertTrue(found.stdout.contains("row altered: batch \(batch) line \(line) txn_id \(txnID): found amount "), found.stdout)
        XCTAssertTrue(found.stdout.contains("batch rows differ: batch \(batch) (acme-psp #"), found.stdout)
        XCTAssertFalse(found.stdout.contains("group sums differ"), found.stdout)
        XCTAssertTrue(found.stdout.contains("2 difference(s)"), found.stdout)
    }

    func testADeletedBatchIsNamedWhetherItsLinkGoesWithItOrNot() throws {
        let (database, _) = try chainedNight()
        let owner = try database.connect()
        let second = try XCTUnwrap(try database.scalar("select batch_id::text from batch_chain where chain_position = 2"))
        try owner.execute("delete from batch_currency_totals where batch_id = $1::bigint", [.text(second)])
        try owner.execute("delete from rejected_records where batch_id = $1::bigint", [.text(second)])
        try owner.execute("delete from batches where id = $1::bigint", [.text(second)])
        var found = try check(database)
        XCTAssertEqual(found.status, 1, found.stdout + found.stderr)
        XCTAssertTrue(found.stdout.contains("batch removed: batch \(second) (acme-psp #2): found no batches row"), found.stdout)

        // All of it: rows, keys, link. The gap in the chain names the place.
        let third = try XCTUnwrap(try database.scalar("select batch_id::text from batch_chain where chain_position = 3"))
        try owner.execute("delete from transactions where batch_id = $1::bigint", [.text(second)])
        try owner.execute("delete from transaction_keys where batch_id = $1::bigint", [.text(second)])
        try owner.execute("delete from batch_chain where batch_id = $1::bigint", [.text(second)])
        try MaintainedState.syncAfterDirectInserts(owner)
        try owner.execute("delete from settlement_groups g where not exists (select 1 from transactions t where t.settlement_ref = g.settlement_ref and t.merchant_id = g.merchant_id and t.currency = g.currency)")
        found = try check(database)
        XCTAssertEqual(found.status, 1, found.stdout + found.stderr)
        XCTAssertTrue(
            found.stdout.contains("batch removed: acme-psp #2: found no chain link, expected the link before batch \(third) (acme-psp #3)"),
            found.stdout)
        XCTAssertTrue(found.stdout.contains("batch chain broken: batch \(third) (acme-psp #3)"), found.stdout)
    }

    func testTwoReorderedBatchesAreBothNamed() throws {
        let (database, _) = try chainedNight()
        let owner = try database.connect()
        let second = try XCTUnwrap(try database.scalar("select batch_id::text from batch_chain where chain_position = 2"))
        let third = try XCTUnwrap(try database.scalar("select batch_id::text from batch_chain where chain_position = 3"))
        try owner.transaction {
            try owner.execute("update batch_chain set chain_position = 100 where chain_position = 2")
            try owner.execute("update batch_chain set chain_position = 2 where chain_position = 3")
            try owner.execute("update batch_chain set chain_position = 3 where chain_position = 100")
        }
        let found = try check(database)
        XCTAssertEqual(found.status, 1, found.stdout + found.stderr)
        XCTAssertTrue(found.stdout.contains("batch chain broken: batch \(third) (acme-psp #2)"), found.stdout)
        XCTAssertTrue(found.stdout.contains("batch chain broken: batch \(second) (acme-psp #3)"), found.stdout)
    }

    /// A row moved to another batch, a row added to a batch, a settled batch
    /// written around settlement: each named.
    func testRowsAndBatchesWrittenAroundSettlementAreNamed() throws {
        let (database, _) = try chainedNight()
        let owner = try database.connect()
        try owner.execute(
            """
            insert into transactions select source, 'FORGED-1', merchant_id, type, amount, currency, created_at,
                settlement_date, settlement_ref, key_id, extra, content_sha256, batch_id, line + 1000
            from transactions order by batch_id, line limit 1
            """)
        try owner.execute(
            """
            insert into batches (source, job, file_sha256, file_name, file_path, status, records_read, settled, duplicates, rejected)
            values ('acme-psp', 'nightly', sha256('x'), 'forged.csv', '/dev/null', 'settled', 1, 1, 0, 0)
            """)
        try MaintainedState.syncAfterDirectInserts(owner)
        let found = try check(database)
        XCTAssertEqual(found.status, 1, found.stdout + found.stderr)
        XCTAssertTrue(found.stdout.contains("row added: batch "), found.stdout)
        XCTAssertTrue(found.stdout.contains(" txn_id FORGED-1: found amount "), found.stdout)
        XCTAssertTrue(found.stdout.contains("batch not chained: batch "), found.stdout)
        XCTAssertTrue(found.stdout.contains("forged.csv"), found.stdout)
    }

    /// Batches settled before 013 are chained by the migration, over their
    /// rows as they were; the check then holds them as it holds new ones.
    func testTheMigrationChainsBatchesSettledBeforeIt() throws {
        let database = try TestDatabase(migrated: false)
        let connection = try database.connect()
        _ = try Migrator(directory: try migrationsFolder(through: 12)).migrate(connection)
        try connection.execute(
            """
            insert into batches (id, source, job, file_sha256, file_name, file_path, status, records_read, settled, duplicates, rejected, finished_at)
            values (7, 'psp-a', 'job-a', sha256('a'), 'a.csv', '/in/a.csv', 'settled', 2, 2, 0, 0, now() - interval '1 day'),
                   (3, 'psp-a', 'job-a', sha256('b'), 'b.csv', '/in/b.csv', 'settled', 1, 1, 0, 0, now())
            """)
        try connection.execute(
            """
            insert into transactions (source, txn_id, merchant_id, type, amount, currency, created_at, settlement_date,
                                      settlement_ref, key_id, content_sha256, batch_id, line)
            values ('psp-a', 'T-1', 'm', 'payment', 100, 'EUR', now(), '2026-11-20', 'R', 'k', sha256('1'), 7, 2),
                   ('psp-a', 'T-2', 'm', 'payment', 200, 'EUR', now(), '2026-11-20', 'R', 'k', sha256('2'), 7, 3),
                   ('psp-a', 'T-3', 'm', 'fee', -5, 'EUR', now(), '2026-11-20', 'R', 'k', sha256('3'), 3, 2)
            """)
        try connection.execute(
            """
            insert into transaction_keys (batch_id, line, settlement_date, source, txn_id, content_sha256)
            select batch_id, line, settlement_date, source, txn_id, content_sha256 from transactions
            """)
        _ = try SchemaMigration.migrate(database: database.database, folder: RepositoryPaths.root + "/sql")
        // In the order they finished, not by id.
        XCTAssertEqual(
            try database.scalar("select string_agg(batch_id || ':' || row_count, ',' order by chain_position) from batch_chain where backfilled"),
            "7:2,3:1")
        try MaintainedState.syncAfterDirectInserts(connection)
        XCTAssertEqual(try check(database).status, 0)
        try connection.execute("update transactions set settlement_ref = 'OTHER' where txn_id = 'T-2'")
        let found = try check(database)
        XCTAssertTrue(found.stdout.contains("row altered: batch 7 line 3 txn_id T-2"), found.stdout)
    }
}
