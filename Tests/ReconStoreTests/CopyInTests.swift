import ReconStore
import XCTest

final class CopyInTests: XCTestCase {
    private let createTable = """
        CREATE TABLE every_type (
            id int8 PRIMARY KEY, small int2, medium int4, flag bool, name text, raw bytea,
            doc jsonb, day date, at timestamptz, missing text)
        """
    private let copyStatement =
        "COPY every_type (id, small, medium, flag, name, raw, doc, day, at, missing) FROM STDIN (FORMAT binary)"

    private func encodeRow(_ encoder: inout BinaryCopyEncoder, id: Int64) {
        encoder.beginRow(fieldCount: 10)
        encoder.appendInt64(id)
        encoder.appendInt16(-3)
        encoder.appendInt32(Int32(id % 1000))
        encoder.appendBool(id % 2 == 0)
        encoder.appendText("merchant-\(id) ü")
        encoder.appendBytea([0, 0xFF, UInt8(id % 256)])
        encoder.appendJSONB(#"{"k": \#(id)}"#)
        encoder.appendDate(daysSince2000: 9_497)  // 2026-01-01
        encoder.appendTimestamp(microsecondsSince2000: 820_540_800_000_000 + 1)  // 2026-01-01 00:00:00.000001Z
        encoder.appendNull()
    }

    func testBinaryCopyOfEveryTypeRoundTrips() throws {
        let database = try ScratchDatabase(for: self)
        let connection = try database.connect()
        try connection.execute(createTable)
        let rowCount: Int64 = 5_000
        let copied = try connection.copyIn(copyStatement) { writer in
            var encoder = BinaryCopyEncoder()
            encoder.writeHeader()
            for id in 1...rowCount {
                encodeRow(&encoder, id: id)
                try writer.sendIfFull(&encoder, threshold: 4_096)  // many flushes
            }
            encoder.writeTrailer()
            try writer.send(&encoder)
        }
        XCTAssertEqual(copied, rowCount)
        let rows = try connection.execute(
            """
            SELECT id, small, medium, flag, name, raw, doc::text, day::text,
                   to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'), missing
            FROM every_type WHERE id = ANY($1::int8[]) ORDER BY id
            """, [.text("{2,4999}")])
        XCTAssertEqual(rows.rowCount, 2)
        XCTAssertEqual(rows.int64(row: 0, column: 0), 2)
        XCTAssertEqual(rows.int64(row: 0, column: 1), -3)
        XCTAssertEqual(rows.int32(row: 0, column: 2), 2)
        XCTAssertEqual(rows.bool(row: 0, column: 3), true)
        XCTAssertEqual(rows.bool(row: 1, column: 3), false)
        XCTAssertEqual(rows.string(row: 1, column: 4), "merchant-4999 ü")
        XCTAssertEqual(rows.bytes(row: 1, column: 5), [0, 0xFF, UInt8(4999 % 256)])
        XCTAssertEqual(rows.string(row: 1, column: 6), #"{"k": 4999}"#)
        XCTAssertEqual(rows.string(row: 0, column: 7), "2026-01-01")
        XCTAssertEqual(rows.string(row: 0, column: 8), "2026-01-01 00:00:00.000001")
        XCTAssertNil(rows.string(row: 0, column: 9))
        XCTAssertEqual(try connection.execute("SELECT count(*) FROM every_type").int64(row: 0, column: 0), rowCount)
    }

    func testTextCopyFromBytes() throws {
        let database = try ScratchDatabase(for: self)
        let connection = try database.connect()
        try connection.execute("CREATE TABLE t (id int8, name text)")
        let copied = try connection.copyIn("COPY t FROM STDIN (FORMAT csv)") { writer in
            try writer.send(Array("1,a\n2,\"b,c\"\n".utf8))
            try writer.send(Array("3,d\n".utf8))
        }
        XCTAssertEqual(copied, 3)
        let rows = try connection.execute("SELECT name FROM t WHERE id = 2")
        XCTAssertEqual(rows.string(row: 0, column: 0), "b,c")
    }

    func testUniqueViolationReportsSQLStateAndInsertsNothing() throws {
        let database = try ScratchDatabase(for: self)
        let connection = try database.connect()
        try connection.execute(createTable)
        XCTAssertThrowsError(
            try connection.copyIn(copyStatement) { writer in
                var encoder = BinaryCopyEncoder()
                encoder.writeHeader()
                for id: Int64 in [1, 2, 3, 2, 4] { encodeRow(&encoder, id: id) }
                encoder.writeTrailer()
                try writer.send(&encoder)
            }
        ) { error in
            guard let error = error as? DatabaseError, case .query(let sqlState, _, let detail) = error else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(sqlState, "23505")
            XCTAssertEqual(detail.constraintName, "every_type_pkey")
            XCTAssertFalse(error.isConnectionFailure)
        }
        XCTAssertFalse(connection.isConnectionBad)
        XCTAssertEqual(try connection.execute("SELECT count(*) FROM every_type").int64(row: 0, column: 0), 0)
    }

    func testProducerErrorAbortsCopyAndSessionStaysUsable() throws {
        let database = try ScratchDatabase(for: self)
        let connection = try database.connect()
        try connection.execute(createTable)
        struct BadInput: Error {}
        XCTAssertThrowsError(
            try connection.copyIn(copyStatement) { writer in
                var encoder = BinaryCopyEncoder()
                encoder.writeHeader()
                for id: Int64 in 1...100 { encodeRow(&encoder, id: id) }
                try writer.send(&encoder)
                throw BadInput()
            }
        ) { XCTAssertTrue($0 is BadInput, "\($0)") }
        XCTAssertFalse(connection.isConnectionBad)
        XCTAssertEqual(try connection.execute("SELECT count(*) FROM every_type").int64(row: 0, column: 0), 0)
        // The same session can COPY again.
        let copied = try connection.copyIn(copyStatement) { writer in
            var encoder = BinaryCopyEncoder()
            encoder.writeHeader()
            encodeRow(&encoder, id: 1)
            encoder.writeTrailer()
            try writer.send(&encoder)
        }
        XCTAssertEqual(copied, 1)
    }

    func testMalformedBinaryDataIsAQueryError() throws {
        let database = try ScratchDatabase(for: self)
        let connection = try database.connect()
        try connection.execute("CREATE TABLE t (id int8)")
        XCTAssertThrowsError(
            try connection.copyIn("COPY t FROM STDIN (FORMAT binary)") { writer in
                var encoder = BinaryCopyEncoder()
                encoder.writeHeader()
                encoder.beginRow(fieldCount: 1)
                encoder.appendInt32(5)  // int4 into an int8 column
                encoder.writeTrailer()
                try writer.send(&encoder)
            }
        ) { error in
            let error = error as! DatabaseError
            XCTAssertNotNil(error.sqlState)
            XCTAssertFalse(error.isConnectionFailure)
        }
        XCTAssertEqual(try connection.execute("SELECT 1").int64(row: 0, column: 0), 1)
    }

    func testCopyInWithAStatementThatIsNotCopy() throws {
        let database = try ScratchDatabase(for: self)
        let connection = try database.connect()
        XCTAssertThrowsError(try connection.copyIn("SELECT 1") { _ in XCTFail("produce called") }) {
            guard case .unexpectedResult = $0 as! DatabaseError else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try connection.copyIn("COPY missing FROM STDIN") { _ in XCTFail("produce called") }) {
            XCTAssertEqual(($0 as! DatabaseError).sqlState, "42P01")
        }
        XCTAssertEqual(try connection.execute("SELECT 1").int64(row: 0, column: 0), 1)
    }

    func testCopyStartedThroughExecuteIsEndedCleanly() throws {
        let database = try ScratchDatabase(for: self)
        let connection = try database.connect()
        try connection.execute("CREATE TABLE t (id int8)")
        XCTAssertThrowsError(try connection.execute("COPY t FROM STDIN"))
        XCTAssertEqual(try connection.execute("SELECT count(*) FROM t").int64(row: 0, column: 0), 0)
    }
}

extension CopyInTests {
    func testFailedCopyInsideATransactionRollsBackTheWholeTransaction() throws {
        let database = try ScratchDatabase(for: self)
        let connection = try database.connect()
        try connection.execute("CREATE TABLE batches (id int8 PRIMARY KEY)")
        try connection.execute("CREATE TABLE rows (id int8 PRIMARY KEY)")
        XCTAssertThrowsError(
            try connection.transaction {
                try connection.execute("INSERT INTO batches VALUES (1)")
                _ = try connection.copyIn("COPY rows FROM STDIN") { writer in
                    try writer.send(Array("1\n2\n1\n".utf8))
                }
            }
        ) { XCTAssertEqual(($0 as? DatabaseError)?.sqlState, "23505") }
        let counts = try connection.execute("SELECT (SELECT count(*) FROM batches), (SELECT count(*) FROM rows)")
        XCTAssertEqual(counts.int64(row: 0, column: 0), 0)
        XCTAssertEqual(counts.int64(row: 0, column: 1), 0)
        // A successful COPY inside a transaction commits with it.
        try connection.transaction {
            try connection.execute("INSERT INTO batches VALUES (1)")
            XCTAssertEqual(try connection.copyIn("COPY rows FROM STDIN") { try $0.send(Array("1\n2\n".utf8)) }, 2)
        }
        XCTAssertEqual(try connection.execute("SELECT count(*) FROM rows").int64(row: 0, column: 0), 2)
    }
}

extension CopyInTests {
    /// An open COPY outlives the call that started it (settlement switches
    /// between two tables per segment); abort leaves the session usable.
    func testOpenCopyIsFedAcrossCallsFinishedOrAborted() throws {
        let database = try ScratchDatabase(for: self)
        let connection = try database.connect()
        try connection.execute(createTable)
        let copy = try connection.beginCopyIn(copyStatement)
        var first = BinaryCopyEncoder()
        first.writeHeader()
        encodeRow(&first, id: 1)
        try copy.writer.send(&first)
        var second = BinaryCopyEncoder()
        encodeRow(&second, id: 2)
        var rows = BinaryCopyEncoder()
        rows.append(rowsOf: second)
        rows.writeTrailer()
        try copy.writer.send(&rows)
        XCTAssertEqual(try copy.finish(), 2)

        let aborted = try connection.beginCopyIn(copyStatement)
        var more = BinaryCopyEncoder()
        more.writeHeader()
        encodeRow(&more, id: 3)
        try aborted.writer.send(&more)
        aborted.abort()
        aborted.abort()  // harmless twice
        XCTAssertFalse(connection.isConnectionBad)
        XCTAssertEqual(try connection.execute("SELECT string_agg(id::text, ',' ORDER BY id) FROM every_type").string(row: 0, column: 0), "1,2")
    }
}
