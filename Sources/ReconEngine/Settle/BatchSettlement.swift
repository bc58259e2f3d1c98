import ReconCore
import ReconStore

/// What the verification pipeline hands to settlement, chunk by chunk, in
/// file order.
struct VerifiedChunk: Sendable {
    /// Binary COPY rows (no header/trailer) of the records that passed every
    /// check that needs no database.
    var rows: BinaryCopyEncoder
    /// The same records' `transaction_keys` rows, in the same order.
    var keyRows: BinaryCopyEncoder
    var rowCount: Int
    var rejections: [Rejection]
    var recordsRead: Int
    /// What these rows add to their settlement groups.
    var groupDeltas = GroupDeltas()
    /// Only filled for dry runs: txn_id and content hash of each valid record.
    var txnIDs: [(txnID: String, contentHash: [UInt8])] = []
    /// The rows' chain digests (32 bytes each) and fingerprints (8 bytes
    /// each), in the same order (``BatchChainDigest``).
    var chainDigests: [UInt8] = []
    var chainFingerprints: [UInt8] = []
}

/// Settles one batch in one PostgreSQL transaction, exactly once.
///
/// Fast path: the verified rows go into the partitioned `transactions` and
/// their narrow key rows into `transaction_keys`, by binary COPY in segments
/// (``KeyedCopy``). The registry's primary key on `(txn_id, source)` is the
/// arbiter (a partitioned table cannot hold a unique index without its
/// partition key): if any row was already settled (a replay, a conflict, a
/// txn_id twice in this file, or a concurrent worker settling the same txn_id)
/// a key COPY fails with 23505, everything is rolled back, and the batch is
/// redone on the careful path, which stages the rows and classifies each one
/// in SQL against the registry. Nightly files are almost always new, so they
/// pay for the COPYs and nothing else.
struct BatchSettlement {
    let connection: PostgresConnection
    let batchID: Int64
    let source: String
    /// Runs the verification pipeline once, handing every chunk to the consumer.
    let runPipeline: (_ consume: (VerifiedChunk) throws -> Void) throws -> Void

    private static let uniqueViolation = "23505"
    private static let carefulPathAttempts = 3

    private static let deadlockDetected = "40P01"
    private static let deadlockAttempts = 3

    /// A deadlock (another session updating the same settlement groups in
    /// another order, e.g. a reconcile beside a worker) rolls the batch
    /// back whole; it is simply settled again.
    func settle() throws -> BatchCounts {
        var attempt = 1
        while true {
            do {
                return try settleOnce()
            } catch let error as DatabaseError where error.sqlState == Self.deadlockDetected && attempt < Self.deadlockAttempts {
                attempt += 1
            }
        }
    }

    private func settleOnce() throws -> BatchCounts {
        do {
            return try connection.transaction { try settleFast() }
        } catch let error as DatabaseError where error.sqlState == Self.uniqueViolation {
            var lastError: any Error = error
            for _ in 0..<Self.carefulPathAttempts {
                do {
                    return try connection.transaction { try settleCarefully() }
                } catch let error as CarefulPathRace {
                    lastError = error
                }
            }
            throw lastError
        }
    }

    private func settleFast() throws -> BatchCounts {
        try TransactionPartitions.holdLayout(connection)
        let rejects = RejectSpool(batchID: batchID)
        let link = BatchChainAccumulator(batchID: batchID)
        let writes = KeyedCopy(connection: connection) { [connection] in try link.writePart(on: connection) }
        var read: Int64 = 0
        var deltas = GroupDeltas()
        do {
            try runPipeline { chunk in
                // The chunk's fingerprints first: the segment it may end writes them.
                link.add(chunk)
                try writes.add(chunk)
                try rejects.add(chunk.rejections)
                deltas.merge(chunk.groupDeltas)
                read += Int64(chunk.recordsRead)
            }
            try writes.endSegment()
        } catch {
            writes.abandon()
            throw error
        }
        guard deltas.transactionCount == writes.settled else {
            throw InternalError("\(writes.settled) rows settled but \(deltas.transactionCount) counted into their groups")
        }
        guard let nets = deltas.netByCurrency else {
            throw GroupNetOverflow(merchantID: nil, settlementRef: nil, currency: nil)
        }
        try SettlementGroupWriter(connection: connection, source: source, batchID: batchID).apply(deltas)
        try rejects.copy(into: connection)
        var counts = BatchCounts()
        counts.read = read
        counts.settled = writes.settled
        counts.settledNetByCurrency = nets
        counts.rejected = rejects.count
        counts.rejectedByReason = Dictionary(uniqueKeysWithValues: rejects.countsByReason.map { ($0.key.rawValue, $0.value) })
        try finish(counts)
        try link.link(on: connection)
        return counts
    }

