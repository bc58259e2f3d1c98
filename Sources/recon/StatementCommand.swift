import ArgumentParser
import Foundation
import ReconCore
import ReconEngine

struct StatementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statement", abstract: "Bank statement tools (no database).", subcommands: [StatementShowCommand.self])
}

/// `recon statement show FILE`: prints what recon reads from a bank file, one
/// JSON object per line (SPEC §7). Exit 65 when the file is unusable or a
/// statement fails its balance check.
struct StatementShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print the statements and lines recon reads from a bank file.")

    enum Format: String, ExpressibleByArgument { case auto, csv, camt053, mt940 }

    @Argument(help: "Bank statement file (camt.053 XML, MT940 or bank CSV).") var file: String
    @Option(help: "auto, csv, camt053 or mt940.") var format: Format = .auto

    func run() throws {
        try runReportingErrors {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw InputError(file: file, "cannot read the file: check the path and permissions")
            }
            let chosen = format == .auto ? nil : StatementFormat(rawValue: format.rawValue)
            let statements: [BankStatement]
            do {
                statements = try StatementReader.parse([UInt8](data), fileName: file, format: chosen)
            } catch let error as StatementError {
                throw InputError(file: file, "\(error.location): \(error.message)")
            }
            let output = StatementPrinter.render(statements)
            for line in output.lines { print(line) }
            return output.hasBalanceMismatch ? .unusableInput : .success
        }
    }
}
