import PackagePlugin

/// Generates `EmbeddedMigrationFiles.swift` from the `.sql` files of the
/// target it is applied to (ReconSchema, whose `sql` is a link to the
/// package's `sql/`), so `recon db migrate` needs no files beside the binary
/// (SPEC §7) and a migration added on any branch is embedded without anyone
/// editing a list. Each file is an input of the command: an edit regenerates
/// the source.
@main
struct EmbedMigrations: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        let inputs = module.sourceFiles
            .map(\.url)
            .filter { $0.pathExtension == "sql" && !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedMigrationFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) migrations from sql/",
                executable: try context.tool(named: "recon-embed-migrations").url,
                arguments: [output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }
}
