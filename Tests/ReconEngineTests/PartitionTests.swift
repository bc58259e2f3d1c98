import Foundation
import Logging
import ReconCore
@testable import ReconEngine
import ReconStore
import XCTest

/// `transactions` partitioned by settlement month (sql/004): where rows land,
/// how they move out of the default partition, duplicates of archived months,
/// the roles, and partition creation against settlement in flight.
final class PartitionTests: XCTestCase {
    private let farMonthStart = "2097-03-01"

    private func scenario() throws -> Scenario {
        try Scenario(keys: [.init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"])])
    }

    private func ingest(_ scenario: Scenario, _ database: Database) throws -> IngestReport {
        let (job, keyring) = try scenario.loadJob()
        return try Ingestor(job: job, keyring: keyring, database: database, logger: Logger(label: "test"))
            .ingestInbox(wait: false)
    }

    /// txn_id → the partition holding it.
    private func placement(_ database: TestDatabase) throws -> [String: String] {
        let rows = try database.connect().execute("select txn_id, tableoid::regclass::text from transactions")
        var placed: [String: String] = [:]
        for row in 0..<rows.rowCount { placed[rows.string(row: row, column: 0)!] = rows.string(row: row, column: 1)! }
        return placed
    }

    /// Every column of every row, in key order.
    private func fingerprint(_ database: TestDatabase) throws -> String? {
        try database.scalar("select md5(string_agg(t::text, E'\\n' order by source, txn_id)) from transactions t")
    }

    private func assertSQLState(
        _ expected: String, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void
    ) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            XCTAssertEqual((error as? DatabaseError)?.sqlState, expected, "\(error)", file: file, line: line)
        }
    }

    func testMigrateCreatesTheWindowOfMonthsAroundToday() throws {
        let database = try TestDatabase(test: self)
        let missing = try database.count(
            """
            select count(*) from generate_series(date_trunc('month', current_date) - interval '3 months',
                                                 date_trunc('month', current_date) + interval '3 months', interval '1 month') m
            where not exists (select 1 from pg_inherits i join pg_class c on c.oid = i.inhrelid
                              where i.inhparent = 'transactions'::regclass and c.relname = 'transactions_' || to_char(m, 'YYYY_MM'))
            """)
        XCTAssertEqual(missing, 0)
        XCTAssertEqual(try database.scalar("select relkind::text from pg_class where oid = 'transactions'::regclass"), "p")
        XCTAssertEqual(try database.scalar("select count(*) from pg_inherits where inhrelid = 'transactions_default'::regclass"), "1")
        XCTAssertEqual(try TransactionPartitions.ensure(try database.connect(), logger: Logger(label: "test")), 0)
    }

    /// Every month a batch brings gets its partition right after the batch
    /// settles (not only the months around today), so no history piles up
    /// in the default partition.
    func testEveryMonthABatchBringsGetsItsPartitionAtOnce() throws {
        let database = try TestDatabase(test: self)
        let scenario = try scenario()
        let today = try XCTUnwrap(try database.scalar("select to_char(current_date, 'YYYY-MM-DD')"))
        let thisMonth = try XCTUnwrap(try database.scalar("select 'transactions_' || to_char(current_date, 'YYYY_MM')"))
        try scenario.writeInbox(
            "a.csv",
            [
                try scenario.record("T-now", settlementDate: today),
                try scenario.record("T-far-1", settlementDate: "2097-03-10"),
                try scenario.record("T-far-2", settlementDate: "2097-03-31"),
                try scenario.record("T-far-next", settlementDate: "2097-04-01"),
                try scenario.record("T-old", settlementDate: "2019-02-28"),
            ], format: .csv)
        XCTAssertEqual(try ingest(scenario, database.database).totals.settled, 5)
        XCTAssertEqual(
            try placement(database),
            [
                "T-now": thisMonth, "T-far-1": "transactions_2097_03", "T-far-2": "transactions_2097_03",
                "T-far-next": "transactions_2097_04", "T-old": "transactions_2019_02",
            ])
        XCTAssertEqual(try database.count("select count(*) from transactions_default"), 0)
        XCTAssertEqual(try database.scalar("select recon_create_transaction_partitions($1::date, $1::date)", [.text(farMonthStart)]), "0")

        // A row that did land in the default partition (its month could not
        // be created then) moves out at the next ensure.
        let owner = try database.connect()
        try owner.execute("alter table transactions detach partition transactions_2097_04")
        try owner.execute("insert into transactions_default select * from transactions_2097_04")
        try owner.execute("drop table transactions_2097_04")
        let before = try fingerprint(database)
        XCTAssertEqual(try TransactionPartitions.ensure(owner, logger: Logger(label: "test")), 1)
        XCTAssertEqual(try placement(database)["T-far-next"], "transactions_2097_04")
        XCTAssertEqual(try fingerprint(database), before, "rows moved unchanged")

        // The moved rows are still known: the same records in a new file are duplicates.
        try scenario.writeInbox(
            "b.jsonl",
            [
                try scenario.record("T-far-1", settlementDate: "2097-03-10"),
                try scenario.record("T-far-next", settlementDate: "2097-04-01"),
            ], format: .jsonl)
        let replay = try ingest(scenario, database.database)
        XCTAssertEqual(replay.totals.duplicates, 2)
        XCTAssertEqual(replay.totals.settled, 0)
        XCTAssertEqual(try database.count("select count(*) from transactions"), 5)
    }

