import ArgumentParser
import Foundation
import ReconEngine

struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Database maintenance.", subcommands: [MigrateCommand.self, StatusCommand.self, DatabaseCheckCommand.self])
}

struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the migrations compiled into recon (forward-only, idempotent).")

    @OptionGroup var common: CommonOptions

    @Option(help: "Use the NNN_name.sql files of this folder instead of the ones compiled in (development).")
    var migrations: String?

    func run() throws {
        try runReportingErrors {
            let applied = try SchemaMigration.migrate(
                database: common.database, folder: migrations, logger: common.makeLogger())
            print(applied.isEmpty ? "database is up to date" : "applied: \(applied.joined(separator: ", "))")
            return .success
        }
    }
}

/// `recon db status`: every migration applied (and when) and every one
/// pending; exit 0 when up to date, 1 when something is pending or an
/// applied migration differs from recon's file.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "List applied and pending migrations.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Compare with the NNN_name.sql files of this folder instead of the ones compiled in.")
    var migrations: String?

    func run() throws {
        try runReportingErrors {
            let migrator = try SchemaMigration.migrator(folder: migrations)
            let status = try migrator.status(try common.database.connect())
            for line in MigrationStatusText.lines(status) { print(line) }
            return status.isUpToDate ? .success : .completedWithProblems
        }
    }
}
