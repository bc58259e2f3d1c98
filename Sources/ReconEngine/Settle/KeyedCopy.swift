import ReconStore

/// The fast path's writes: verified rows into `transactions` and their keys
/// into `transaction_keys`, alternating in segments on the one connection (a
/// connection carries one COPY at a time).
///
/// Why segments rather than one COPY of each: the key COPY is where the server
/// checks uniqueness (a B-tree insert per row), about half of its work. Sent
/// once after all rows, it would run after verification has finished, with
/// the client idle (1M rows, loaded machine: 21-31% slower than before
/// partitioning). Sent per segment, it runs while the pipeline verifies the
/// next chunks (up to its in-flight bound), memory holds one segment of keys,
/// and a replay fails at the first segment that holds one instead of after
/// the whole file.
final class KeyedCopy {
    /// Verification chunks per segment (16,384 rows). Larger segments mean
    /// fewer statements but more chunks to buffer while a key COPY runs
    /// (FileVerification.chunksInFlightMax); 8 was as fast as 16 or 32 in
    /// ops/bench on 2 cores, and faster than 2 or 4.
    static let segmentChunks = 8
    static let segmentRows = segmentChunks * FileVerification.recordsPerChunk

    private let connection: PostgresConnection
    /// Runs after each segment's key COPY, while no COPY is open (the
    /// batch's chain fingerprints of the segment go there).
    private let afterSegment: () throws -> Void
    private var rows: OpenCopy?
    private var keys = BinaryCopyEncoder(reservingCapacity: segmentRows * 112)
    private var keyCount = 0
    /// Rows settled by the segments sent so far.
    private(set) var settled: Int64 = 0

    init(connection: PostgresConnection, afterSegment: @escaping () throws -> Void = {}) {
        self.connection = connection
        self.afterSegment = afterSegment
    }

    func add(_ chunk: VerifiedChunk) throws {
        guard chunk.rowCount > 0 else { return }
        if rows == nil {
            let copy = try connection.beginCopyIn(TransactionsTable.copyRows)
            rows = copy
            var header = BinaryCopyEncoder(reservingCapacity: 32)
            header.writeHeader()
            try copy.writer.send(header.bytes)
        }
        var wide = chunk.rows
        try rows!.writer.send(&wide)
        keys.append(rowsOf: chunk.keyRows)
        keyCount += chunk.rowCount
        if keyCount >= Self.segmentRows { try endSegment() }
    }

    /// Ends the open segment: its rows' COPY, then its keys' COPY, which
    /// fails with 23505 when one of them was settled already.
    func endSegment() throws {
        guard let copy = rows else { return }
        var trailer = BinaryCopyEncoder(reservingCapacity: 8)
        trailer.writeTrailer()
        try copy.writer.send(trailer.bytes)
        rows = nil
        let copied = try copy.finish()
        let registered = try connection.copyIn(TransactionKeysTable.copyRows) { writer in
            var header = BinaryCopyEncoder(reservingCapacity: 32)
            header.writeHeader()
            try writer.send(header.bytes)
            keys.writeTrailer()
            try writer.send(&keys)
        }
        keys.removeAll()
        keyCount = 0
        guard registered == copied else {
            throw InternalError("\(copied) rows settled but \(registered) keys registered in one segment")
        }
        settled += copied
        try afterSegment()
    }

    /// After a failure: aborts a COPY left open, so the transaction can roll back.
    func abandon() {
        rows?.abort()
        rows = nil
    }
}
