import ArgumentParser
import Foundation
import ReconCore
import ReconEngine

struct BatchesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batches", abstract: "List the job's batches with status, attempts, counts and errors.")

    enum Format: String, ExpressibleByArgument { case table, json }

    @Argument(help: "Job file (YAML).") var jobFile: String
    @OptionGroup var common: CommonOptions
    @Option(help: "Only batches with this status: queued, processing, settled, failed.") var status: String?
    @Option(help: "table or json.") var format: Format = .table

    func validate() throws {
        if let status, !["queued", "processing", "settled", "failed"].contains(status) {
            throw ValidationError("--status must be queued, processing, settled or failed")
        }
    }

    func run() throws {
        try runReportingErrors {
            let job = try JobFile.load(path: jobFile)
            let rows = try BatchListing.load(database: common.database, source: job.source, status: status)
            switch format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                encoder.keyEncodingStrategy = .convertToSnakeCase
                print(String(decoding: try encoder.encode(rows), as: UTF8.self))
            case .table:
                print(BatchTable.render(rows))
            }
            return .success
        }
    }
}
