import Foundation
import ReconStore
import XCTest

/// Loopback ports of the server tests, one place so that two never collide
/// (the suite's own server is RECON_TEST_PORT, outside this range in CI).
enum ServerTestPort {
    static let tls = 55452
    static let failoverPrimary = 55453
    static let failoverStandby = 55454
    static let poolerBackend = 55455
    static let pgbouncer = 55456
}

/// A PostgreSQL cluster of one server test's own, made with Debian's
/// packages (initdb, pg_ctl from /usr/lib/postgresql/N/bin) in a temporary
/// folder, listening on 127.0.0.1 and a private socket folder. It runs as
/// the `postgres` user when the tests run as root (the server refuses
/// root); `stop()` and `remove()` end it, and deinit does both.
final class PostgresCluster {
    static let password = "server-test-only-password"
    let folder: String
    let port: Int
    var dataDirectory: String { folder + "/data" }
    var logFile: String { folder + "/server.log" }
    private var running = false

    /// A new cluster: superuser `recon` (password above), local socket
    /// trusted, TCP with scram-sha-256 unless `hba` replaces pg_hba.conf.
    init(port: Int, configuration: String = "", hba: String? = nil) throws {
        self.port = port
        folder = try Self.makeFolder()
        try Shell.writeOwned(Self.password + "\n", to: folder + "/pwfile", mode: 0o600)
        try Shell.runAsServerUser(
            Self.binary("initdb"),
            ["-D", dataDirectory, "-U", "recon", "--pwfile=\(folder)/pwfile", "--auth-local=trust",
             "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
        try FileManager.default.removeItem(atPath: folder + "/pwfile")
        try appendConfiguration(
            """
            listen_addresses = '127.0.0.1'
            port = \(port)
            unix_socket_directories = '\(folder)'
            fsync = off
            shared_buffers = 64MB
            max_connections = 40
            \(configuration)
            """)
        if let hba { try Shell.writeOwned(hba, to: dataDirectory + "/pg_hba.conf", mode: 0o600) }
    }

    /// A streaming standby of `primary`, cloned with `pg_basebackup -R`
    /// (which writes primary_conninfo and standby.signal); its
    /// walreceiver's application_name is `standby` (cluster_name).
    init(standbyOf primary: PostgresCluster, port: Int) throws {
        self.port = port
        folder = try Self.makeFolder()
        try Shell.runAsServerUser(
            Self.binary("pg_basebackup"),
            ["-D", dataDirectory, "-h", primary.folder, "-p", String(primary.port), "-U", "recon", "-R", "-X", "stream",
             "--no-sync"])
        try appendConfiguration(
            """
            port = \(port)
            unix_socket_directories = '\(folder)'
            cluster_name = 'standby'
            """)
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    func appendConfiguration(_ lines: String) throws {
        let path = dataDirectory + "/postgresql.conf"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(("\n" + lines + "\n").utf8))
    }

    /// Writes a file into the data directory owned by the server user (TLS
    /// keys must be 0600 and the server's, or the server refuses to start).
    func install(_ contents: String, as name: String, mode: Int = 0o600) throws {
        try Shell.writeOwned(contents, to: dataDirectory + "/" + name, mode: mode)
    }

    func start() throws {
        do {
            try Shell.runAsServerUser(Self.binary("pg_ctl"), ["-D", dataDirectory, "-l", logFile, "-w", "-t", "30", "start"])
        } catch {
            let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "(no log)"
            throw Shell.Failure(description: "\(error)\nserver log:\n\(log.suffix(3000))")
        }
        running = true
    }

    /// `fast`: sessions are terminated, as when an operator or a failing
    /// machine takes the server down under a running job.
    func stop(mode: String = "fast") {
        guard running else { return }
        _ = try? Shell.runAsServerUser(Self.binary("pg_ctl"), ["-D", dataDirectory, "-m", mode, "-w", "-t", "30", "stop"])
        running = false
    }

    func promote() throws {
        try Shell.runAsServerUser(Self.binary("pg_ctl"), ["-D", dataDirectory, "-w", "-t", "30", "promote"])
    }

    /// The superuser over the private socket (trusted): for set-up only.
    func socketURL(database: String = "postgres") -> String {
        "postgresql:///\(database)?host=\(folder)&port=\(port)&user=recon"
    }

    /// recon's view: TCP on loopback with the password in the URL.
    func tcpURL(database: String, user: String = "recon", password: String? = PostgresCluster.password, options: String = "")
        -> String
    {
        let credentials = password.map { "\(user):\($0)" } ?? user
        return "postgresql://\(credentials)@127.0.0.1:\(port)/\(database)" + (options.isEmpty ? "" : "?" + options)
    }

    @discardableResult
    func execute(_ sql: String, database: String = "postgres") throws -> QueryResult {
        try PostgresConnection(url: socketURL(database: database)).execute(sql)
    }

    func scalar(_ sql: String, database: String) throws -> String? {
        let result = try execute(sql, database: database)
        return result.rowCount == 0 ? nil : result.string(row: 0, column: 0)
    }

    static func binary(_ name: String) -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        return "\(root)/\(versions.last ?? 15)/bin/\(name)"
    }

    private static func makeFolder() throws -> String {
        var template = Array("/tmp/recon-server-test.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw Shell.Failure(description: "mkdtemp failed") }
        let folder = String(cString: made)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder)
        try Shell.chownToServerUser(folder)
        return folder
    }
}
