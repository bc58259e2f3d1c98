import ReconStore
import XCTest

final class PostgresConnectionTests: XCTestCase {
    private let password = "Sup3r-Secret-pw"

    func testRefusedConnectionNamesHostAndPortButNotThePassword() throws {
        do {
            _ = try PostgresConnection(url: "postgresql://recon:\(password)@127.0.0.1:1/recon?connect_timeout=5")
            XCTFail("connected to port 1?")
        } catch {
            let text = "\(error) \(String(reflecting: error))"
            XCTAssertTrue(error.isConnectionFailure)
            XCTAssertFalse(text.contains(password), text)
            XCTAssertTrue(text.contains("127.0.0.1"), text)
            XCTAssertTrue(text.contains("port 1"), text)
            XCTAssertTrue(text.contains("check that PostgreSQL is running and listening there"), text)
            XCTAssertEqual(error.code, .unreachable)
            guard case .unavailable(let host, let port, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(host, "127.0.0.1")
            XCTAssertEqual(port, "1")
        }
    }

    func testMalformedURLErrorsDoNotEchoThePassword() throws {
        let urls = [
            "postgresql://recon:\(password)@[::1/recon",  // libpq quotes the whole URI here
            "postgresql://recon:\(password)@127.0.0.1:notaport/recon",
            "host=127.0.0.1 port=1 password='\(password)' nonsense",
            "host=127.0.0.1 port=1 password=\(password) connect_timeout=5",
        ]
        for url in urls {
            do {
                _ = try PostgresConnection(url: url)
                XCTFail("connected with \(url)")
            } catch {
                let text = "\(error) \(String(reflecting: error))"
                XCTAssertFalse(text.contains(password), text)
                XCTAssertTrue(error.isConnectionFailure, text)
            }
        }
    }

    func testParametersRoundTrip() throws {
        let database = try ScratchDatabase(for: self)
        let connection = try database.connect()
        let text = "O'Brien; DROP TABLE x; -- ünïcødé 💶"
        let bytes: [UInt8] = [0, 1, 2, 0x5C, 0x78, 0xFF]
        let result = try connection.execute(
            """
            SELECT $1::text, $2::int8, $3::int4, $4::int2, $5::bool, $6::bytea, $7::jsonb::text,
                   ($8::date - date '2000-01-01')::int8, $9::timestamptz = timestamptz '2000-01-01 00:00:01.5+00',
                   $10::text IS NULL, $11::bytea, $12::date
            """,
            [
                .text(text), .int64(Int64.min), .int32(-7), .int16(12), .bool(true), .bytea(bytes),
                .jsonb(#"{"b": [1, 2], "a": "x"}"#), .date(daysSince2000: 9_500),
                .timestamp(microsecondsSince2000: 1_500_000), nil, .bytea([]), .text("2026-01-31"),
            ])
        XCTAssertEqual(result.rowCount, 1)
        XCTAssertEqual(result.columnCount, 12)
        XCTAssertEqual(result.string(row: 0, column: 0), text)
        XCTAssertEqual(result.int64(row: 0, column: 1), Int64.min)
        XCTAssertEqual(result.int32(row: 0, column: 2), -7)
        XCTAssertEqual(result.int64(row: 0, column: 3), 12)
        XCTAssertEqual(result.bool(row: 0, column: 4), true)
        XCTAssertEqual(result.bytes(row: 0, column: 5), bytes)
        XCTAssertEqual(result.string(row: 0, column: 6), #"{"a": "x", "b": [1, 2]}"#)
        XCTAssertEqual(result.int64(row: 0, column: 7), 9_500)
        XCTAssertEqual(result.bool(row: 0, column: 8), true)
        XCTAssertEqual(result.bool(row: 0, column: 9), true)
        XCTAssertEqual(result.bytes(row: 0, column: 10), [])
        XCTAssertEqual(result.string(row: 0, column: 11), "2026-01-31")
    }

    func testNullsAndAffectedRows() throws {
        let database = try ScratchDatabase(for: self)
        let connection = try database.connect()
        try connection.execute("CREATE TABLE t (id int8 PRIMARY KEY, note text)")
        let insert = try connection.execute(
            "INSERT INTO t VALUES ($1, $2), ($3, $4)", [.int64(1), nil, .int64(2), .text("x")])
        XCTAssertEqual(insert.affectedRowCount, 2)
        let rows = try connection.execute("SELECT id, note FROM t ORDER BY id")
        XCTAssertEqual(rows.columnName(1), "note")
        XCTAssertEqual(rows.columnIndex(named: "note"), 1)
        XCTAssertNil(rows.columnIndex(named: "missing"))
        XCTAssertTrue(rows.isNull(row: 0, column: 1))
        XCTAssertNil(rows.string(row: 0, column: 1))
        XCTAssertEqual(rows.string(row: 1, column: 1), "x")
    }

    func testTextParameterWithNulIsRefused() throws {
        let database = try ScratchDatabase(for: self)
        let connection = try database.connect()
        XCTAssertThrowsError(try connection.execute("SELECT $1::text", [.text("a\u{0}b")])) { error in
            XCTAssertEqual((error as? DatabaseError)?.sqlState, "22021")
        }
    }

    func testServerErrorCarriesSQLStateAndSessionStaysUsable() throws {
        let database = try ScratchDatabase(for: self)
        let connection = try database.connect()
        XCTAssertThrowsError(try connection.execute("SELECT 1 / $1::int4", [.int32(0)])) { error in
            let error = error as! DatabaseError
            XCTAssertEqual(error.sqlState, "22012")
            XCTAssertFalse(error.isConnectionFailure)
            XCTAssertTrue("\(error)".contains("division by zero"), "\(error)")
        }
        XCTAssertFalse(connection.isConnectionBad)
        XCTAssertEqual(try connection.execute("SELECT 2").int64(row: 0, column: 0), 2)
    }

    func testUniqueViolationKeepsRowValuesOutOfDescription() throws {
        let database = try ScratchDatabase(for: self)
        let connection = try database.connect()
        try connection.execute("CREATE TABLE t (txn_id text CONSTRAINT t_txn UNIQUE)")
        try connection.execute("INSERT INTO t VALUES ($1)", [.text("secret-txn-42")])
        XCTAssertThrowsError(try connection.execute("INSERT INTO t VALUES ($1)", [.text("secret-txn-42")])) {
            let error = $0 as! DatabaseError
            XCTAssertEqual(error.sqlState, "23505")
            XCTAssertFalse(error.description.contains("secret-txn-42"), error.description)
            XCTAssertTrue(error.description.contains("t_txn"), error.description)
            XCTAssertTrue(error.debugDescription.contains("secret-txn-42"), error.debugDescription)
        }
    }

    func testTransactionCommitsAndRollsBack() throws {
        let database = try ScratchDatabase(for: self)
        let connection = try database.connect()
        try connection.execute("CREATE TABLE t (id int8 PRIMARY KEY)")
        let value = try connection.transaction {
            try connection.execute("INSERT INTO t VALUES (1)")
            return 7
        }
        XCTAssertEqual(value, 7)
        struct Stop: Error {}
        XCTAssertThrowsError(
            try connection.transaction {
                try connection.execute("INSERT INTO t VALUES (2)")
                XCTAssertTrue(connection.isInTransaction)
                throw Stop()
            }
        ) { XCTAssertTrue($0 is Stop) }
        XCTAssertFalse(connection.isInTransaction)
        // A failing statement rolls back the earlier insert of the same transaction.
        XCTAssertThrowsError(
            try connection.transaction {
                try connection.execute("INSERT INTO t VALUES (3)")
                try connection.execute("INSERT INTO t VALUES (1)")
            }
        ) { XCTAssertEqual(($0 as? DatabaseError)?.sqlState, "23505") }
        let rows = try connection.execute("SELECT array_agg(id ORDER BY id)::text FROM t")
        XCTAssertEqual(rows.string(row: 0, column: 0), "{1}")
    }

    func testSwallowedErrorMakesCommitFail() throws {
        let database = try ScratchDatabase(for: self)
        let connection = try database.connect()
        try connection.execute("CREATE TABLE t (id int8 PRIMARY KEY)")
        XCTAssertThrowsError(
            try connection.transaction {
                try connection.execute("INSERT INTO t VALUES (1)")
                _ = try? connection.execute("SELECT 1 / 0")
            }
        ) { XCTAssertEqual(($0 as? DatabaseError)?.sqlState, "25P02") }
        XCTAssertEqual(try connection.execute("SELECT count(*) FROM t").int64(row: 0, column: 0), 0)
    }

    func testTerminatedBackendIsAConnectionFailure() throws {
        let database = try ScratchDatabase(for: self)
        let victim = try database.connect()
        let killer = try database.connect()
        let terminated = try killer.execute(
            "SELECT pg_terminate_backend($1::int4)", [.int32(victim.backendProcessID)])
        XCTAssertEqual(terminated.bool(row: 0, column: 0), true)
        XCTAssertThrowsError(try victim.execute("SELECT 1")) { error in
            let error = error as! DatabaseError
            XCTAssertTrue(error.isConnectionFailure, "\(error)")
            XCTAssertTrue("\(error)".contains("run the same command again once PostgreSQL is back"), "\(error)")
        }
        XCTAssertTrue(victim.isConnectionBad)
        XCTAssertThrowsError(try victim.execute("SELECT 1")) {
            XCTAssertTrue(($0 as! DatabaseError).isConnectionFailure)
        }
    }

    func testClosedConnectionThrowsConnectionFailure() throws {
        let database = try ScratchDatabase(for: self)
        let connection = try database.connect()
        connection.close()
        XCTAssertTrue(connection.isConnectionBad)
        XCTAssertThrowsError(try connection.execute("SELECT 1")) {
            XCTAssertTrue(($0 as! DatabaseError).isConnectionFailure)
        }
    }

    func testEscapeIdentifier() throws {
        let database = try ScratchDatabase(for: self)
        let connection = try database.connect()
        XCTAssertEqual(try connection.escapeIdentifier(#"we"ird"#), #""we""ird""#)
    }

    func testDefaultsComeFromLibPQEnvironment() throws {
        // ops/lib/setup.sh exports PGHOST/PGPORT/PGUSER/PGPASSWORD; nil means "libpq decides".
        _ = try ScratchDatabase.serverURL()
        guard ProcessInfo.processInfo.environment["PGHOST"] != nil else { return }
        let connection = try PostgresConnection(url: nil)
        XCTAssertEqual(try connection.execute("SELECT 1").int64(row: 0, column: 0), 1)
    }
}
