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
        digests: inout [UInt8], fingerprints: inout [UInt8]
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
        scratch.withUnsafeBytes { Digest.sha256($0, appendingTo: &digests) }
        appendBigEndian(storedLine, to: &fingerprints)
        fingerprints.append(contentsOf: digests[start..<start + 4])
    }

    private static func appendText(_ text: String, to bytes: inout [UInt8]) {
        appendBigEndian(Int32(text.utf8.count), to: &bytes)
        bytes.append(contentsOf: text.utf8)
    }

    private static func appendBigEndian<Value: FixedWidthInteger>(_ value: Value, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}

/// The fast path's running link of one batch: the digest of its row digests
/// in line order, and their fingerprints (8 bytes a row: 32 MB at 4 million
/// rows, so spooled past a few MB, ``ByteSpool``), streamed to
/// `batch_row_fingerprints` by COPY before the link is written.
struct BatchChainAccumulator {
    private var rows = SHA256Hasher()
    private let fingerprints: ByteSpool

    init(batchID: Int64) {
        fingerprints = ByteSpool(purpose: "fingerprints", batchID: batchID)
    }

    mutating func add(_ chunk: VerifiedChunk) throws {
        rows.update(chunk.chainDigests)
        guard !chunk.chainFingerprints.isEmpty else { return }
        try fingerprints.append(chunk.chainFingerprints)
    }

    /// Copies the fingerprints, then adds the link (last in the settling
    /// transaction: the chain's per-source lock is held until commit).
    func link(batchID: Int64, on connection: PostgresConnection) throws {
        _ = try connection.copyIn(BatchChainTable.copyFingerprints) { writer in
            var head = BinaryCopyEncoder(reservingCapacity: 64)
            head.writeHeader()
            head.beginRow(fieldCount: 2)
            head.appendInt64(batchID)
            try writer.send(head.bytes)
            // The bytea field's length, then its bytes as the chunks left them.
            guard let length = Int32(exactly: fingerprints.count) else {
                throw InternalError("\(fingerprints.count) bytes of fingerprints do not fit one bytea field")
            }
            try writer.send(withUnsafeBytes(of: length.bigEndian) { Array($0) })
            try fingerprints.forEachBlock { try writer.send($0) }
            var trailer = BinaryCopyEncoder(reservingCapacity: 8)
            trailer.writeTrailer()
            try writer.send(trailer.bytes)
        }
        try connection.execute(BatchChainTable.link(batchID: batchID, rowsSHA256: rows.finalize()))
    }
}
