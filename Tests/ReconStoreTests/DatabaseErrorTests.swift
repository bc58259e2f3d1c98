import ReconStore
import XCTest

/// Classification and wording; no database needed.
final class DatabaseErrorTests: XCTestCase {
    private func query(_ sqlState: String?) -> DatabaseError {
        .query(sqlState: sqlState, message: "m", serverDetail: ServerErrorDetail())
    }

    func testConnectionFailuresMapToDatabaseUnavailable() {
        for sqlState in ["08000", "08003", "08006", "57P01", "57P02", "57P03"] {
            XCTAssertTrue(query(sqlState).isConnectionFailure, sqlState)
        }
        XCTAssertTrue(DatabaseError.unavailable(host: "h", port: "1", message: "m").isConnectionFailure)
        XCTAssertTrue(DatabaseError.connectionLost(sqlState: nil, message: "m").isConnectionFailure)
    }

    func testDataErrorsAreNotConnectionFailures() {
        // 08P01 is also what the server says about malformed COPY data on a live session.
        for sqlState in ["23505", "22012", "40001", "57014", "08P01", nil] {
            XCTAssertFalse(query(sqlState).isConnectionFailure, sqlState ?? "nil")
        }
        XCTAssertFalse(DatabaseError.unexpectedResult(message: "m").isConnectionFailure)
    }

    func testDescriptionKeepsDetailForDebugOnly() {
        let error = DatabaseError.query(
            sqlState: "23505", message: "duplicate key value violates unique constraint \"t_pkey\"",
            serverDetail: ServerErrorDetail(detail: "Key (id)=(42) already exists.", constraintName: "t_pkey"))
        XCTAssertEqual(
            error.description,
            "PostgreSQL error [23505]: duplicate key value violates unique constraint \"t_pkey\" (constraint t_pkey)")
        XCTAssertTrue(error.debugDescription.hasSuffix("; detail: Key (id)=(42) already exists."))
    }

    func testUnavailableDescriptionSaysWhereAndWhatToCheck() {
        let tcp = DatabaseError.unavailable(host: "db.internal", port: "5433", message: "timeout expired")
        XCTAssertEqual(
            tcp.description,
            "cannot connect to PostgreSQL at host db.internal port 5433: timeout expired; "
                + "check that PostgreSQL is running and listening there, and the host and port in "
                + "--database-url / DATABASE_URL (or PGHOST/PGPORT)")
        let socket = DatabaseError.unavailable(host: "/run/postgresql", port: "5432", message: "No such file")
        XCTAssertTrue(socket.description.contains("socket /run/postgresql/.s.PGSQL.5432"), socket.description)
    }
}
