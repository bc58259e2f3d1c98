import Foundation
import Logging
import ReconCore
import ReconCrypto
import ReconStore

/// Ingests the transaction files of one job: registers each file as a batch
/// (by content hash), then settles each batch exactly once.
public final class Ingestor {
    let job: JobFile
    let keyring: Keyring
    let database: Database
    let logger: Logger
    let progress: ProgressReporter?

    public init(job: JobFile, keyring: Keyring, database: Database, logger: Logger, progress: ProgressReporter? = nil) {
        self.job = job
        self.keyring = keyring
        self.database = database
        self.logger = logger
        self.progress = progress
    }

    /// Verifies every file and reports what settling it now would do,
    /// writing nothing: files whose bytes are already settled are skipped as
    /// the real run skips them, and records settled before are predicted as
    /// duplicates or conflicts from the key registry (read only, no lock:
    /// another run may change the answer before this one's real run).
    public func dryRun() throws -> IngestReport {
        let connection = try database.connectReady()
        let (files, refused) = try InboxScanner(folder: job.transactions.path, pattern: job.transactions.pattern).scan()
        var report = IngestReport()
        report.files += refused.map { .init(name: $0.name, batchID: nil, outcome: .refused($0.reason)) }
        for file in files {
            do {
                let verification = try verification(for: file, batchID: 0)
                if let batch = try DryRunCounter.settledBatch(
                    sha256: try FileDigest.sha256(path: file.path), source: job.source, connection: connection)
                {
                    report.files.append(.init(name: file.name, batchID: batch, outcome: .duplicateFile(batchID: batch)))
                    continue
                }
                let counts = try DryRunCounter(connection: connection, source: job.source).count(verification)
                report.files.append(.init(name: file.name, batchID: nil, outcome: .dryRun(counts)))
            } catch let error as InputError {
                report.files.append(.init(name: file.name, batchID: nil, outcome: .failed(error.description)))
            }
        }
        return report
    }

    /// Ingests the job's inbox. Takes the job lock (exit 75 when held, unless `wait`).
    public func ingestInbox(wait: Bool) throws -> IngestReport {
        let connection = try database.connectReady()
        let lock = JobLock(connection: connection, job: job.name)
        try lock.acquire(wait: wait)
        defer { lock.releaseBeforeDisconnect() }
        return try ingestInbox(connection: connection)
    }

    /// Ingests on `connection`, whose session already holds the job lock.
    func ingestInbox(connection: PostgresConnection) throws -> IngestReport {
        try TransactionPartitions.ensure(connection, logger: logger)
        var report = IngestReport()
        let batches = try registerInbox(connection: connection, report: &report)
        progress?.begin(files: batches.count)
        for batch in batches {
            if batch.status == "settled" {
                logger.info("file already settled, skipped", metadata: ["file": "\(batch.name)", "batch": "\(batch.id)"])
                report.files.append(.init(name: batch.name, batchID: batch.id, outcome: .duplicateFile(batchID: batch.id)))
                continue
            }
            let outcome = try settle(batchID: batch.id, name: batch.name, path: batch.path, connection: connection)
            report.files.append(.init(name: batch.name, batchID: batch.id, outcome: outcome))
            report.rejectedBatchIDs.append(batch.id)
            progress?.finishFile()
        }
        progress?.end()
        return report
    }

    struct RegisteredFile {
        var name: String
        var path: String
        var id: Int64
        var status: String
    }

