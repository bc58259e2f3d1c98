import ArgumentParser
import ReconCore
import ReconEngine

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Keyring tools.", subcommands: [KeysCheckCommand.self])
}

struct KeysCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Load and validate the job's keyring; print what was loaded (never secrets).")

    @Argument(help: "Job file (YAML).") var jobFile: String
    @OptionGroup var common: CommonOptions

    func run() throws {
        try runReportingErrors {
            let loaded = try LoadedJob(path: jobFile, logger: common.makeLogger())
            print("keyring \(loaded.keyring.file): \(loaded.keyring.keys.count) keys")
            for key in loaded.keyring.keys.values.sorted(by: { $0.id < $1.id }) {
                var line = "  \(key.id)  \(key.algorithm.rawValue)  merchants=\(key.merchants.sorted().joined(separator: ","))"
                if let notBefore = key.notBefore { line += "  not_before=\(TimestampText.utc(micros: notBefore))" }
                if let notAfter = key.notAfter { line += "  not_after=\(TimestampText.utc(micros: notAfter))" }
                if key.revoked { line += "  REVOKED" }
                line += "  \(key.materialDescription)"
                print(line)
            }
            return .success
        }
    }
}
