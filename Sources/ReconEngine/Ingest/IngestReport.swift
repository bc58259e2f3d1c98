import ReconCore

/// What happened to each file of an ingest, for summaries, logs and exit codes.
public struct IngestReport: Sendable {
    public enum Outcome: Sendable {
        case settled(BatchCounts)
        /// The same bytes were already settled (SPEC §3.3).
        case duplicateFile(batchID: Int64)
        /// Another worker holds this batch right now.
        case claimedElsewhere
        case failed(String)
        /// Not read at all (symlink, unknown format…).
        case refused(String)
        case dryRun(BatchCounts)
    }

    public struct File: Sendable {
        public var name: String
        public var batchID: Int64?
        public var outcome: Outcome
    }

    public var files: [File] = []
    /// Rejections of the batches of this run, for `rejected.csv`.
    public var rejectedBatchIDs: [Int64] = []

    public init() {}

    public var totals: BatchCounts {
        var totals = BatchCounts()
        for file in files {
            switch file.outcome {
            case .settled(let counts), .dryRun(let counts):
                totals.read += counts.read
                totals.settled += counts.settled
                totals.duplicates += counts.duplicates
                totals.rejected += counts.rejected
                for (reason, count) in counts.rejectedByReason { totals.rejectedByReason[reason, default: 0] += count }
                for (code, net) in counts.settledNetByCurrency { totals.settledNetByCurrency[code, default: 0] += net }
            default: continue
            }
        }
        return totals
    }

    public var failedCount: Int {
        files.filter {
            switch $0.outcome {
            case .failed, .refused: true
            default: false
            }
        }.count
    }

    /// SPEC §7: anything rejected or failed makes the run exit 1.
    public var hasProblems: Bool { failedCount > 0 || totals.rejected > 0 }
}