    /// ops/RUNBOOK.md "Archive old months": the keys stay, so a replay of an
    /// archived transaction is still a duplicate, and a changed one a conflict.
    func testReplayOfAnArchivedMonthIsStillADuplicateOrAConflict() throws {
        let database = try TestDatabase(test: self)
        let scenario = try scenario()
        XCTAssertEqual(try database.scalar("select recon_create_transaction_partitions('2097-05-01', '2097-05-01')"), "1")
        let originals = try ["A", "B", "C"].map { try scenario.record("T-\($0)", settlementDate: "2097-05-10") }
        try scenario.writeInbox("a.csv", originals, format: .csv)
        XCTAssertEqual(try ingest(scenario, database.database).totals.settled, 3)
        XCTAssertEqual(try database.count("select count(*) from transactions_2097_05"), 3)
        let originalBatch = try XCTUnwrap(try database.scalar("select id from batches where file_name = 'a.csv'"))

        let owner = try database.connect()
        try owner.execute("insert into archived_transaction_months (month, row_count) values ('2097-05-01', 3)")
        try owner.execute("alter table transactions detach partition transactions_2097_05")
        try owner.execute("drop table transactions_2097_05")
        XCTAssertEqual(try database.count("select count(*) from transactions"), 0)
        XCTAssertEqual(try database.count("select count(*) from transaction_keys"), 3)

        let changed = try scenario.record("T-C", amount: "11.00", settlementDate: "2097-05-10")
        try scenario.writeInbox("b.jsonl", [originals[0], originals[1], changed], format: .jsonl)
        let replay = try ingest(scenario, database.database)
        XCTAssertEqual(replay.totals.duplicates, 2)
        XCTAssertEqual(replay.totals.settled, 0)
        XCTAssertEqual(replay.totals.rejectedByReason, ["CONFLICT": 1])
        XCTAssertEqual(
            try database.scalar("select detail from rejected_records where reason = 'CONFLICT'"),
            "txn_id already settled (batch \(originalBatch), line 4) with different content")
        XCTAssertEqual(try database.count("select count(*) from transactions"), 0)
    }

    /// recon_app settles (fast and careful path) and creates partitions
    /// through the function, but has no DDL; recon_readonly reads the new
    /// partition and cannot create one.
    func testAppRoleSettlesAndCreatesPartitionsWithoutDDLRights() throws {
        let database = try TestDatabase(test: self)
        let app = database.database(asRole: "recon_app")
        let scenario = try scenario()
        let records = [
            try scenario.record("T-1"), try scenario.record("T-far", settlementDate: "2097-07-01"),
        ]
        try scenario.writeInbox("a.csv", records, format: .csv)
        XCTAssertEqual(try ingest(scenario, app).totals.settled, 2)
        try scenario.writeInbox("b.jsonl", records, format: .jsonl)
        XCTAssertEqual(try ingest(scenario, app).totals.duplicates, 2)

        let appSession = try app.connect()
        XCTAssertEqual(try appSession.execute("select current_user::text").string(row: 0, column: 0), "recon_app")
        // The batch brought July 2097: its partition exists already.
        XCTAssertEqual(
            try appSession.execute("select recon_create_transaction_partitions('2097-07-01', '2097-07-01')")
                .string(row: 0, column: 0), "0")
        XCTAssertEqual(try placement(database)["T-far"], "transactions_2097_07")
        assertSQLState("42501") { try appSession.execute("create table transactions_2097_08 (like transactions)") }
        assertSQLState("42501") { try appSession.execute("alter table transactions detach partition transactions_2097_07") }

        let reader = try database.database(asRole: "recon_readonly").connect()
        XCTAssertEqual(try reader.execute("select count(*) from transactions_2097_07").string(row: 0, column: 0), "1")
        XCTAssertEqual(try reader.execute("select count(*) from transaction_keys").string(row: 0, column: 0), "2")
        assertSQLState("42501") { try reader.execute("select recon_ensure_transaction_partitions()") }
        assertSQLState("42501") { try reader.execute("delete from transaction_keys") }
    }

    /// Settlement holds the partition layout in shared mode: creating a
    /// partition waits for the batch in flight (or gives up after its lock
    /// timeout, which is not an error), then proceeds.
    func testPartitionCreationWaitsForABatchBeingSettled() throws {
        let database = try TestDatabase(test: self)
        let newest = try XCTUnwrap(
            try database.scalar("select 'transactions_' || to_char(current_date + interval '3 months', 'YYYY_MM')"))
        let owner = try database.connect()
        try owner.execute("alter table transactions detach partition \(newest)")
        try owner.execute("drop table \(newest)")

        let settling = try database.connect()
        try settling.execute("begin")
        try TransactionPartitions.holdLayout(settling)
        let logger = Logger(label: "test")
        XCTAssertEqual(try TransactionPartitions.ensure(try database.connect(), logger: logger, lockTimeoutMilliseconds: 200), 0)
        XCTAssertEqual(try database.scalar("select to_regclass($1)::text", [.text(newest)]), nil)

        let created = expectation(description: "partition created")
        let target = database.database
        Thread.detachNewThread {
            if let connection = try? target.connect(),
                (try? TransactionPartitions.ensure(connection, logger: logger, lockTimeoutMilliseconds: 60_000)) == 1
            {
                created.fulfill()
            }
        }
        let deadline = Date().addingTimeInterval(20)
        var waiting = 0
        while waiting == 0 && Date() < deadline {
            waiting = try database.count(
                "select count(*) from pg_locks where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())")
            if waiting == 0 { Thread.sleep(forTimeInterval: 0.05) }
        }
        XCTAssertEqual(waiting, 1, "partition creation waits for the settlement's shared lock")
        XCTAssertEqual(try database.scalar("select to_regclass($1)::text", [.text(newest)]), nil)
        try settling.execute("commit")
        wait(for: [created], timeout: 30)
        XCTAssertEqual(try database.scalar("select to_regclass($1)::text", [.text(newest)]), newest)
    }
}
