import ArgumentParser
import Foundation
import ReconCore
import ReconEngine

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export reports on demand.", subcommands: [ExportSettlementsCommand.self])
}

/// `recon export settlements --from D1 --to D2 [--merchant M] [--format csv|json] [--out FILE]` (SPEC §6).
struct ExportSettlementsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settlements", abstract: "One row per settlement group with its reconciliation status.")

    enum Format: String, ExpressibleByArgument { case csv, json }

    @OptionGroup var common: CommonOptions
    @Option(help: "First settlement date (inclusive), YYYY-MM-DD.") var from: CivilDate
    @Option(help: "Last settlement date (inclusive), YYYY-MM-DD.") var to: CivilDate
    @Option(help: "Only this merchant.") var merchant: String?
    @Option(help: "Only this job's source and reconciliation (a job file); default: every source.") var job: String?
    @Option(help: "csv or json.") var format: Format = .csv
    @Option(help: "Write to this file instead of stdout.") var out: String?

    func validate() throws {
        guard from <= to else { throw ValidationError("--from must not be after --to") }
    }

    func run() throws {
        try runReportingErrors {
            let jobFile = try job.map { try JobFile.load(path: $0) }
            let rows = try SettlementExporter(database: common.database).rows(
                from: from, to: to, merchant: merchant, source: jobFile?.source,
                job: jobFile?.name)
            let text = format == .csv ? SettlementExport.csv(rows) : SettlementExport.json(rows)
            if let out {
                try OutputFile.write(Data(text.utf8), to: out, what: "the export")
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
            return .success
        }
    }
}
