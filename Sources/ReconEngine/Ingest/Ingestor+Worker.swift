import Foundation
import ReconCore
import ReconStore

extension Ingestor {
    /// `recon worker`: registers the inbox's files, then settles every batch
    /// of the job's source that is queued, or `processing` with nobody holding
    /// its claim (a worker died). Any number of workers, on any machines, can
    /// run this at once: each batch is claimed by exactly one session. A
    /// worker stays while other workers still hold batches, so that if one of
    /// them dies, a survivor picks up its batch.
    public func work(pollInterval: TimeInterval = 0.5) throws -> IngestReport {
        let connection = try database.connectReady()
        try TransactionPartitions.ensure(connection, logger: logger)
        var report = IngestReport()
        _ = try registerInbox(connection: connection, report: &report)
        while true {
            let candidates = BatchesTable.decodeWork(try connection.execute(BatchesTable.claimable(source: job.source)))
            if candidates.isEmpty { break }
            var progressed = false
            for candidate in candidates {
                let (id, name) = (candidate.id, candidate.fileName)
                let outcome = try settle(batchID: id, name: name, path: candidate.filePath, connection: connection)
                switch outcome {
                case .claimedElsewhere:
                    continue
                default:
                    progressed = true
                    report.files.append(.init(name: name, batchID: id, outcome: outcome))
                    if case .settled = outcome { report.rejectedBatchIDs.append(id) }
                }
            }
            if !progressed { Thread.sleep(forTimeInterval: pollInterval) }
        }
        return report
    }
}
