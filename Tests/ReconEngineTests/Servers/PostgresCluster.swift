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

/// Runs the servers' own programs (initdb, pg_ctl, openssl, pgbouncer).
enum Shell {
    struct Failure: Error, CustomStringConvertible { var description: String }

    static var isRoot: Bool { getuid() == 0 }

    /// posix_spawn and waitpid, output to a file: Foundation's Process
    /// waited forever here for `runuser pg_ctl start` (the server it leaves
    /// behind is a grandchild).
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let outputPath = NSTemporaryDirectory() + "recon-shell-\(UUID().uuidString).out"
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { $1 }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else { throw Failure(description: "cannot start \(executable): errno \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exited = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        guard exited == 0 else {
            throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) exited \(exited): \(text)")
        }
        return text
    }

    @discardableResult
    static func runAsServerUser(_ executable: String, _ arguments: [String]) throws -> String {
        isRoot ? try run("/usr/sbin/runuser", ["-u", "postgres", "--", executable] + arguments) : try run(executable, arguments)
    }

    static func chownToServerUser(_ path: String) throws {
        guard isRoot else { return }
        try FileManager.default.setAttributes([.ownerAccountName: "postgres", .groupOwnerAccountName: "postgres"], ofItemAtPath: path)
    }

    static func writeOwned(_ contents: String, to path: String, mode: Int) throws {
        try contents.write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        try chownToServerUser(path)
    }
}
