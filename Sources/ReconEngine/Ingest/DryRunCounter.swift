import Foundation
import ReconCore
import ReconStore

/// Counts what settling a file would produce, writing nothing: every check
/// that needs no database, repeats inside the file (an in-memory set: fine
/// for a dry run, which is not the path that must stay within the memory
/// bound), and, per chunk, one read of the key registry, so a txn_id settled
/// before is predicted as `duplicate` (same content) or `CONFLICT` exactly
/// as settlement would classify it.
struct DryRunCounter {
    let connection: PostgresConnection
    let source: String

    func count(_ verification: FileVerification) throws -> BatchCounts {
        var verification = verification
        verification.collectsTxnIDs = true
        var counts = BatchCounts()
        var seen: Set<String> = []
        try verification.run(progress: nil) { chunk in
            counts.read += Int64(chunk.recordsRead)
            for rejection in chunk.rejections { counts.reject(rejection.reason) }
            let settled = try settledHashes(chunk.txnIDs.map(\.txnID))
            for (txnID, contentHash) in chunk.txnIDs {
                if !seen.insert(txnID).inserted {
                    counts.reject(.duplicateInFile)
                } else if let existing = settled[txnID] {
                    if existing == contentHash { counts.duplicates += 1 } else { counts.reject(.conflict) }
                } else {
                    counts.settled += 1
                }
            }
        }
        return counts
    }

    /// The content hash of each of `txnIDs` already settled for the source.
    private func settledHashes(_ txnIDs: [String]) throws -> [String: [UInt8]] {
        guard !txnIDs.isEmpty else { return [:] }
        let rows = try connection.execute(TransactionKeysTable.settledHashes(source: source, txnIDs: txnIDs))
        var hashes: [String: [UInt8]] = [:]
        for row in 0..<rows.rowCount {
            hashes[rows.string(row: row, column: 0)!] = rows.bytes(row: row, column: 1)
        }
        return hashes
    }

    /// The batch that already settled these exact bytes for the source, if any.
    static func settledBatch(sha256: [UInt8], source: String, connection: PostgresConnection) throws -> Int64? {
        let rows = try connection.execute(BatchesTable.settledByContent(source: source, sha256: sha256))
        return rows.rowCount == 0 ? nil : rows.int64(row: 0, column: 0)
    }
}

extension BatchCounts {
    fileprivate mutating func reject(_ reason: ReasonCode) {
        rejected += 1
        rejectedByReason[reason.rawValue, default: 0] += 1
    }
}
