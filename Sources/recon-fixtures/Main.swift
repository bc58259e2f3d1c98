import ArgumentParser

/// Generates recon's sample inputs: test-only keys, the demo night in
/// `fixtures/`, and large signed files for the benchmark.
@main
struct ReconFixtures: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recon-fixtures",
        abstract: "Generate TEST-ONLY keys and signed sample transaction files.",
        subcommands: [KeysCommand.self, DemoCommand.self, BulkCommand.self])
}
