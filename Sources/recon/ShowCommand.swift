import ArgumentParser
import ReconCore
import ReconEngine

/// `recon show JOB REF` (SPEC §7, §9): everything known about one settlement
/// group (by settlement_ref) or bank line (by bank_txn_id).
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Everything about one settlement group or bank line: transactions, lines, exceptions, audit log.")

    @Argument(help: "Job file (YAML).") var jobFile: String
    @Argument(help: "A settlement_ref, or a bank_txn_id.") var ref: String
    @OptionGroup var common: CommonOptions
    @Option(help: "table, csv or json (default: table on a terminal, csv otherwise).") var format: ListFormat?

    func validate() throws {
        if ref.isEmpty { throw ValidationError("REF must be a settlement_ref or a bank_txn_id") }
    }

    func run() throws {
        try runReportingErrors {
            let job = try JobFile.load(path: jobFile)
            let loader = ItemStoryLoader(connection: try common.database.connectReady(), job: job)
            let stories: [ItemStory]
            do {
                stories = try loader.stories(ref: ref)
            } catch let error as ItemStoryLoader.NotFound {
                return Terminal.refuse(error, status: .usage)
            }
            switch format ?? .standard {
            case .csv: print(ItemStoryText.csv(stories), terminator: "")
            case .json: print(ItemStoryText.json(ref: ref, stories), terminator: "")
            case .table: print(ItemStoryText.table(stories, width: Terminal.width), terminator: "")
            }
            return .success
        }
    }
}
