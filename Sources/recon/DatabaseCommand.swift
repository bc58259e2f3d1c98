import ArgumentParser
import Foundation
import ReconEngine

struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Database maintenance.", subcommands: [MigrateCommand.self, DatabaseCheckCommand.self])
}

struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply the sql/ migrations (forward-only, idempotent).")

    @OptionGroup var common: CommonOptions

    @Option(help: "Folder of NNN_name.sql migrations; default: $RECON_SQL_DIR, then the sql/ folder recon was built from or installed with.")
    var migrations: String?

    func run() throws {
        try runReportingErrors {
            let folder = try MigrationsFolder.locate(explicit: migrations)
            let applied = try SchemaMigration.migrate(
                database: common.database, folder: folder, logger: common.makeLogger())
            print(applied.isEmpty ? "database is up to date" : "applied: \(applied.joined(separator: ", "))")
            return .success
        }
    }
}
