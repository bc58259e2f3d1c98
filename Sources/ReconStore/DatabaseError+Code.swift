/// What failed, in the words an operator fixes it by (SPEC §7: "a database
/// error names what failed … and the fix for that case").
extension DatabaseError {
    public enum Code: String, Sendable, CaseIterable {
        /// No server answered where libpq looked (stopped, wrong host or port, firewall).
        case unreachable
        /// The server answered and refused the login (password, unknown user, pg_hba.conf).
        case authenticationFailed
        /// The server has no database of that name.
        case databaseMissing
        /// One side insists on TLS and the other does not offer it.
        case tlsRequired
        /// TLS was tried and failed (certificate not trusted, host name not in it, handshake).
        case tlsFailed
        /// The role may not connect to the database, or lacks a privilege a statement needs.
        case permissionDenied
        /// The server is up but not taking sessions now (starting, shutting down, full).
        case serverBusy
        /// An open session died while working.
        case connectionLost
        /// The server refused one statement; the session is fine.
        case statementFailed
        /// The server answered something recon did not expect (a bug).
        case unexpectedResult
    }

    public var code: Code {
        switch self {
        case .unavailable(_, _, let message): return Self.classifyConnectFailure(message)
        case .connectionLost: return .connectionLost
        case .query(let sqlState, _, _):
            if sqlState == "42501" { return .permissionDenied }
            if sqlState == "57P03" || sqlState == "53300" { return .serverBusy }
            return Self.isConnectionFailure(sqlState: sqlState) ? .connectionLost : .statementFailed
        case .unexpectedResult: return .unexpectedResult
        }
    }

    /// libpq gives no SQLSTATE for a failed connect, only its message (the
    /// server's FATAL line quoted in it); these are libpq's and PostgreSQL's
    /// English texts. With `sslmode=prefer` libpq tries twice and reports
    /// both attempts, so the most telling reason wins: a wrong password
    /// beats the plain attempt's "no encryption". Anything unrecognised is
    /// `unreachable`, the old answer.
    static func classifyConnectFailure(_ message: String) -> Code {
        let text = message.lowercased()
        func has(_ needle: String) -> Bool { text.contains(needle) }
        if has("password authentication failed") || has("no password supplied") { return .authenticationFailed }
        if has("database \"") && has("does not exist") { return .databaseMissing }
        if has("permission denied for database") || has("not permitted to log in") { return .permissionDenied }
        if has("no pg_hba.conf entry") && has("no encryption") { return .tlsRequired }
        if has("server does not support ssl") { return .tlsRequired }
        // "… SSL encryption" ends this line too: no pg_hba line, TLS was fine.
        if has("no pg_hba.conf entry") || has("authentication failed") || (has("role \"") && has("does not exist")) {
            return .authenticationFailed
        }
        if has("ssl") || has("certificate") || has("tls") { return .tlsFailed }
        if has("the database system is starting up") || has("the database system is shutting down")
            || has("too many clients") || has("remaining connection slots") || has("in recovery mode")
        {
            return .serverBusy
        }
        return .unreachable
    }

    /// What to do about it, one sentence, for the end of a message.
    public var fix: String? {
        switch code {
        case .unreachable:
            return "check that PostgreSQL is running and listening there, and the host and port in "
                + "--database-url / DATABASE_URL (or PGHOST/PGPORT)"
        case .authenticationFailed:
            if case .unavailable(_, _, let message) = self, message.contains("no pg_hba.conf entry"),
                Self.classifyConnectFailure(message.replacing("no pg_hba.conf entry", with: "")) != .authenticationFailed
            {
                return "the server's pg_hba.conf has no line for this user, database and client address: "
                    + "add one, or connect as a user it allows"
            }
            return "check the user name and the password (in the URL, PGPASSWORD or ~/.pgpass) and "
                + "the server's pg_hba.conf method for this host"
        case .databaseMissing:
            return "create the database (createdb NAME, then `recon db migrate`) or fix its name in the URL"
        case .tlsRequired:
            if case .unavailable(_, _, let message) = self, message.lowercased().contains("server does not support ssl") {
                return "the URL's sslmode asks for TLS but the server offers none: enable ssl on the server "
                    + "or change sslmode"
            }
            return "the server accepts this connection only over TLS: add sslmode=verify-full and "
                + "sslrootcert=CA.pem (or at least sslmode=require) to the URL"
        case .tlsFailed:
            if case .unavailable(_, _, let message) = self, let specific = Self.tlsFix(message) { return specific }
            return "check sslrootcert (the CA that signed the server's certificate), that the host in the URL "
                + "is a name the certificate carries, and any client certificate (sslcert, sslkey)"
        case .permissionDenied:
            if case .unavailable = self {
                return "grant the role the right to log in and CONNECT on the database, or use another role"
            }
            return "the role in the URL lacks this privilege: use the role the schema grants it to "
                + "(ops/RUNBOOK.md, \"Database roles\"; `recon db migrate` needs the owner)"
        case .serverBusy:
            return "the server is not taking sessions right now: try again shortly"
        case .connectionLost:
            return "the server stopped or the network went away; whatever was in flight was rolled back: "
                + "run the same command again once PostgreSQL is back"
        case .statementFailed, .unexpectedResult:
            return nil
        }
    }

    /// Which part of TLS failed, from libpq's words, so that the operator
    /// fixes the right one: the CA, the host name or the client certificate.
    static func tlsFix(_ message: String) -> String? {
        let text = message.lowercased()
        if text.contains("does not match host name") {
            return "the host name in the URL is not one the server's certificate carries (sslmode=verify-full "
                + "checks it): connect by a name in the certificate's subjectAltName, or have the certificate "
                + "reissued with this name"
        }
        if text.contains("certificate verify failed") {
            return "the server's certificate is not signed by the CA in sslrootcert (or ~/.postgresql/root.crt): "
                + "point sslrootcert at the CA certificate that signed the server's"
        }
        if text.contains("root certificate file") && text.contains("does not exist") {
            return "sslmode=verify-ca/verify-full needs the CA certificate: add sslrootcert=/path/to/ca.crt to the URL"
        }
        if text.contains("requires a valid client certificate") || text.contains("certificate authentication failed")
            || text.contains("could not load private key") || text.contains("could not open certificate")
            || text.contains("private key file")
        {
            return "the server authenticates this user by client certificate (pg_hba cert): give sslcert and sslkey "
                + "(0600) of a certificate signed by the server's ssl_ca_file whose CN is the user name"
        }
        return nil
    }
}
