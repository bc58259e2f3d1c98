/// How a session and its server notice that the other side is gone.
///
/// A `recon` process killed in the middle of a long statement leaves its
/// backend running that statement, holding the job lock, until the server
/// next tries to talk to the client: by default only when the statement
/// ends, which after a crash can be minutes of work nobody will commit, while
/// the rerun exits 75. Each session therefore asks its backend to check the
/// client's socket every few seconds while it works
/// (`client_connection_check_interval`, PostgreSQL 14+: a closed socket ends
/// the statement and the session at once), and to probe an idle TCP peer
/// with keepalives, so a client lost with its network (no FIN ever arrives)
/// is given up after about half a minute instead of the kernel's two hours.
/// The client side gets keepalives too, for a server lost the same way.
///
/// Set per session, not in `postgresql.conf`: recon works against servers
/// it does not administer, and the settings only concern its own sessions.
enum SessionLiveness {
    /// How often a working backend looks at the client's socket.
    static let clientCheckInterval = "2s"
    /// Server side: idle seconds before the first probe, seconds between
    /// probes, probes lost before the connection is dead (≈ 10 + 3 × 5 s).
    static let serverKeepalivesIdleSeconds = 10
    static let serverKeepalivesIntervalSeconds = 5
    static let serverKeepalivesCount = 3

    /// libpq keywords placed before the URL, so a URL that sets them wins.
    static let clientParameters: [(String, String)] = [
        ("keepalives", "1"), ("keepalives_idle", "10"), ("keepalives_interval", "5"),
        ("keepalives_count", "3"),
    ]

    /// Sets the server-side checks on a fresh session. TCP settings are
    /// accepted and ignored by the server on a Unix-domain socket.
    static func apply(to connection: PostgresConnection, serverVersion: Int32) throws(DatabaseError) {
        var settings: [(String, String)] = [
            ("tcp_keepalives_idle", "\(serverKeepalivesIdleSeconds)"),
            ("tcp_keepalives_interval", "\(serverKeepalivesIntervalSeconds)"),
            ("tcp_keepalives_count", "\(serverKeepalivesCount)"),
        ]
        if serverVersion >= 140_000 { settings.append(("client_connection_check_interval", clientCheckInterval)) }
        let calls = settings.indices.map { "set_config($\($0 * 2 + 1), $\($0 * 2 + 2), false)" }
        try connection.execute(
            "select " + calls.joined(separator: ", "), settings.flatMap { [.text($0.0), .text($0.1)] })
    }
}
