import Foundation
import ReconEngine
import ReconStore
import XCTest

/// A fresh, migrated database on the real test PostgreSQL for one test case,
/// dropped afterwards. ops/test starts the server and sets
/// RECON_TEST_DATABASE_URL; without it these tests fail (never skip).
final class TestDatabase {
    let name: String
    let url: String
    let database: Database
    private let adminURL: String

    /// `migrated: false` leaves the database empty (for migration tests).
    /// With `test`, `recon db check` runs on it when the test ends and any
    /// drift of the maintained state from the raw rows fails the test.
    init(test: XCTestCase? = nil, migrated: Bool = true, file: StaticString = #filePath, line: UInt = #line) throws {
        guard let base = ProcessInfo.processInfo.environment["RECON_TEST_DATABASE_URL"], !base.isEmpty else {
            XCTFail("RECON_TEST_DATABASE_URL is not set: run the suite through ops/test, which starts PostgreSQL", file: file, line: line)
            throw XCTSkip("no database")
        }
        adminURL = base
        name = "recon_t_\(UInt32.random(in: 0...UInt32.max))"
        let admin = try PostgresConnection(url: base)
        try admin.execute("create database \(try admin.escapeIdentifier(name))")
        var components = URLComponents(string: base)!
        components.path = "/" + name
        url = components.string!
        database = Database(url: url, environment: [:])
        if migrated { _ = try SchemaMigration.migrate(database: database, folder: RepositoryPaths.root + "/sql") }
        test?.addTeardownBlock { [self] in self.assertNoDrift(file: file, line: line) }
    }

    /// `recon db check` finds nothing: groups, claims and open lines agree
    /// with the raw transactions, bank lines and matches.
    func assertNoDrift(file: StaticString = #filePath, line: UInt = #line) {
        guard (try? scalar("select to_regclass('settlement_groups') is not null")) == "t" else { return }
        do {
            // Tests that write transactions or batches with plain SQL (no
            // settlement, so no chain link) are not tampering: rows and
            // batches outside the chain are left to the tamper tests.
            let differences = try DriftCheck(database: database).run(limit: 20)
                .filter { $0.check != "unchained rows" && $0.kind != "batch not chained" }
            XCTAssertEqual(differences.map(\.description), [], "recon db check found drift", file: file, line: line)
        } catch {
            XCTFail("recon db check failed: \(error)", file: file, line: line)
        }
    }

    func connect() throws -> PostgresConnection { try database.connect() }

    /// The same database, the session acting as `role` (e.g. recon_app): the
    /// test server's user is a superuser and may take any role.
    func database(asRole role: String) -> Database {
        Database(url: url + (url.contains("?") ? "&" : "?") + "options=-c%20role%3D" + role, environment: [:])
    }

    func scalar(_ sql: String, _ parameters: [PostgresValue?] = []) throws -> String? {
        let result = try connect().execute(sql, parameters)
        return result.rowCount == 0 ? nil : result.string(row: 0, column: 0)
    }

    func count(_ sql: String, _ parameters: [PostgresValue?] = []) throws -> Int {
        Int(try scalar(sql, parameters) ?? "0") ?? -1
    }

    deinit {
        guard let admin = try? PostgresConnection(url: adminURL), let quoted = try? admin.escapeIdentifier(name) else { return }
        _ = try? admin.execute("drop database if exists \(quoted) with (force)")
    }
}

enum RepositoryPaths {
    /// The checkout this test was built from (Tests/ReconEngineTests/ → ../..).
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The built `recon` executable next to the test bundle.
    static var reconExecutable: String {
        let candidates = [".build/debug/recon", ".build/release/recon"].map { root + "/" + $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }
}

/// For tests that write transactions or bank lines with plain SQL instead of
/// through ingest and import: brings `settlement_groups`,
/// `settlement_group_files` and `open_bank_lines` up to date with them (sums recomputed, reconciliation
/// state kept), as settlement and import would have.
enum MaintainedState {
    static func syncAfterDirectInserts(_ connection: PostgresConnection) throws {
        try connection.execute(
            """
            insert into settlement_groups as g (source, merchant_id, settlement_ref, currency, net, payments, refunds,
                                                chargebacks, fees, adjustments, txn_count, settlement_date)
            select source, merchant_id, settlement_ref, currency, sum(amount),
                   coalesce(sum(amount) filter (where type = 'payment'), 0),
                   coalesce(sum(amount) filter (where type = 'refund'), 0),
                   coalesce(sum(amount) filter (where type = 'chargeback'), 0),
                   coalesce(sum(amount) filter (where type = 'fee'), 0),
                   coalesce(sum(amount) filter (where type = 'adjustment'), 0),
                   count(*), max(settlement_date)
            from transactions group by source, merchant_id, settlement_ref, currency
            on conflict (source, merchant_id, settlement_ref, currency) do update set
                net = excluded.net, payments = excluded.payments, refunds = excluded.refunds,
                chargebacks = excluded.chargebacks, fees = excluded.fees, adjustments = excluded.adjustments,
                txn_count = excluded.txn_count, settlement_date = excluded.settlement_date,
                closed = g.closed and (g.net = excluded.net or g.match_rule is not distinct from 'manual')
            """)
        try connection.execute("delete from settlement_group_files")
        try connection.execute(
            """
            insert into settlement_group_files
            select g.id, t.batch_id, t.type, count(*), sum(t.amount),
                   (array_agg(t.line order by t.line))[1:50], min(t.settlement_date), max(t.settlement_date)
            from transactions t
            join settlement_groups g on g.source = t.source and g.merchant_id = t.merchant_id
                 and g.settlement_ref = t.settlement_ref and g.currency = t.currency
            group by g.id, t.batch_id, t.type
            """)
        try connection.execute(
            """
            insert into open_bank_lines (bank_line_id, job, reference, amount, currency, booking_date)
            select l.id, l.job, l.reference, l.amount, l.currency, l.booking_date from bank_lines l
            where not exists (select 1 from open_bank_lines o where o.bank_line_id = l.id)
              and not exists (select 1 from recon_matches m where m.bank_line_id = l.id)
            """)
    }
}

extension XCTestCase {
    /// A folder with the repository's migrations up to `last` (inclusive),
    /// removed when the test ends: a database of an older release's schema.
    func migrationsFolder(through last: Int) throws -> String {
        let folder = NSTemporaryDirectory() + "recon-migrations-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
        let source = RepositoryPaths.root + "/sql"
        for name in try FileManager.default.contentsOfDirectory(atPath: source) where name.hasSuffix(".sql") {
            guard let number = Int(name.prefix(3)), number <= last else { continue }
            try FileManager.default.copyItem(atPath: source + "/" + name, toPath: folder + "/" + name)
        }
        return folder
    }
}
