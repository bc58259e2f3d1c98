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
            let candidates = try connection.execute(
                """
                select id, file_name, file_path from batches
                where source = $1 and status in ('queued', 'processing') order by file_name, id
                """, [.text(job.source)])
            if candidates.rowCount == 0 { break }
            var progressed = false
            for row in 0..<candidates.rowCount {
                let id = candidates.int64(row: row, column: 0)!
                let name = candidates.string(row: row, column: 1)!
                let outcome = try settle(batchID: id, name: name, path: candidates.string(row: row, column: 2)!, connection: connection)
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
