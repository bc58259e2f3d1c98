import ArgumentParser
import Foundation
import Logging
import ReconEngine

/// Options every database command takes (SPEC §7).
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "PostgreSQL URL; default $DATABASE_URL, then libpq's own defaults (PGHOST, ~/.pgpass…).")
    var databaseURL: String?

    @Flag(name: .long, help: "No progress display on stderr.")
    var quiet = false

    @Option(name: .long, help: "Log line format: text or json (one JSON object per line).")
    var logFormat: LogFormat = .text

    var database: Database { Database(url: databaseURL, environment: ProcessInfo.processInfo.environment) }

    func makeLogger(job: String? = nil) -> Logger {
        LoggingSetup.bootstrapOnce(format: logFormat)
        var logger = Logger(label: "recon")
        if let job { logger[metadataKey: "job"] = "\(job)" }
        return logger
    }

    var progress: ProgressReporter? { ProgressReporter.forStandardError(quiet: quiet) }
}

extension LogFormat: ExpressibleByArgument {}

/// Runs a command body and turns what it throws into SPEC §7 exit codes, with
/// one clear line on stderr. Nothing thrown here ever prints a secret: errors
/// are built to carry ids and paths, never key material or passwords.
func runReportingErrors(_ body: () throws -> ExitStatus) throws {
    let status: ExitStatus
    do {
        status = try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        let exit = ExitStatus.of(error)
        let line = LoggingSetup.errorLine("\(exitLabel(exit)): \(error)", exitCode: exit.rawValue)
        FileHandle.standardError.write(Data(line.utf8))
        throw ExitCode(exit.rawValue)
    }
    if status != .success { throw ExitCode(status.rawValue) }
}

private func exitLabel(_ status: ExitStatus) -> String {
    switch status {
    case .invalidConfiguration: "invalid configuration"
    case .databaseUnavailable: "database unavailable"
    case .locked: "locked"
    case .unusableInput: "unusable input"
    case .outputNotWritable: "cannot write output"
    case .internalError: "internal error"
    default: "error"
    }
}
