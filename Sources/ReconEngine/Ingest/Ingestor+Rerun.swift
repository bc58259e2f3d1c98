import Foundation
import ReconCore
import ReconCrypto
import ReconStore

extension Ingestor {
    public enum RerunSelection: Sendable {
        /// Every batch of the job's source that is not settled: `failed`, and
        /// `processing`/`queued` left behind by a crash (unclaimed).
        case unsettled
        case batch(Int64)
    }

    /// Settles again the selected batches from their recorded file paths. A
    /// settled batch is left alone; a file that changed since it was
    /// registered is refused (its bytes are no longer the batch).
    public func rerun(_ selection: RerunSelection, wait: Bool) throws -> IngestReport {
        let connection = try database.connectReady()
        let lock = JobLock(connection: connection, job: job.name)
        try lock.acquire(wait: wait)
        defer { lock.releaseBeforeDisconnect() }
        try TransactionPartitions.ensure(connection, logger: logger)
        let batches: [BatchesTable.Work]
        switch selection {
        case .unsettled:
            batches = BatchesTable.decodeWork(try connection.execute(BatchesTable.unsettled(source: job.source)))
        case .batch(let id):
            batches = BatchesTable.decodeWork(try connection.execute(BatchesTable.batch(id, source: job.source)))
            guard batches.count == 1 else {
                throw InputError(file: job.file, "no batch \(id) for source '\(job.source)' (see `recon batches`)")
            }
        }
        var report = IngestReport()
        for batch in batches {
            let (id, name, path) = (batch.id, batch.fileName, batch.filePath)
            if batch.status == "settled" {
                report.files.append(.init(name: name, batchID: id, outcome: .duplicateFile(batchID: id)))
                continue
            }
            let recorded = batch.sha256 ?? []
            let current = try? FileDigest.sha256(path: path)
            guard current == recorded else {
                let message = current == nil
                    ? "file \(path) is gone: restore it to rerun this batch"
                    : "file \(path) changed since it was registered: its new bytes are a new batch"
                try BatchStore(connection: connection).markFailed(id, error: message)
                report.files.append(.init(name: name, batchID: id, outcome: .failed(message)))
                continue
            }
            let outcome = try settle(batchID: id, name: name, path: path, connection: connection)
            report.files.append(.init(name: name, batchID: id, outcome: outcome))
            report.rejectedBatchIDs.append(id)
        }
        return report
    }
}

/// SHA-256 of a file, streamed: a batch is identified by its bytes.
enum FileDigest {
    static func sha256(path: String) throws -> [UInt8] {
        let stream = try FileByteStream(path: path)
        var hasher = SHA256Hasher()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        while true {
            buffer.removeAll(keepingCapacity: true)
            let count = try stream.read(into: &buffer, maxCount: 1 << 20)
            if count == 0 { break }
            buffer.withUnsafeBytes { hasher.update($0) }
        }
        return hasher.finalize()
    }
}
