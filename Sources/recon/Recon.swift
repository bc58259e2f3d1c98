import ArgumentParser
import ReconEngine

@main
struct Recon: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recon",
        abstract: "Payment reconciliation batch processor: ingest, verify, settle, reconcile, report.",
        version: ReconVersion.current,
        subcommands: [
            DatabaseCommand.self, RunCommand.self, IngestCommand.self, ReconcileCommand.self, ExportCommand.self, RerunCommand.self, BatchesCommand.self,
            KeysCommand.self, StatementCommand.self, WorkerCommand.self, DoctorCommand.self, ExceptionsCommand.self,
            RejectsCommand.self, MatchCommand.self, UnmatchCommand.self, ShowCommand.self,
        ])

    /// Global options may come before the subcommand (`recon --log-format
    /// json run JOB`): they are moved behind it, where every command's
    /// ``CommonOptions`` parse them.
    static func main() {
        main(GlobalOptions.movedBehindSubcommand(Array(CommandLine.arguments.dropFirst()), root: Recon.self))
    }
}
