import Foundation
import ReconStore
import XCTest

/// A throwaway database on the test server, created per test case and dropped
/// at its end, so test cases can run in parallel without seeing each other.
final class ScratchDatabase {
    let serverURL: String
    let name: String

    struct MissingServer: Error {}

    /// The server the tests use. Database tests fail, never skip, without it.
    static func serverURL(file: StaticString = #filePath, line: UInt = #line) throws -> String {
        guard let url = ProcessInfo.processInfo.environment["RECON_TEST_DATABASE_URL"], !url.isEmpty else {
            XCTFail(
                """
                RECON_TEST_DATABASE_URL is not set: ReconStore tests need a real PostgreSQL. \
                Run ops/test, or: source ops/lib/setup.sh; recon_start_postgres /tmp/pg 55441; \
                export RECON_TEST_DATABASE_URL=$DATABASE_URL
                """, file: file, line: line)
            throw MissingServer()
        }
        return url
    }

    init(for testCase: XCTestCase, file: StaticString = #filePath, line: UInt = #line) throws {
        serverURL = try Self.serverURL(file: file, line: line)
        name = "recon_test_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let admin = try PostgresConnection(url: serverURL)
        try admin.execute("CREATE DATABASE \(try admin.escapeIdentifier(name))")
        testCase.addTeardownBlock { [serverURL, name] in
            guard let admin = try? PostgresConnection(url: serverURL),
                let quoted = try? admin.escapeIdentifier(name)
            else { return }
            _ = try? admin.execute("DROP DATABASE IF EXISTS \(quoted) WITH (FORCE)")
        }
    }

    func connect() throws -> PostgresConnection {
        try PostgresConnection(url: serverURL, databaseName: name)
    }
}

/// Collects values from several threads.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func update(_ body: (inout Value) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        body(&value)
    }

    var current: Value {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
