import ArgumentParser
import Foundation
import ReconCore
import ReconEngine

/// `recon rejects JOB [--date D | --batch ID] [--reason R]` (SPEC §7).
struct RejectsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rejects",
        abstract: "Rejected records from the database: of the runs of a date, of one batch, or all of the job's source.")

    @Argument(help: "Job file (YAML).") var jobFile: String
    @OptionGroup var common: CommonOptions
    @Option(help: "Run date D (YYYY-MM-DD): what the runs of D ingested, as in its rejected.csv.") var date: String?
    @Option(help: "One batch by id (see `recon batches`).") var batch: Int64?
    @Option(help: "Only this reason code (e.g. SIGNATURE_MISMATCH).") var reason: String?
    @Option(help: "table, csv or json (default: table on a terminal, csv otherwise).") var format: ListFormat?

    func validate() throws {
        guard date == nil || batch == nil else { throw ValidationError("give --date or --batch, not both") }
        if let date, CivilDate(iso: date) == nil { throw ValidationError("--date must be a date YYYY-MM-DD") }
        if let reason, ReasonCode(rawValue: reason) == nil {
            throw ValidationError("--reason must be one of \(ReasonCode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        try runReportingErrors {
            let job = try JobFile.load(path: jobFile)
            let scope: RejectQuery.Scope =
                if let batch { .batch(batch) } else if let date { .runDate(CivilDate(iso: date)!) } else { .all }
            let rows = try RejectQuery(connection: try common.database.connectReady())
                .rows(job: job, scope: scope, reason: reason.flatMap(ReasonCode.init(rawValue:)))
            switch format ?? .standard {
            case .csv: print(RejectListing.csv(rows), terminator: "")
            case .json: print(RejectListing.json(rows), terminator: "")
            case .table: print(RejectListing.table(rows, width: Terminal.width), terminator: "")
            }
            return .success
        }
    }
}
