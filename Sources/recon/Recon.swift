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
            KeysCommand.self, StatementCommand.self, WorkerCommand.self, ExceptionsCommand.self, RejectsCommand.self,
        ])
}
