import ReconCore
import ReconCrypto
import ReconStore

/// Each settled row's digest over its stored fields, byte for byte as
/// sql/013's `recon_transaction_digest` computes it from the stored row, so
/// that `recon db check` can recompute it later: every text as its UTF-8
/// bytes after a 4-byte length, every number big-endian (txn_id,
/// merchant_id, type, amount, currency, created_at in microseconds since
/// 1970, settlement_date in days since 1970, settlement_ref, key_id,
/// content_sha256, line).
///
/// Computed by the verification workers, in parallel, beside the COPY row;
/// settlement only hashes the 32-byte digests in file order, which is line
/// order, so the batch's digest does not depend on how the file was chunked.
enum BatchChainDigest {
    /// Appends the row's digest to `digests` and its fingerprint (line, then
    /// the digest's first 4 bytes) to `fingerprints`.
    static func append(
        _ transaction: ValidatedTransaction, contentHash: [UInt8], line: Int, scratch: inout [UInt8],
        sha256: ReusableSHA256, digests: inout [UInt8], fingerprints: inout [UInt8]
    ) {
        let storedLine = Int32(clamping: line)
        scratch.removeAll(keepingCapacity: true)
        appendText(transaction.txnID, to: &scratch)
        appendText(transaction.merchantID, to: &scratch)
        appendText(transaction.type.rawValue, to: &scratch)
        appendBigEndian(transaction.amount, to: &scratch)
        appendText(transaction.currency.code, to: &scratch)
        appendBigEndian(transaction.createdAt, to: &scratch)
        appendBigEndian(Int32(transaction.settlementDate), to: &scratch)
        appendText(transaction.settlementRef, to: &scratch)
        appendText(transaction.keyID, to: &scratch)
        appendBigEndian(Int32(contentHash.count), to: &scratch)
        scratch.append(contentsOf: contentHash)
        appendBigEndian(storedLine, to: &scratch)
        let start = digests.count
        scratch.withUnsafeBytes { sha256.digest($0, appendingTo: &digests) }
        appendBigEndian(storedLine, to: &fingerprints)
        fingerprints.append(contentsOf: digests[start..<start + 4])
    }

    private static func appendText(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            appendBigEndian(Int32(utf8.count), to: &bytes)
            bytes.append(contentsOf: utf8)
        }
    }

    /// BinaryCopyEncoder's (byte by byte, inlined).
    @inline(__always)
    private static func appendBigEndian<Value: FixedWidthInteger>(_ value: Value, to bytes: inout [UInt8]) {
        BinaryCopyEncoder.appendBigEndian(value, to: &bytes)
    }
}

/// The fast path's running link of one batch: the digest of its row digests
/// in line order, and their fingerprints (8 bytes a row), copied to
/// `batch_row_fingerprints` one part per settlement segment (sql/017), between
/// ``KeyedCopy``'s COPYs, so memory holds one segment's and the server
/// writes them while the next segment is verified.
final class BatchChainAccumulator {
    private var rows = SHA256Hasher()
    private var pending: [UInt8] = []
    private var partsWritten: Int32 = 0
    private let batchID: Int64

    init(batchID: Int64) {
        self.batchID = batchID
    }

    func add(_ chunk: VerifiedChunk) {
        rows.update(chunk.chainDigests)
        pending.append(contentsOf: chunk.chainFingerprints)
    }

    /// Copies the fingerprints added since the last part as the next part
    /// (nothing if there are none).
    func writePart(on connection: PostgresConnection) throws {
        guard !pending.isEmpty else { return }
        try copyPart(on: connection)
    }

    /// Copies what is left, then adds the link (last in the settling
    /// transaction: the chain's per-source lock is held until commit). A
    /// batch without rows still gets its (empty) part 0.
    func link(on connection: PostgresConnection) throws {
        if !pending.isEmpty || partsWritten == 0 { try copyPart(on: connection) }
        try connection.execute(BatchChainTable.link(batchID: batchID, rowsSHA256: rows.finalize()))
    }

    private func copyPart(on connection: PostgresConnection) throws {
        try connection.copyIn(BatchChainTable.copyFingerprints, rows: CollectionOfOne(pending)) { fingerprints, encoder in
            encoder.beginRow(fieldCount: 3)
            encoder.appendInt64(batchID)
            encoder.appendInt32(partsWritten)
            encoder.appendBytea(fingerprints)
        }
        partsWritten += 1
        pending.removeAll(keepingCapacity: true)
    }
}
