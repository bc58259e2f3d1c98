import Foundation
import ReconStore
import XCTest

/// SPEC §7: "a database error names what failed (server unreachable,
/// authentication, database missing, TLS) and the fix for that case". Each
/// failure is provoked against the real test server (password auth over TCP
/// with scram-sha-256, ssl off), through the built binary.
final class ConnectionDiagnosisTests: XCTestCase {
    private static let password = "diagnosis-test-only-pw"
    private static let wrongPassword = "not-the-password-42"

    /// A login role of this test's own (roles are cluster-wide), dropped after.
    private func role(_ database: TestDatabase) throws -> String {
        let name = "recon_diag_\(UInt32.random(in: 0...UInt32.max))"
        let admin = try database.connect()
        try admin.execute("create role \(name) login password '\(Self.password)'")
        addTeardownBlock { _ = try? database.connect().execute("drop role if exists \(name)") }
        return name
    }

    private func url(_ database: TestDatabase, user: String, password: String, name: String? = nil, options: String = "") -> String {
        var components = URLComponents(string: database.url)!
        components.user = user
        components.password = password
        if let name { components.path = "/" + name }
        return components.string! + (options.isEmpty ? "" : "?" + options)
    }

    private func assertDiagnosis(
        _ url: String, _ code: DatabaseError.Code, says phrases: [String], file: StaticString = #filePath, line: UInt = #line
    ) throws {
        do {
            _ = try PostgresConnection(url: url)
            XCTFail("connected with \(url)", file: file, line: line)
        } catch {
            XCTAssertEqual(error.code, code, "\(error)", file: file, line: line)
        }
        let scenario = try Scenario(keys: [.init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"])])
        // No PGPASSWORD: the password in the URL is the one tried.
        let result = try ReconCommand.run(["batches", scenario.jobPath, "--database-url", url], environment: ["PGPASSWORD": ""])
        XCTAssertEqual(result.status, 69, result.stderr, file: file, line: line)
        for phrase in phrases { XCTAssertTrue(result.stderr.contains(phrase), "\(phrase): \(result.stderr)", file: file, line: line) }
        XCTAssertEqual(result.stderr.contains("is running"), code == .unreachable, result.stderr, file: file, line: line)
        XCTAssertFalse(result.stderr.contains(Self.password), result.stderr, file: file, line: line)
        XCTAssertFalse(result.stderr.contains(Self.wrongPassword), result.stderr, file: file, line: line)
    }

    func testUnreachableServer() throws {
        try assertDiagnosis(
            "postgresql://app:\(Self.password)@127.0.0.1:55467/diagnosis?connect_timeout=5", .unreachable,
            says: ["cannot connect to PostgreSQL at host 127.0.0.1 port 55467", "check that PostgreSQL is running"])
    }

    func testWrongPasswordIsAnAuthenticationFailureNotAnOutage() throws {
        let database = try TestDatabase(migrated: false)
        let user = try role(database)
        try assertDiagnosis(
            url(database, user: user, password: Self.wrongPassword), .authenticationFailed,
            says: ["PostgreSQL refused the login", "password authentication failed for user \"\(user)\"", "check the user name and the password"])
    }

    func testMissingDatabase() throws {
        let database = try TestDatabase(migrated: false)
        let user = try role(database)
        try assertDiagnosis(
            url(database, user: user, password: Self.password, name: "nosuchdb_diag"), .databaseMissing,
            says: ["database \"nosuchdb_diag\" does not exist", "createdb"])
    }

    func testPermissionDeniedToConnect() throws {
        let database = try TestDatabase(migrated: false)
        let user = try role(database)
        try database.connect().execute("revoke connect on database \(database.name) from public")
        try assertDiagnosis(
            url(database, user: user, password: Self.password), .permissionDenied,
            says: ["permission denied for database \"\(database.name)\"", "CONNECT on the database"])
    }

    /// The test server has ssl off: a URL that insists on TLS.
    func testClientRequiresTLSTheServerDoesNotOffer() throws {
        let database = try TestDatabase(migrated: false)
        let user = try role(database)
        try assertDiagnosis(
            url(database, user: user, password: Self.password, options: "sslmode=require"), .tlsRequired,
            says: ["server does not support SSL", "enable ssl on the server or change sslmode"])
    }

    /// Reachable and logged in, but the role may not write what ingest writes.
    func testPermissionDeniedOnAStatementExits69WithTheRolesAdvice() throws {
        let database = try TestDatabase()
        let scenario = try Scenario(keys: [.init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"])])
        try scenario.writeInbox("a.csv", [try scenario.record("T-1")], format: .csv)
        let readonly = database.database(asRole: "recon_readonly").url!
        let result = try ReconCommand.run(["ingest", scenario.jobPath, "--database-url", readonly])
        XCTAssertEqual(result.status, 69, result.stderr)
        XCTAssertTrue(result.stderr.contains("[42501]"), result.stderr)
        XCTAssertTrue(result.stderr.contains("Database roles"), result.stderr)
    }
}
