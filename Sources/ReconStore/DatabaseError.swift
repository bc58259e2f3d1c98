/// What went wrong talking to PostgreSQL.
///
/// Descriptions never contain passwords or bound parameter values (like
/// postgres-nio's `PSQLError`). The server's `DETAIL` line can quote row
/// values (`Key (txn_id)=(…) already exists`), so it is kept in
/// `ServerErrorDetail.detail` and shown only by `debugDescription`.
public enum DatabaseError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// No session could be opened. `host`/`port` are where libpq tried last;
    /// `message` is libpq's reason with any password removed.
    case unavailable(host: String, port: String, message: String)
    /// The session died while working (server stopped, backend terminated,
    /// network gone). Whatever was in flight was rolled back by the server.
    case connectionLost(sqlState: String?, message: String)
    /// The server rejected a statement; the session is still usable.
    case query(sqlState: String?, message: String, serverDetail: ServerErrorDetail)
    /// The server answered something this client did not expect (a bug or
    /// misuse, e.g. `copyIn` with a statement that is not `COPY … FROM STDIN`).
    case unexpectedResult(message: String)

    /// The five-character SQLSTATE when the server sent one (`23505`, `57P01`…).
    public var sqlState: String? {
        switch self {
        case .unavailable: return nil
        case .connectionLost(let sqlState, _): return sqlState
        case .query(let sqlState, _, _): return sqlState
        case .unexpectedResult: return nil
        }
    }

    /// True when the database is unreachable or the session was lost mid-work:
    /// the caller should stop and report "database unavailable" (exit 69),
    /// not blame the input.
    public var isConnectionFailure: Bool {
        switch self {
        case .unavailable, .connectionLost: return true
        case .query(let sqlState, _, _): return Self.isConnectionFailure(sqlState: sqlState)
        case .unexpectedResult: return false
        }
    }

    /// SQLSTATE class 08 (connection exception), 57P01 admin shutdown,
    /// 57P02 crash shutdown, 57P03 cannot connect now. Except 08P01: the
    /// server also sends "protocol violation" for malformed binary COPY or
    /// parameter data, and then the session is fine; when it is not, libpq's
    /// status is bad and the error is `connectionLost` anyway.
    static func isConnectionFailure(sqlState: String?) -> Bool {
        guard let sqlState else { return false }
        if sqlState == "08P01" { return false }
        return sqlState.hasPrefix("08") || sqlState == "57P01" || sqlState == "57P02"
            || sqlState == "57P03"
    }

    public var description: String {
        switch self {
        case .unavailable(let host, let port, let message):
            let location = Self.location(host: host, port: port).map { " at \($0)" } ?? ""
            return "\(Self.connectHeadline(code))\(location): \(message)" + (fix.map { "; \($0)" } ?? "")
        case .connectionLost(let sqlState, let message):
            return "lost the connection to PostgreSQL\(Self.code(sqlState)): \(message)" + (fix.map { "; \($0)" } ?? "")
        case .query(let sqlState, let message, let detail):
            var text = "PostgreSQL error\(Self.code(sqlState)): \(message)"
            if let constraint = detail.constraintName { text += " (constraint \(constraint))" }
            if let hint = detail.hint { text += "; hint: \(hint)" }
            if let fix { text += "; \(fix)" }
            return text
        case .unexpectedResult(let message):
            return "unexpected answer from PostgreSQL: \(message)"
        }
    }

    /// Adds the server's `DETAIL` line, which may quote data values.
    public var debugDescription: String {
        guard case .query(_, _, let detail) = self, let text = detail.detail else { return description }
        return description + "; detail: \(text)"
    }

    private static func connectHeadline(_ code: Code) -> String {
        switch code {
        case .authenticationFailed: "PostgreSQL refused the login"
        case .databaseMissing: "the database does not exist on the PostgreSQL server"
        case .tlsRequired: "TLS is required for PostgreSQL"
        case .tlsFailed: "TLS with PostgreSQL failed"
        case .permissionDenied: "PostgreSQL denied the connection"
        case .serverBusy: "PostgreSQL is not accepting sessions"
        default: "cannot connect to PostgreSQL"
        }
    }

    private static func code(_ sqlState: String?) -> String {
        sqlState.map { " [\($0)]" } ?? ""
    }

    private static func location(host: String, port: String) -> String? {
        if host.isEmpty { return port.isEmpty ? nil : "port \(port)" }
        if host.hasPrefix("/") { return "socket \(host)/.s.PGSQL.\(port.isEmpty ? "5432" : port)" }
        return port.isEmpty ? host : "host \(host) port \(port)"
    }
}

/// Diagnostic fields of a server error (libpq `PQresultErrorField`).
public struct ServerErrorDetail: Sendable, Equatable {
    /// May quote row values: not part of `DatabaseError.description`.
    public var detail: String?
    public var hint: String?
    public var schemaName: String?
    public var tableName: String?
    public var columnName: String?
    public var constraintName: String?

    public init(
        detail: String? = nil, hint: String? = nil, schemaName: String? = nil,
        tableName: String? = nil, columnName: String? = nil, constraintName: String? = nil
    ) {
        self.detail = detail
        self.hint = hint
        self.schemaName = schemaName
        self.tableName = tableName
        self.columnName = columnName
        self.constraintName = constraintName
    }
}
