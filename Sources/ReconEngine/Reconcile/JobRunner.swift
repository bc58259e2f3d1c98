import Foundation
import Logging
import ReconCore
import ReconStore

/// `recon run`: ingest transactions, import bank statements, reconcile the
/// run date and write the reports — under the job's lock.
public final class JobRunner {
    public struct Outcome: Sendable {
        public var ingest: IngestReport
        public var statements: StatementImportReport
        public var mismatchCount: Int
        public var mismatchesByKind: [MismatchKind: Int]
        public var reportFolder: String
        public var summaryText: String

        /// SPEC §7: 1 when anything needs a person's attention.
        public var hasProblems: Bool {
            ingest.hasProblems || statements.errorCount > 0 || mismatchCount > 0
        }
    }

    let job: JobFile
    let keyring: Keyring
    let database: Database
    let logger: Logger
    let progress: ProgressReporter?

    public init(job: JobFile, keyring: Keyring, database: Database, logger: Logger, progress: ProgressReporter?) {
        self.job = job
        self.keyring = keyring
        self.database = database
        self.logger = logger
        self.progress = progress
    }

    public func run(runDate: CivilDate, wait: Bool) throws -> Outcome {
        try run(runDate: runDate, lockWait: LockWait(wait: wait))
    }

    public func run(runDate: CivilDate, lockWait: LockWait) throws -> Outcome {
        let startedAt = Date()
        let connection = try database.connectReady()
        let lock = JobLock(connection: connection, job: job.name)
        try lock.acquire(lockWait)
        defer { lock.releaseBeforeDisconnect() }
        let ingestor = Ingestor(job: job, keyring: keyring, database: database, logger: logger, progress: progress)
        let ingest = try ingestor.ingestInbox(connection: connection)
        return try reconcileAndReport(
            connection: connection, runDate: runDate, ingest: ingest, startedAt: startedAt)
    }

    /// `recon reconcile`: statements, reconciliation and reports, no transaction ingest.
    public func reconcile(runDate: CivilDate, wait: Bool) throws -> Outcome {
        try reconcile(runDate: runDate, lockWait: LockWait(wait: wait))
    }

    public func reconcile(runDate: CivilDate, lockWait: LockWait) throws -> Outcome {
        let startedAt = Date()
        let connection = try database.connectReady()
        let lock = JobLock(connection: connection, job: job.name)
        try lock.acquire(lockWait)
        defer { lock.releaseBeforeDisconnect() }
        return try reconcileAndReport(connection: connection, runDate: runDate, ingest: IngestReport(), startedAt: startedAt)
    }

    private func reconcileAndReport(
        connection: PostgresConnection, runDate: CivilDate, ingest: IngestReport, startedAt: Date
    ) throws -> Outcome {
        var clock = PhaseClock()
        let manifest = RunReportWriter.manifestInBackground(job: job, keyring: keyring)
        let statements = try StatementIngestor(job: job, connection: connection, logger: logger, runDate: runDate)
            .importInbox()
        let importSeconds = clock.lap()
        let night = try NightlyReconciliation(
            connection: connection, connectReader: { [database] in try database.connect() }, job: job, logger: logger
        ).run(runDate: runDate)
        _ = clock.lap()
        let reports = RunReportWriter(
            job: job, keyring: keyring, connection: connection, runDate: runDate, manifest: manifest)
        let written = try reports.write(ingest: ingest, statements: statements, night: night, startedAt: startedAt)
        logger.info(
            "reports written",
            metadata: ["folder": "\(written.folder)", "seconds_statements": "\(importSeconds)", "seconds_reports": "\(clock.lap())"])
        return Outcome(
            ingest: ingest, statements: statements, mismatchCount: written.listed.count,
            mismatchesByKind: Dictionary(grouping: written.listed, by: \.kind).mapValues(\.count),
            reportFolder: written.folder,
            summaryText: reports.summaryText(ingest: ingest, statements: statements, night: night, listed: written.listed))
    }
}
