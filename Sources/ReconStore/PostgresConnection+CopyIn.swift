import CLibPQ

/// Streams `COPY … FROM STDIN` data to the server. Valid only inside the
/// `produce` closure of `PostgresConnection.copyIn`; do not keep it.
public final class CopyWriter {
    private let connection: PostgresConnection
    private var isOpen = true

    init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Hands bytes to libpq (`PQputCopyData`), which sends them as its buffer
    /// fills; the call blocks while the server is behind, so memory stays flat.
    public func send(_ bytes: UnsafeRawBufferPointer) throws(DatabaseError) {
        precondition(isOpen, "CopyWriter used after its copyIn finished")
        guard !bytes.isEmpty else { return }
        let pointer = try connection.livePointer()
        // Chunks well below Int32.max, the largest length libpq accepts.
        let chunkSize = 1 << 30
        var offset = 0
        while offset < bytes.count {
            let length = min(chunkSize, bytes.count - offset)
            let base = bytes.baseAddress!.advanced(by: offset).assumingMemoryBound(to: CChar.self)
            guard PQputCopyData(pointer, base, Int32(length)) == 1 else {
                throw connection.connectionError(fallback: "could not send COPY data")
            }
            offset += length
        }
    }

    public func send(_ bytes: [UInt8]) throws(DatabaseError) {
        let result: Result<Void, DatabaseError> = bytes.withUnsafeBytes { buffer in
            Result { () throws(DatabaseError) in try send(buffer) }
        }
        try result.get()
    }

    /// Sends everything the encoder holds and empties it (keeping its capacity).
    public func send(_ encoder: inout BinaryCopyEncoder) throws(DatabaseError) {
        try send(encoder.bytes)
        encoder.removeAll()
    }

    /// Sends the encoder's bytes once they reach `threshold`; call after each row.
    @inline(__always)
    public func sendIfFull(
        _ encoder: inout BinaryCopyEncoder, threshold: Int = BinaryCopyEncoder.defaultFlushSize
    ) throws(DatabaseError) {
        if encoder.count >= threshold { try send(&encoder) }
    }

    func finish() {
        isOpen = false
    }
}

/// A `COPY … FROM STDIN` that stays open across calls, for producers that
/// push data (e.g. from a pipeline's callback) and switch between COPYs.
/// Send through ``writer``; then exactly one of ``finish()`` or ``abort()``.
/// Until then the connection can run nothing else.
public final class OpenCopy {
    public let writer: CopyWriter
    private let connection: PostgresConnection
    private var isOpen = true

    init(connection: PostgresConnection) {
        self.connection = connection
        writer = CopyWriter(connection: connection)
    }

    /// Ends the COPY and returns the number of rows the server stored; a
    /// server error (e.g. 23505) is thrown and nothing of this COPY is stored.
    public func finish() throws(DatabaseError) -> Int64 {
        precondition(isOpen, "COPY already finished or aborted")
        isOpen = false
        writer.finish()
        return try connection.endCopy()
    }

    /// Fails the COPY on purpose (nothing is stored) and leaves the session
    /// usable. Harmless on a COPY already finished or aborted.
    public func abort() {
        guard isOpen else { return }
        isOpen = false
        writer.finish()
        connection.abortCopy()
    }
}

extension PostgresConnection {
    /// Starts `COPY … FROM STDIN` (`sql`) and returns it open.
    public func beginCopyIn(_ sql: String) throws(DatabaseError) -> OpenCopy {
        let connection = try livePointer()
        _ = try checked(PQexec(connection, sql), expecting: [PGRES_COPY_IN])
        return OpenCopy(connection: self)
    }

    /// Runs `COPY … FROM STDIN` (`sql`), lets `produce` stream the data through
    /// a `CopyWriter`, ends the COPY and returns the number of rows copied.
    ///
    /// The COPY is one statement: a server error (e.g. a unique violation,
    /// SQLSTATE 23505, or malformed data) inserts nothing and is thrown as
    /// `DatabaseError.query`. If `produce` throws, the COPY is aborted with
    /// `PQputCopyEnd(errormsg)`, nothing is inserted, the session stays usable
    /// and `produce`'s error is rethrown unchanged (hence untyped `throws`:
    /// everything else thrown is a `DatabaseError`).
    public func copyIn(_ sql: String, _ produce: (CopyWriter) throws -> Void) throws -> Int64 {
        let copy = try beginCopyIn(sql)
        do {
            try produce(copy.writer)
        } catch {
            copy.abort()
            throw error
        }
        return try copy.finish()
    }

    fileprivate func endCopy() throws(DatabaseError) -> Int64 {
        let connection = try livePointer()
        guard PQputCopyEnd(connection, nil) == 1 else {
            let failure = connectionError(fallback: "could not end COPY")
            drainResults(connection)
            throw failure
        }
        let outcome: ResultHandle
        do {
            outcome = try checked(PQgetResult(connection), expecting: [PGRES_COMMAND_OK])
        } catch {
            drainResults(connection)
            throw error
        }
        drainResults(connection)
        return QueryResult(handle: outcome).affectedRowCount ?? 0
    }

    /// A binary COPY of `rows`: the header, one row per element written by
    /// `encode` (which must write exactly one row), the trailer; buffers go to
    /// the server as they fill. Returns the number of rows copied.
    @discardableResult
    public func copyIn<Rows: Sequence>(
        _ sql: String, rows: Rows, _ encode: (Rows.Element, inout BinaryCopyEncoder) throws -> Void
    ) throws -> Int64 {
        try copyIn(sql) { writer in
            var encoder = BinaryCopyEncoder()
            encoder.writeHeader()
            for row in rows {
                try encode(row, &encoder)
                try writer.sendIfFull(&encoder)
            }
            encoder.writeTrailer()
            try writer.send(&encoder)
        }
    }

    /// Tells the server to fail the COPY, and reads its (expected) error so
    /// that the session can take the next command.
    fileprivate func abortCopy() {
        guard let connection = try? livePointer(), PQstatus(connection) == CONNECTION_OK else { return }
        // The message lands in the server log: no data, no secrets.
        _ = PQputCopyEnd(connection, "COPY aborted by the client")
        drainResults(connection)
    }
}
