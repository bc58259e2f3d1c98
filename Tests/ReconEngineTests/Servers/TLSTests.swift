import Foundation
import XCTest

/// Issue 14 point 6: recon over TLS as libpq does it, against a server with
/// `ssl=on` whose certificate comes from a CA made at test time. Host name
/// `localhost` is in the server certificate; `hostaddr=127.0.0.1` keeps
/// libpq from trying ::1 while it still checks the name `localhost`.
final class TLSTests: XCTestCase {
    private static let clientUser = "recon_tls_client"
    private var authority: TestCertificateAuthority!
    private var cluster: PostgresCluster!
    private let database = "recon_tls"

    override func setUpWithError() throws {
        authority = try TestCertificateAuthority(name: "recon-test-ca")
        let server = try authority.issue(commonName: "localhost", dnsNames: ["localhost"], file: "server")
        cluster = try PostgresCluster(
            port: ServerTestPort.tls,
            configuration: """
                ssl = on
                ssl_cert_file = 'server.crt'
                ssl_key_file = 'server.key'
                ssl_ca_file = 'ca.crt'
                """,
            hba: """
                local all all trust
                hostssl all \(Self.clientUser) 127.0.0.1/32 cert
                hostssl all all 127.0.0.1/32 scram-sha-256
                """)
        try cluster.install(try String(contentsOfFile: server.certificate, encoding: .utf8), as: "server.crt", mode: 0o644)
        try cluster.install(try String(contentsOfFile: server.key, encoding: .utf8), as: "server.key", mode: 0o600)
        try cluster.install(try String(contentsOfFile: authority.certificatePath, encoding: .utf8), as: "ca.crt", mode: 0o644)
        try cluster.start()
        try cluster.execute("create database \(database)")
    }

    override func tearDown() {
        cluster = nil
        authority = nil
    }

    private func verifyFull(host: String = "localhost", rootCertificate: String, extra: String = "") -> String {
        "postgresql://recon:\(PostgresCluster.password)@\(host):\(cluster.port)/\(database)?hostaddr=127.0.0.1"
            + "&sslmode=verify-full&sslrootcert=\(rootCertificate)\(extra)"
    }

    /// No PGPASSWORD or PGSSL* from the suite's environment: the URL alone.
    private func recon(_ arguments: [String]) throws -> ReconCommand.Result {
        try ReconCommand.run(arguments, environment: ["PGPASSWORD": "", "PGSSLMODE": "", "PGSSLROOTCERT": ""])
    }

    func testVerifyFullWithTheRightCAMigratesAndRuns() throws {
        let url = verifyFull(rootCertificate: authority.certificatePath)
        let migrate = try recon(["db", "migrate", "--database-url", url])
        XCTAssertEqual(migrate.status, 0, migrate.stderr)
        let scenario = try Scenario(keys: [.init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"])])
        try scenario.writeInbox("a.csv", (0..<20).map { try scenario.record("T-\($0)") }, format: .csv)
        let run = try recon(["run", scenario.jobPath, "--date", "2026-11-21", "--database-url", url, "--quiet"])
        XCTAssertTrue([0, 1].contains(run.status), run.stderr)
        XCTAssertEqual(try cluster.scalar("select count(*) from transactions", database: database), "20")
        // The server takes TCP sessions only over TLS (hostssl): the same URL without it is refused.
        let plain = try recon(["db", "status", "--database-url", url.replacing("sslmode=verify-full", with: "sslmode=disable")])
        XCTAssertEqual(plain.status, 69, plain.stderr)
    }

    func testAnotherCAFailsWith69SayingTheCertificateIsNotTrusted() throws {
        let stranger = try TestCertificateAuthority(name: "some-other-ca")
        let result = try recon(["db", "status", "--database-url", verifyFull(rootCertificate: stranger.certificatePath)])
        XCTAssertEqual(result.status, 69, result.stderr)
        XCTAssertTrue(result.stderr.contains("TLS with PostgreSQL failed"), result.stderr)
        XCTAssertTrue(result.stderr.contains("certificate verify failed"), result.stderr)
        XCTAssertTrue(result.stderr.contains("not signed by the CA in sslrootcert"), result.stderr)
        XCTAssertFalse(result.stderr.contains(PostgresCluster.password), result.stderr)
    }

    func testAHostNameTheCertificateDoesNotCarryFailsWith69SayingSo() throws {
        let result = try recon([
            "db", "status", "--database-url", verifyFull(host: "127.0.0.1", rootCertificate: authority.certificatePath),
        ])
        XCTAssertEqual(result.status, 69, result.stderr)
        XCTAssertTrue(result.stderr.contains("does not match host name \"127.0.0.1\""), result.stderr)
        XCTAssertTrue(result.stderr.contains("the host name in the URL is not one the server's certificate carries"), result.stderr)
        XCTAssertFalse(result.stderr.contains("not signed by the CA"), result.stderr)
    }

    /// pg_hba `cert`: the client certificate's CN is the user, no password.
    func testClientCertificateAuthentication() throws {
        let migrate = try recon(["db", "migrate", "--database-url", verifyFull(rootCertificate: authority.certificatePath)])
        XCTAssertEqual(migrate.status, 0, migrate.stderr)
        try cluster.execute("create role \(Self.clientUser) login in role recon_app")
        let client = try authority.issue(commonName: Self.clientUser, file: "client")
        let base = "postgresql://\(Self.clientUser)@localhost:\(cluster.port)/\(database)?hostaddr=127.0.0.1"
            + "&sslmode=verify-full&sslrootcert=\(authority.certificatePath)"

        let scenario = try Scenario(keys: [.init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"])])
        try scenario.writeInbox("a.csv", (0..<5).map { try scenario.record("C-\($0)") }, format: .csv)
        let run = try recon([
            "run", scenario.jobPath, "--date", "2026-11-21", "--quiet",
            "--database-url", base + "&sslcert=\(client.certificate)&sslkey=\(client.key)",
        ])
        XCTAssertTrue([0, 1].contains(run.status), run.stderr)
        XCTAssertEqual(try cluster.scalar("select count(*) from transactions", database: database), "5")

        let without = try recon(["db", "status", "--database-url", base + "&sslcert=/nonexistent.crt&sslkey=/nonexistent.key"])
        XCTAssertEqual(without.status, 69, without.stderr)
        XCTAssertTrue(without.stderr.contains("client certificate"), without.stderr)
    }
}
