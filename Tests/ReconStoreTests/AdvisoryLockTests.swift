import ReconStore
import XCTest

final class AdvisoryLockTests: XCTestCase {
    func testLockHeldByOneSessionIsRefusedToAnotherUntilTheHolderCloses() throws {
        let database = try ScratchDatabase(for: self)
        let holder = try database.connect()
        let other = try database.connect()
        let key: Int64 = 42_000_001
        XCTAssertTrue(try holder.tryAdvisoryLock(key: key))
        XCTAssertFalse(try other.tryAdvisoryLock(key: key))
        XCTAssertTrue(try other.tryAdvisoryLock(key: key + 1), "other keys are independent")
        holder.close()
        // The server releases session locks when the backend notices the
        // session ended, a moment after the client hung up.
        let deadline = Date().addingTimeInterval(10)
        var acquired = false
        while !acquired, Date() < deadline {
            acquired = try other.tryAdvisoryLock(key: key)
            if !acquired { Thread.sleep(forTimeInterval: 0.02) }
        }
        XCTAssertTrue(acquired, "lock still held 10 s after its session closed")
    }

    func testUnlockReleasesAndReportsWhetherHeld() throws {
        let database = try ScratchDatabase(for: self)
        let first = try database.connect()
        let second = try database.connect()
        let key: Int64 = -7
        try first.advisoryLock(key: key)
        XCTAssertFalse(try second.tryAdvisoryLock(key: key))
        XCTAssertFalse(try second.advisoryUnlock(key: key), "second never held it")
        XCTAssertTrue(try first.advisoryUnlock(key: key))
        XCTAssertTrue(try second.tryAdvisoryLock(key: key))
    }

    func testBlockingLockWaitsForTheHolder() throws {
        let database = try ScratchDatabase(for: self)
        let holder = try database.connect()
        let key: Int64 = 99
        XCTAssertTrue(try holder.tryAdvisoryLock(key: key))
        let acquired = expectation(description: "waiter got the lock")
        let events = LockedBox<[String]>([])
        let name = database.name
        let url = database.serverURL
        Thread.detachNewThread {
            do {
                let waiter = try PostgresConnection(url: url, databaseName: name)
                try waiter.advisoryLock(key: key)
                events.update { $0.append("acquired") }
                acquired.fulfill()
            } catch {
                events.update { $0.append("error \(error)") }
                acquired.fulfill()
            }
        }
        Thread.sleep(forTimeInterval: 0.3)
        events.update { $0.append("releasing") }
        holder.close()
        wait(for: [acquired], timeout: 10)
        XCTAssertEqual(events.current, ["releasing", "acquired"])
    }
}
