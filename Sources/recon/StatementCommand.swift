import ArgumentParser
import Foundation
import ReconCore
import ReconEngine

struct StatementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statement", abstract: "Bank statement tools.", subcommands: [StatementShowCommand.self, StatementImportCommand.self])
}

/// `recon statement show FILE`: prints what recon reads from a bank file, one
/// JSON object per line (SPEC §7). Exit 65 when the file is unusable or a
/// statement fails its balance check.
struct StatementShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print the statements and lines recon reads from a bank file.")

    @Argument(help: "Bank statement file (camt.053 XML, MT940, BAI2 or bank CSV).") var file: String
    /// Accepted like every command's (global options); no database is touched.
    @OptionGroup var common: CommonOptions
    @Option(help: "auto (by content) or one of the job file's formats.")
    var format = StatementFormatArgument(argument: "auto")!

    func run() throws {
        try runReportingErrors {
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw InputError(file: file, "cannot read the file: check the path and permissions")
            }
            let chosen = format.format
            // Each statement is printed as soon as it is read (a camt file is
            // streamed): a refusal further on exits 65 after what came before it.
            var hasBalanceMismatch = false
            do {
                try StatementReader.forEachStatement(path: file, fileName: file, format: chosen) { statement in
                    let output = StatementPrinter.render([statement])
                    for line in output.lines { print(line) }
                    hasBalanceMismatch = hasBalanceMismatch || output.hasBalanceMismatch
                }
            } catch let error as StatementError {
                throw InputError(file: file, "\(error.location): \(error.message)")
            }
            return hasBalanceMismatch ? .unusableInput : .success
        }
    }
}

/// `recon statement import JOB`: imports the job's bank inbox without
/// reconciling (bank lines are then ready for `recon reconcile`).
struct StatementImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import the job's bank statement files into the database, without reconciling.")

    @Argument(help: "Job file (YAML).") var jobFile: String
    @OptionGroup var common: CommonOptions
    @Flag(help: "Wait for another run of this job to finish instead of exiting 75.") var wait = false

    func run() throws {
        try runReportingErrors {
            let logger = common.makeLogger()
            let job = try JobFile.load(path: jobFile)
            let report = try StatementIngestor.importInbox(
                job: job, database: common.database, logger: logger, wait: wait)
            for file in report.files {
                let state = file.alreadyImported ? "already imported" : "\(file.statements) statements, \(file.linesNew) new lines, \(file.linesAlreadyKnown) known"
                print("\(file.errors.isEmpty ? "imported" : "REFUSED ")  \(file.name): \(state)")
                for error in file.errors { print("    \(error)") }
            }
            for gap in report.gapsFound { print("STATEMENT_GAP \(gap)") }
            return report.errorCount > 0 ? .completedWithProblems : .success
        }
    }
}
