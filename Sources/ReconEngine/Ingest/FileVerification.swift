import Foundation
import ReconCore
import ReconCrypto
import ReconStore

/// Reads one transaction file and verifies every record in parallel, handing
/// settlement a stream of ``VerifiedChunk``s in file order.
///
/// Everything that needs no database happens here: parsing, field
/// validation, key checks and signature verification. What needs the
/// database (replays, conflicts, repeats inside the file) is settlement's.
struct FileVerification: Sendable {
    let path: String
    let detected: TransactionFileFormat.Detected
    let checks: SignatureCheck
    let source: String
    let batchID: Int64
    /// Dry runs need the txn_ids of valid records to predict repeats in a file.
    var collectsTxnIDs = false

    static let recordsPerChunk = 2048

    /// Two chunks per core keep every core busy; one settlement segment more
    /// keeps them busy while settlement sends a segment's keys (``KeyedCopy``)
    /// and takes no chunk. Tuned with ops/bench on 2 cores: with 6 chunks in
    /// flight ingest was ~10% slower than with 14.
    static let chunksInFlightMax = ProcessInfo.processInfo.activeProcessorCount * 2 + 2 + KeyedCopy.segmentChunks

    func run(progress: ProgressReporter?, consume: (VerifiedChunk) throws -> Void) throws {
        let reader = try ChunkReader(path: path, detected: detected)
        let pipeline = OrderedPipeline<RawChunk, VerifiedChunk>(
            maxChunksInFlight: Self.chunksInFlightMax)
        let preparer = RecordPreparer()
        try pipeline.run(
            read: { try reader.next(maxRecords: Self.recordsPerChunk) },
            transform: { chunk in self.verify(chunk, preparer: preparer) },
            consume: { chunk in
                progress?.addRecords(chunk.recordsRead)
                try consume(chunk)
            })
    }

    /// Runs on a Dispatch worker: everything here must be thread-safe.
    func verify(_ chunk: RawChunk, preparer: RecordPreparer) -> VerifiedChunk {
        var output = VerifiedChunk(
            rows: BinaryCopyEncoder(reservingCapacity: chunk.items.count * 400),
            keyRows: BinaryCopyEncoder(reservingCapacity: chunk.items.count * 112), rowCount: 0, rejections: [],
            recordsRead: chunk.items.count)
        var message: [UInt8] = []
        message.reserveCapacity(1024)
        var chainScratch: [UInt8] = []
        chainScratch.reserveCapacity(256)
        let sha256 = ReusableSHA256()
        output.chainDigests.reserveCapacity(chunk.items.count * 32)
        output.chainFingerprints.reserveCapacity(chunk.items.count * 8)
        for item in chunk.items {
            message.removeAll(keepingCapacity: true)
            switch preparer.prepare(item, layout: chunk.layout, message: &message) {
            case .rejected(let rejection):
                output.rejections.append(rejection)
            case .prepared(let fields, let extraJSON, let line):
                switch RecordValidator.validate(fields) {
                case .failure(let problem):
                    output.rejections.append(
                        Rejection(line: line, txnID: fields.txnIDText, reason: problem.reason, detail: problem.detail))
                case .success(let transaction):
                    let problem = message.withUnsafeBytes { checks.problem(for: transaction, message: $0) }
                    if let problem {
                        output.rejections.append(
                            Rejection(line: line, txnID: transaction.txnID, reason: problem.reason, detail: problem.detail))
                        continue
                    }
                    let contentHash = sha256.digest(message)
                    TransactionRow.append(
                        transaction, source: source, extraJSON: extraJSON, contentHash: contentHash, batchID: batchID,
                        line: line, to: &output.rows)
                    TransactionKeyRow.append(
                        transaction, source: source, contentHash: contentHash, batchID: batchID, line: line,
                        to: &output.keyRows)
                    BatchChainDigest.append(
                        transaction, contentHash: contentHash, line: line, scratch: &chainScratch, sha256: sha256,
                        digests: &output.chainDigests, fingerprints: &output.chainFingerprints)
                    output.groupDeltas.add(transaction, line: line)
                    output.rowCount += 1
                    if collectsTxnIDs { output.txnIDs.append((transaction.txnID, contentHash)) }
                }
            }
        }
        output.groupDeltas.flush()
        return output
    }
}
