import ReconCore

/// Counts what a file would produce without touching the database. Repeats
/// of a txn_id inside the file are predicted with an in-memory set (fine for
/// a dry run, which is not the path that must stay within the memory bound).
struct DryRunCounter {
    func count(_ verification: FileVerification) throws -> BatchCounts {
        var verification = verification
        verification.collectsTxnIDs = true
        var counts = BatchCounts()
        var seen: Set<String> = []
        try verification.run(progress: nil) { chunk in
            counts.read += Int64(chunk.recordsRead)
            for rejection in chunk.rejections {
                counts.rejected += 1
                counts.rejectedByReason[rejection.reason.rawValue, default: 0] += 1
            }
            for (txnID, _) in chunk.txnIDs {
                if seen.insert(txnID).inserted {
                    counts.settled += 1
                } else {
                    counts.rejected += 1
                    counts.rejectedByReason[ReasonCode.duplicateInFile.rawValue, default: 0] += 1
                }
            }
        }
        return counts
    }
}
