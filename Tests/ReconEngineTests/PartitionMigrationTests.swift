import Foundation
import ReconEngine
import ReconStore
import XCTest

/// sql/004 on a database that ran 001–003 and holds settled transactions:
/// every row survives, in the partition of its month, with its key registered.
final class PartitionMigrationTests: XCTestCase {
    /// A binary newer than the schema asks for `recon db migrate` (exit 69)
    /// instead of failing on a missing relation.
    func testCommandsRefuseASchemaWithoutTheKeyRegistry() throws {
        let database = try TestDatabase(test: self, migrated: false)
        try Migrator(directory: try migrationsFolder(through: 3)).migrate(try database.connect())
        XCTAssertThrowsError(try database.database.connectReady()) { error in
            XCTAssertTrue(error is SchemaNotReady, "\(error)")
            XCTAssertTrue("\(error)".contains("run `recon db migrate` first"), "\(error)")
        }
        _ = try SchemaMigration.migrate(database: database.database, folder: RepositoryPaths.root + "/sql")
        XCTAssertNoThrow(try database.database.connectReady())
    }

    func testMigration004ConvertsAPopulatedTableWithoutLosingARow() throws {
        let database = try TestDatabase(test: self, migrated: false)
        let connection = try database.connect()
        XCTAssertEqual(
            try Migrator(directory: try migrationsFolder(through: 3)).migrate(connection),
            ["001_core", "002_bank_and_reconcile", "003_roles"])
        try connection.execute(
            """
            insert into batches (id, source, job, file_sha256, file_name, file_path)
            values (1, 'psp-a', 'job-a', sha256('a'), 'a.csv', '/in/a.csv'), (2, 'psp-b', 'job-b', sha256('b'), 'b.csv', '/in/b.csv')
            """)
        // 3,000 rows over 2019–2027 and a few far-off months, two sources
        // sharing txn_ids, extra JSON on some, non-ASCII ids.
        try connection.execute(
            """
            insert into transactions
            select case when i % 2 = 0 then 'psp-a' else 'psp-b' end, 'T-' || (i / 2) || case when i % 7 = 0 then '-é' else '' end,
                   'm-' || (i % 5), (array['payment','refund','chargeback','fee','adjustment'])[1 + i % 5], i * 100 - 7, 'EUR',
                   timestamptz '2019-01-01 00:00:00Z' + i * interval '1 hour', date '2019-01-01' + (i * 37 % 3300),
                   'PO-' || (i % 40), 'k-1', case when i % 3 = 0 then jsonb_build_object('note', i) end,
                   sha256(i::text::bytea), 1 + i % 2, i + 1
            from generate_series(0, 2999) i
            union all
            select 'psp-a', 'FAR-' || d, 'm-1', 'payment', 1, 'EUR', now(), d, 'PO-far', 'k-1', null, sha256(d::text::bytea), 1, 9000
            from unnest(array[date '1999-12-31', date '2099-06-15', date '9999-12-31']) d
            """)
        let fingerprint = "select md5(string_agg(t::text, E'\\n' order by source, txn_id)) from transactions t"
        let before = try XCTUnwrap(try database.scalar(fingerprint))
        let months = try database.count("select count(distinct date_trunc('month', settlement_date)) from transactions")

        // 004 and whatever later migrations exist.
        let applied = try SchemaMigration.migrate(database: database.database, folder: RepositoryPaths.root + "/sql")
        XCTAssertEqual(applied.first, "004_partition_transactions")

        XCTAssertEqual(try database.scalar(fingerprint), before, "every row, every column, unchanged")
        XCTAssertEqual(try database.scalar("select relkind::text from pg_class where oid = 'transactions'::regclass"), "p")
        XCTAssertNil(try database.scalar("select to_regclass('transactions_unpartitioned')::text"))
        XCTAssertEqual(try database.count("select count(*) from transactions_default"), 0)
        XCTAssertEqual(
            try database.count(
                "select count(*) from transactions where tableoid::regclass::text <> 'transactions_' || to_char(settlement_date, 'YYYY_MM')"),
            0, "each row in the partition of its month")
        XCTAssertEqual(try database.count("select count(distinct tableoid) from transactions"), months)
        XCTAssertEqual(try database.count("select count(*) from transaction_keys"), 3003)
        XCTAssertEqual(
            try database.count(
                """
                select count(*) from transactions t join transaction_keys k
                  on k.source = t.source collate "C" and k.txn_id = t.txn_id collate "C"
                 and k.settlement_date = t.settlement_date and k.content_sha256 = t.content_sha256
                 and k.batch_id = t.batch_id and k.line = t.line
                """), 3003, "every key registered with its content hash, batch and line")
        // The registry now refuses a second settlement of a converted key.
        XCTAssertThrowsError(
            try connection.execute(
                """
                insert into transaction_keys (batch_id, line, settlement_date, source, txn_id, content_sha256)
                select batch_id, line, settlement_date, source, txn_id, content_sha256 from transactions limit 1
                """)
        ) { error in XCTAssertEqual((error as? DatabaseError)?.sqlState, "23505", "\(error)") }
    }
}
