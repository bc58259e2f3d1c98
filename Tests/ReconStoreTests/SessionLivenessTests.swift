import Foundation
import ReconStore
import XCTest

/// Every session asks its backend to watch the client (see SessionLiveness):
/// a crashed client's statement must not run on for minutes holding locks.
final class SessionLivenessTests: XCTestCase {
    func testEverySessionChecksItsClientAndProbesIdlePeers() throws {
        let connection = try PostgresConnection(url: try ScratchDatabase.serverURL())
        func show(_ name: String) throws -> String? {
            try connection.execute("select current_setting($1)", [.text(name)]).string(row: 0, column: 0)
        }
        XCTAssertEqual(try show("client_connection_check_interval"), "2s")
        XCTAssertEqual(try show("tcp_keepalives_idle"), "10")
        XCTAssertEqual(try show("tcp_keepalives_interval"), "5")
        XCTAssertEqual(try show("tcp_keepalives_count"), "3")
    }

    /// A backend running a long statement for a client that closed its
    /// socket ends within seconds, not when the statement would have ended.
    func testStatementOfAVanishedClientEndsWithinSeconds() throws {
        let url = try ScratchDatabase.serverURL()
        let observer = try PostgresConnection(url: url)
        let client = try PostgresConnection(url: url)
        let pid = client.backendProcessID
        let box = ConnectionBox(client)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? box.connection.execute("select pg_sleep(300)")
            done.signal()
        }
        func running() throws -> Bool {
            try observer.execute("select count(*)::text from pg_stat_activity where pid = $1 and state = 'active'", [.int32(pid)])
                .string(row: 0, column: 0) == "1"
        }
        let startDeadline = Date().addingTimeInterval(30)
        while try !running(), Date() < startDeadline { usleep(10_000) }
        XCTAssertTrue(try running(), "the statement never started")
        box.connection.shutdownSocketForTesting()
        let closed = Date()
        while try observer.execute("select count(*)::text from pg_stat_activity where pid = $1", [.int32(pid)])
            .string(row: 0, column: 0) == "1", Date().timeIntervalSince(closed) < 30
        {
            usleep(50_000)
        }
        let lingered = Date().timeIntervalSince(closed)
        XCTAssertLessThan(lingered, 30, "the backend ran on after its client closed the socket")
        done.wait()
    }
}

private final class ConnectionBox: @unchecked Sendable {
    let connection: PostgresConnection
    init(_ connection: PostgresConnection) { self.connection = connection }
}