    /// Registers every readable inbox file of a known type as a batch, in
    /// byte order of names; files that cannot be registered go into `report`
    /// with the reason, so nothing is skipped silently.
    func registerInbox(connection: PostgresConnection, report: inout IngestReport) throws -> [RegisteredFile] {
        let (files, refused) = try InboxScanner(folder: job.transactions.path, pattern: job.transactions.pattern).scan()
        for refusal in refused {
            logger.warning("refused inbox entry", metadata: ["file": "\(refusal.name)", "reason": "\(refusal.reason)"])
            report.files.append(.init(name: refusal.name, batchID: nil, outcome: .refused(refusal.reason)))
        }
        let store = BatchStore(connection: connection)
        var registered: [RegisteredFile] = []
        for file in files {
            guard TransactionFileFormat.detect(fileName: file.name) != nil else {
                let reason = "unknown file type: expected .csv, .json, .jsonl or .ndjson, optionally .gz"
                report.files.append(.init(name: file.name, batchID: nil, outcome: .refused(reason)))
                continue
            }
            let sha256: [UInt8]
            do {
                sha256 = try FileDigest.sha256(path: file.path)
            } catch {
                report.files.append(.init(name: file.name, batchID: nil, outcome: .failed("\(error)")))
                continue
            }
            let batch = try store.register(
                source: job.source, job: job.name, sha256: sha256, fileName: file.name, filePath: file.path)
            registered.append(RegisteredFile(name: file.name, path: file.path, id: batch.id, status: batch.status))
        }
        return registered
    }

    /// Settles one registered batch if no other session has claimed it.
    /// A lost database connection is rethrown (exit 69) after recording the
    /// failure where still possible; any other error fails only this batch.
    func settle(batchID: Int64, name: String, path: String, connection: PostgresConnection) throws -> IngestReport.Outcome {
        let store = BatchStore(connection: connection)
        guard try store.tryClaim(batchID) else {
            logger.info("batch is being settled by another worker", metadata: ["file": "\(name)", "batch": "\(batchID)"])
            return .claimedElsewhere
        }
        defer { try? store.release(batchID) }
        if try store.status(of: batchID) == "settled" { return .duplicateFile(batchID: batchID) }
        try store.markProcessing(batchID)
        let started = DispatchTime.now()
        do {
            let verification = try verification(for: InboxScanner.Entry(name: name, path: path), batchID: batchID)
            let counts = try BatchSettlement(
                connection: connection, batchID: batchID, source: job.source,
                runPipeline: { consume in try verification.run(progress: self.progress, consume: consume) }
            ).settle()
            if counts.settled > 0 { ensurePartitions(connection) }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
            logger.info(
                "batch settled",
                metadata: [
                    "file": "\(name)", "batch": "\(batchID)", "read": "\(counts.read)", "settled": "\(counts.settled)",
                    "duplicate": "\(counts.duplicates)", "rejected": "\(counts.rejected)",
                    "seconds": "\(String(format: "%.2f", seconds))",
                ])
            return .settled(counts)
        } catch let error as DatabaseError where error.isConnectionFailure {
            recordFailure(batchID: batchID, message: error.description)
            throw error
        } catch {
            let message = "\(error)"
            logger.error("batch failed", metadata: ["file": "\(name)", "batch": "\(batchID)", "error": "\(message)"])
            try store.markFailed(batchID, error: message)
            return .failed(message)
        }
    }

    /// A batch of a month without its partition settled into the default
    /// partition; moving its rows to a new partition for that month right
    /// away keeps history out of the default partition. Maintenance only: a
    /// failure is logged and the next batch or command tries again.
    private func ensurePartitions(_ connection: PostgresConnection) {
        do {
            try TransactionPartitions.ensure(connection, logger: logger)
        } catch {
            logger.warning("monthly partitions of transactions not created this time", metadata: ["error": "\(error)"])
        }
    }

    /// After the connection died, try once on a fresh one to mark the batch
    /// failed. If the database is really gone the row stays `processing`
    /// with no claim held, which every worker treats as claimable.
    private func recordFailure(batchID: Int64, message: String) {
        guard let fresh = try? database.connect() else { return }
        try? BatchStore(connection: fresh).markFailed(batchID, error: message)
    }

    func verification(for file: InboxScanner.Entry, batchID: Int64) throws -> FileVerification {
        guard let detected = TransactionFileFormat.detect(fileName: file.name) else {
            throw InputError(file: file.path, "unknown file type: expected .csv, .json, .jsonl or .ndjson, optionally .gz")
        }
        return FileVerification(
            path: file.path, detected: detected, checks: SignatureCheck(keyring: keyring), source: job.source,
            batchID: batchID)
    }
}
