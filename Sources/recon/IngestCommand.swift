import ArgumentParser
import Foundation
import ReconCore
import ReconEngine

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest", abstract: "Ingest, verify and settle the job's new transaction files.")

    @Argument(help: "Job file (YAML).") var jobFile: String
    @OptionGroup var common: CommonOptions
    @Flag(help: "Verify and report; write nothing.") var dryRun = false
    @Flag(help: "Wait for another run of this job to finish instead of exiting 75.") var wait = false

    func run() throws {
        try runReportingErrors {
            let logger = common.makeLogger()
            let loaded = try LoadedJob(path: jobFile, logger: logger)
            let ingestor = loaded.ingestor(common, logger: logger)
            let report = dryRun ? try ingestor.dryRun() : try ingestor.ingestInbox(wait: wait)
            print(IngestSummaryText.render(report, dryRun: dryRun))
            return report.hasProblems ? .completedWithProblems : .success
        }
    }
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Ingest transactions and bank statements, reconcile date D, write the reports.")

    @Argument(help: "Job file (YAML).") var jobFile: String
    @OptionGroup var common: CommonOptions
    @Option(help: "Run date D (YYYY-MM-DD); default: yesterday in the job's time zone.") var date: CivilDate?
    @Flag(help: "Verify the transaction files and report; write nothing.") var dryRun = false
    @Flag(help: "Wait for another run of this job to finish instead of exiting 75.") var wait = false
    @Option(help: "Wait up to DURATION (30s, 2m, 500ms) for the job lock, then exit 75 naming its holder.")
    var waitLock: LockWaitArgument?
    @Option(help: "Prometheus textfile-collector file to write after the run (default: the job's metrics_file).")
    var metricsFile: String?
    @Option(help: "Catch-up: first missed run date (with --to); every date up to --to is reconciled in order.")
    var from: CivilDate?
    @Option(help: "Catch-up: last run date (with --from).") var to: CivilDate?

    func validate() throws {
        guard (from == nil) == (to == nil) else { throw ValidationError("give both --from and --to, or neither") }
        guard from == nil || date == nil else { throw ValidationError("--date cannot be combined with --from/--to") }
        guard waitLock == nil || !wait else { throw ValidationError("give --wait or --wait-lock, not both") }
        if let from, let to, from > to { throw ValidationError("--from must not be after --to") }
    }

    func run() throws {
        try runReportingErrors {
            let logger = common.makeLogger()
            let loaded = try LoadedJob(path: jobFile, logger: logger)
            if dryRun {
                let report = try loaded.ingestor(common, logger: logger).dryRun()
                print(IngestSummaryText.render(report, dryRun: true))
                return report.hasProblems ? .completedWithProblems : .success
            }
            let first = from ?? RunDate.orYesterday(date, timeZone: loaded.job.timeZoneIdentifier)
            let nights = try loaded.runner(common, logger: logger).run(
                dates: first...(to ?? first), lockWait: waitLock?.wait ?? LockWait(wait: wait), metricsFile: metricsFile ?? loaded.job.metricsFile)
            for (index, outcome) in nights.outcomes.enumerated() {
                if index == 0 { print(IngestSummaryText.render(outcome.ingest, dryRun: false, total: false)) }
                print(outcome.summaryText)
            }
            return nights.hasProblems ? .completedWithProblems : .success
        }
    }
}

struct ReconcileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile", abstract: "Import bank statements, reconcile date D and write the reports.")

    @Argument(help: "Job file (YAML).") var jobFile: String
    @OptionGroup var common: CommonOptions
    @Option(help: "Run date D (YYYY-MM-DD); default: yesterday in the job's time zone.") var date: CivilDate?
    @Flag(help: "Wait for another run of this job to finish instead of exiting 75.") var wait = false

    func run() throws {
        try runReportingErrors {
            let logger = common.makeLogger()
            let loaded = try LoadedJob(path: jobFile, logger: logger)
            let runDate = RunDate.orYesterday(date, timeZone: loaded.job.timeZoneIdentifier)
            let runner = loaded.runner(common, logger: logger)
            let outcome = try runner.reconcile(runDate: runDate, wait: wait)
            print(outcome.summaryText)
            return outcome.hasProblems ? .completedWithProblems : .success
        }
    }
}

struct RerunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rerun", abstract: "Settle failed (or interrupted) batches again; settled ones are left alone.")

    @Argument(help: "Job file (YAML).") var jobFile: String
    @OptionGroup var common: CommonOptions
    @Flag(help: "Every batch of the job's source that is not settled.") var failed = false
    @Option(help: "One batch by id (see `recon batches`).") var batch: Int64?
    @Flag(help: "Wait for another run of this job to finish instead of exiting 75.") var wait = false

    func validate() throws {
        guard failed != (batch != nil) else { throw ValidationError("give exactly one of --failed or --batch ID") }
    }

    func run() throws {
        try runReportingErrors {
            let logger = common.makeLogger()
            let loaded = try LoadedJob(path: jobFile, logger: logger)
            let ingestor = loaded.ingestor(common, logger: logger)
            let report = try ingestor.rerun(batch.map { .batch($0) } ?? .unsettled, wait: wait)
            print(IngestSummaryText.render(report, dryRun: false))
            return report.hasProblems ? .completedWithProblems : .success
        }
    }
}

struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Settle the job's queued batches alongside other workers (scale-out); exits when none are left.")

    @Argument(help: "Job file (YAML).") var jobFile: String
    @OptionGroup var common: CommonOptions

    func run() throws {
        try runReportingErrors {
            let logger = common.makeLogger()
            let loaded = try LoadedJob(path: jobFile, logger: logger)
            let ingestor = loaded.ingestor(common, logger: logger)
            let report = try ingestor.work()
            print(IngestSummaryText.render(report, dryRun: false))
            return report.hasProblems ? .completedWithProblems : .success
        }
    }
}