    private func settleCarefully() throws -> BatchCounts {
        try TransactionPartitions.holdLayout(connection)
        let rejects = RejectSpool(batchID: batchID)
        var read: Int64 = 0
        try connection.execute(SettlementStagingQueries.createStaging)
        let staged = try connection.copyIn(SettlementStagingQueries.copyStaging) { writer in
            try stream(into: writer, rejects: rejects, read: &read)
        }
        try rejects.copy(into: connection)
        let inFile = try connection.execute(SettlementStagingQueries.rejectRepeatsInFile(batchID: batchID))
            .affectedRowCount ?? 0
        let conflicts = try connection.execute(SettlementStagingQueries.rejectConflicts(batchID: batchID))
            .affectedRowCount ?? 0
        let duplicates = try connection.execute(SettlementStagingQueries.countDuplicates).int64(row: 0, column: 0) ?? 0
        // Register the keys nobody holds, then settle exactly the rows whose
        // key that registered; the same statement adds them to their groups.
        let (inserted, nets) = try SettlementGroupWriter(connection: connection, source: source, batchID: batchID)
            .applySettling(with: SettlementStagingQueries.registerNewKeys, SettlementStagingQueries.settleRegistered)
        let expected = staged - inFile - conflicts - duplicates
        // A concurrent worker settled one of these txn_ids between our checks
        // and the insert: redo the classification from scratch.
        guard inserted == expected else { throw CarefulPathRace() }

        var counts = BatchCounts()
        counts.read = read
        counts.settled = inserted
        counts.settledNetByCurrency = nets
        counts.duplicates = duplicates
        counts.rejected = rejects.count + inFile + conflicts
        counts.rejectedByReason = Dictionary(uniqueKeysWithValues: rejects.countsByReason.map { ($0.key.rawValue, $0.value) })
        if inFile > 0 { counts.rejectedByReason[ReasonCode.duplicateInFile.rawValue, default: 0] += inFile }
        if conflicts > 0 { counts.rejectedByReason[ReasonCode.conflict.rawValue, default: 0] += conflicts }
        try finish(counts)
        let rowsDigest = try connection.execute(BatchChainTable.linkFromStaging("staging", batchID: batchID))
        try connection.execute(BatchChainTable.link(batchID: batchID, rowsSHA256: .bytea(rowsDigest.bytes(row: 0, column: 0) ?? [])))
        return counts
    }

    private func stream(into writer: CopyWriter, rejects: RejectSpool, read: inout Int64) throws {
        var header = BinaryCopyEncoder(reservingCapacity: 32)
        header.writeHeader()
        try writer.send(header.bytes)
        var total: Int64 = 0
        try runPipeline { chunk in
            var rows = chunk.rows
            try writer.send(&rows)
            try rejects.add(chunk.rejections)
            total += Int64(chunk.recordsRead)
        }
        read = total
        var trailer = BinaryCopyEncoder(reservingCapacity: 8)
        trailer.writeTrailer()
        try writer.send(trailer.bytes)
    }

    /// Conservation is checked before commit, here and by the table's CHECK.
    private func finish(_ counts: BatchCounts) throws {
        guard counts.isConserved else {
            throw InternalError(
                "conservation broken for batch \(batchID): read \(counts.read) ≠ settled \(counts.settled) + duplicate \(counts.duplicates) + rejected \(counts.rejected)")
        }
        try BatchStore(connection: connection).markSettled(batchID, counts: counts)
    }
}

struct CarefulPathRace: Error, CustomStringConvertible {
    var description: String { "another worker settled the same txn_id at the same moment; gave up after retries" }
}

/// A broken invariant found at run time (exit 70). Never caused by input.
public struct InternalError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
