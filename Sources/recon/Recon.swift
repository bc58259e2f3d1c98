import ArgumentParser

@main
struct Recon: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recon",
        abstract: "Payment reconciliation batch processor.")
}
