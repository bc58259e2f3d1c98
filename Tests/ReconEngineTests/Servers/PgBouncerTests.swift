import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Issue 14 point 8: recon behind Debian's PgBouncer, started by the test on
/// a loopback port in front of a cluster of the test's own. Session pooling
/// works; transaction pooling is refused before anything is locked or
/// written (recon holds session-level advisory locks), with exit 78 and a
/// message saying to use session mode.
final class PgBouncerTests: XCTestCase {
    private var cluster: PostgresCluster!
    private var bouncerFolder: String!

    override func setUpWithError() throws {
        cluster = try PostgresCluster(port: ServerTestPort.poolerBackend)
        try cluster.start()
        for name in ["recon_pool_session", "recon_pool_tx"] {
            try cluster.execute("create database \(name)")
            let migrate = try ReconCommand.run(["db", "migrate", "--database-url", cluster.socketURL(database: name)])
            XCTAssertEqual(migrate.status, 0, migrate.stderr)
        }
        bouncerFolder = cluster.folder + "/pgbouncer"
        try FileManager.default.createDirectory(atPath: bouncerFolder, withIntermediateDirectories: true)
        try Shell.chownToServerUser(bouncerFolder)
        let backend = "host=\(cluster.folder) port=\(cluster.port) user=recon"
        try Shell.writeOwned(
            """
            [databases]
            recon_session = \(backend) dbname=recon_pool_session pool_mode=session
            recon_tx = \(backend) dbname=recon_pool_tx pool_mode=transaction

            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = \(ServerTestPort.pgbouncer)
            unix_socket_dir =
            ; loopback only, a throwaway cluster: no client passwords
            auth_type = trust
            auth_file = \(bouncerFolder!)/userlist.txt
            default_pool_size = 4
            max_client_conn = 50
            logfile = \(bouncerFolder!)/pgbouncer.log
            pidfile = \(bouncerFolder!)/pgbouncer.pid

            """, to: bouncerFolder + "/pgbouncer.ini", mode: 0o600)
        try Shell.writeOwned("\"recon\" \"\"\n", to: bouncerFolder + "/userlist.txt", mode: 0o600)
        // PgBouncer refuses to run as root; -d daemonizes once it listens.
        try Shell.runAsServerUser("/usr/sbin/pgbouncer", ["-d", bouncerFolder + "/pgbouncer.ini"])
        try waitUntilListening(port: ServerTestPort.pgbouncer)
    }

    /// `pgbouncer -d` returns before the daemon listens.
    private func waitUntilListening(port: Int) throws {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            close(socket)
            if connected == 0 { return }
            usleep(50_000)
        }
        let log = (try? String(contentsOfFile: bouncerFolder + "/pgbouncer.log", encoding: .utf8)) ?? "(no log)"
        throw Shell.Failure(description: "PgBouncer did not listen on 127.0.0.1:\(port) within 15 s:\n\(log.suffix(2000))")
    }

    override func tearDown() {
        if let folder = bouncerFolder,
            let text = try? String(contentsOfFile: folder + "/pgbouncer.pid", encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
        {
            kill(pid, SIGTERM)
            for _ in 0..<50 where kill(pid, 0) == 0 { usleep(100_000) }
        }
        cluster = nil
    }

    /// recon as an operator runs it through PgBouncer. PGOPTIONS cleared:
    /// PgBouncer refuses the `options` startup parameter libpq sends for it
    /// unless `ignore_startup_parameters = options` (README, "Deployment").
    private func recon(_ arguments: [String]) throws -> ReconCommand.Result {
        try ReconCommand.run(arguments, environment: ["PGOPTIONS": ""])
    }

    private func bouncerURL(_ database: String) -> String {
        "postgresql://recon@127.0.0.1:\(ServerTestPort.pgbouncer)/\(database)"
    }

    private func night() throws -> Scenario {
        let scenario = try Scenario(keys: [.init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"])])
        try scenario.writeInbox("a.csv", (0..<200).map { try scenario.record("P-\($0)", reference: "PO-\($0 % 7)") }, format: .csv)
        return scenario
    }

    func testSessionPoolingRunsTheNightAndRerunsIt() throws {
        let scenario = try night()
        let arguments = ["run", scenario.jobPath, "--date", "2026-11-21", "--database-url", bouncerURL("recon_session"), "--quiet"]
        let first = try recon(arguments)
        XCTAssertTrue([0, 1].contains(first.status), first.stderr)
        let rerun = try recon(arguments)
        XCTAssertTrue([0, 1].contains(rerun.status), rerun.stderr)
        XCTAssertEqual(try cluster.scalar("select count(*) from transactions", database: "recon_pool_session"), "200")
        XCTAssertEqual(
            try cluster.scalar("select count(*) from batches where status <> 'settled'", database: "recon_pool_session"), "0")
        // It really went through PgBouncer: the server saw its sessions come from the pooler's socket.
        let log = try String(contentsOfFile: bouncerFolder + "/pgbouncer.log", encoding: .utf8)
        XCTAssertTrue(log.contains("recon_session/recon@127.0.0.1"), log.suffix(2000).description)
    }

    func testTransactionPoolingIsRefusedAtStartSayingToUseSessionMode() throws {
        let scenario = try night()
        let result = try recon([
            "run", scenario.jobPath, "--date", "2026-11-21", "--database-url", bouncerURL("recon_tx"), "--quiet",
        ])
        XCTAssertEqual(result.status, 78, result.stderr)
        XCTAssertTrue(result.stderr.contains("recon needs session pooling"), result.stderr)
        XCTAssertTrue(result.stderr.contains("pool_mode = session"), result.stderr)
        XCTAssertEqual(try cluster.scalar("select count(*) from batches", database: "recon_pool_tx"), "0")
        XCTAssertEqual(try cluster.scalar("select count(*) from transactions", database: "recon_pool_tx"), "0")
        XCTAssertEqual(
            try cluster.scalar("select count(*) from pg_locks where locktype = 'advisory'", database: "recon_pool_tx"), "0")
    }
}
