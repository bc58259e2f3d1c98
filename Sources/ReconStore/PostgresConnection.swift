import CLibPQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One PostgreSQL session over libpq, used from one thread at a time (it is
/// deliberately not `Sendable`: open one per thread).
///
/// Every statement goes through `PQexecParams` with bound parameters; values
/// are never spliced into SQL text. Server NOTICE/WARNING messages are dropped
/// instead of being printed to stderr by libpq, because stderr belongs to the
/// command's own progress and logs.
public final class PostgresConnection {
    let handle: ConnectionHandle
    /// What this session was opened with, for ``openSibling()``.
    private let url: String?
    private let databaseName: String?

    /// Opens a session.
    ///
    /// - Parameters:
    ///   - url: a `postgresql://` URI or a `key=value` connection string, passed
    ///     to libpq as is, so multi-host URIs, `sslmode`, `service=` and
    ///     `~/.pgpass` all work. `nil` uses libpq's own defaults (`PGHOST`,
    ///     `PGDATABASE`, `PGSERVICE`, …).
    ///   - databaseName: overrides the database named by `url` (e.g. a
    ///     throwaway test database on the same server).
    ///
    /// Connecting gives up after 10 s unless `connect_timeout` (URL) or
    /// `PGCONNECT_TIMEOUT` says otherwise.
    /// - Throws: `DatabaseError.unavailable` naming host and port, with
    ///   libpq's reason and no password.
    public init(url: String?, databaseName: String? = nil) throws(DatabaseError) {
        var parameters: [(String, String)] = [("fallback_application_name", "recon")]
        // libpq waits forever for an unanswering host by default; a nightly
        // batch should fail (exit 69) instead. The URL or PGCONNECT_TIMEOUT win.
        if getenv("PGCONNECT_TIMEOUT") == nil { parameters.append(("connect_timeout", "10")) }
        parameters += SessionLiveness.clientParameters
        // With expand_dbname, the first `dbname` may be a whole connection
        // string; a later `dbname` then overrides only the database name.
        if let url { parameters.append(("dbname", url)) }
        if let databaseName { parameters.append(("dbname", databaseName)) }
        // Swift strings are UTF-8: whatever the URL or PGCLIENTENCODING says.
        parameters.append(("client_encoding", "UTF8"))

        let connection = Self.withCStringArrays(parameters) { keywords, values in
            PQconnectdbParams(keywords, values, 1)
        }
        guard let connection else {
            throw .unavailable(host: "", port: "", message: "libpq could not allocate a connection")
        }
        // Owned from here on, also when failing: the handle's deinit frees it.
        let owner = ConnectionHandle(connection)
        guard PQstatus(connection) == CONNECTION_OK else {
            throw ConnectionFailure.describe(connection, url: url)
        }
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        handle = owner
        self.url = url
        self.databaseName = databaseName
        try SessionLiveness.apply(to: self, serverVersion: PQserverVersion(connection))
    }

    /// A second session to the same server, database and user, opened with the
    /// same parameters as this one.
    public func openSibling() throws(DatabaseError) -> PostgresConnection {
        try PostgresConnection(url: url, databaseName: databaseName)
    }

    /// Closes the session now (it is closed on deinit otherwise). Session
    /// advisory locks are released by the server. Later calls throw
    /// `DatabaseError.connectionLost`.
    public func close() {
        handle.close()
    }

    /// True when the session is closed or libpq has seen it die.
    public var isConnectionBad: Bool {
        guard let pointer = handle.pointer else { return true }
        return PQstatus(pointer) == CONNECTION_BAD
    }

    /// The server process serving this session (`pg_backend_pid()`).
    public var backendProcessID: Int32 {
        guard let pointer = handle.pointer else { return 0 }
        return PQbackendPID(pointer)
    }

    /// Runs one statement with `$1…$n` bound to `parameters` (`nil` binds NULL).
    @discardableResult
    public func execute(_ sql: String, _ parameters: [PostgresValue?] = []) throws(DatabaseError)
        -> QueryResult
    {
        let connection = try livePointer()
        var storage: [UInt8] = []
        var offsets: [Int] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        var types: [Oid] = []
        for (index, parameter) in parameters.enumerated() {
            guard let parameter else {
                offsets.append(-1)
                lengths.append(0)
                formats.append(0)
                types.append(0)
                continue
            }
            if parameter.containsNulCharacter {
                throw .query(
                    sqlState: "22021",
                    message: "text parameter $\(index + 1) contains a NUL character, which PostgreSQL text cannot hold",
                    serverDetail: ServerErrorDetail())
            }
            let start = storage.count
            let (oid, format) = parameter.appendParameter(to: &storage)
            offsets.append(start)
            lengths.append(Int32(storage.count - start))
            formats.append(format)
            types.append(oid)
        }
        storage.append(0)  // never empty, so an empty value still gets a non-nil pointer
        let result = storage.withUnsafeBytes { buffer in
            let values: [UnsafePointer<CChar>?] = offsets.map { offset in
                offset < 0 ? nil : (buffer.baseAddress! + offset).assumingMemoryBound(to: CChar.self)
            }
            return PQexecParams(
                connection, sql, Int32(parameters.count), types, values, lengths, formats, 0)
        }
        return QueryResult(handle: try checked(result, expecting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK]))
    }

    /// Runs SQL text that may hold several statements (a migration file), with
    /// no parameters. Internal: everything else binds its values.
    func executeScript(_ sql: String) throws(DatabaseError) {
        let connection = try livePointer()
        _ = try checked(PQexec(connection, sql), expecting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK])
    }

    /// Quotes an identifier (table, database name) with `PQescapeIdentifier`,
    /// for the few places SQL cannot take a parameter (`CREATE DATABASE`).
    public func escapeIdentifier(_ identifier: String) throws(DatabaseError) -> String {
        let connection = try livePointer()
        let utf8 = Array(identifier.utf8)
        let escaped = withLibPQMemory(
            UnsafeMutableRawPointer(PQescapeIdentifier(connection, identifier, utf8.count))
        ) { pointer in
            pointer.map { String(cString: $0.assumingMemoryBound(to: CChar.self)) }
        }
        guard let escaped else {
            throw .query(
                sqlState: nil, message: ResultHandle.trimmed(String(cString: PQerrorMessage(connection))),
                serverDetail: ServerErrorDetail())
        }
        return escaped
    }

    // MARK: - Choke point for results

    func livePointer() throws(DatabaseError) -> OpaquePointer {
        guard let pointer = handle.pointer else {
            throw .connectionLost(sqlState: nil, message: "the connection was closed")
        }
        return pointer
    }

    /// Wraps a `PGresult` and turns failure statuses into `DatabaseError`.
    func checked(_ result: OpaquePointer?, expecting expected: [ExecStatusType]) throws(DatabaseError)
        -> ResultHandle
    {
        let connection = try livePointer()
        guard let result else {
            throw connectionError(fallback: "no result from libpq")
        }
        let wrapped = ResultHandle(result)
        let status = wrapped.status
        if expected.contains(status) { return wrapped }
        switch status {
        case PGRES_FATAL_ERROR, PGRES_NONFATAL_ERROR, PGRES_BAD_RESPONSE:
            throw wrapped.databaseError(
                connectionIsBad: PQstatus(connection) == CONNECTION_BAD,
                fallbackMessage: String(cString: PQresultErrorMessage(result)))
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            // Leave the session usable: end the unexpected COPY and drain it.
            if status != PGRES_COPY_OUT { _ = PQputCopyEnd(connection, "COPY is only supported through copyIn") }
            drainResults(connection)
            throw .unexpectedResult(message: "statement started a COPY; use copyIn for COPY FROM STDIN")
        default:
            throw .unexpectedResult(message: "result status \(String(cString: PQresStatus(status)))")
        }
    }

    /// An error for a call that failed without a server result.
    func connectionError(fallback: String) -> DatabaseError {
        guard let connection = handle.pointer else {
            return .connectionLost(sqlState: nil, message: "the connection was closed")
        }
        let message = ResultHandle.trimmed(String(cString: PQerrorMessage(connection)))
        let text = message.isEmpty ? fallback : message
        if PQstatus(connection) == CONNECTION_BAD {
            return .connectionLost(sqlState: nil, message: text)
        }
        return .unexpectedResult(message: text)
    }

    /// Reads and frees results until libpq has none left, so the next command
    /// can be sent.
    func drainResults(_ connection: OpaquePointer) {
        while let result = PQgetResult(connection) {
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_COPY_OUT || status == PGRES_COPY_IN || status == PGRES_COPY_BOTH {
                // Cannot continue a COPY here; libpq will report it on the next call.
                break
            }
            if PQstatus(connection) == CONNECTION_BAD { break }
        }
    }

    private static func withCStringArrays<Result>(
        _ pairs: [(String, String)],
        _ body: (UnsafePointer<UnsafePointer<CChar>?>, UnsafePointer<UnsafePointer<CChar>?>) -> Result
    ) -> Result {
        let keywords = pairs.map { strdup($0.0) }
        let values = pairs.map { strdup($0.1) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let keywordPointers = keywords.map { UnsafePointer($0) } + [nil]
        let valuePointers = values.map { UnsafePointer($0) } + [nil]
        return body(keywordPointers, valuePointers)
    }
}
