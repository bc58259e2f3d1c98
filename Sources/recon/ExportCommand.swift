import ArgumentParser
import Foundation
import ReconCore
import ReconEngine

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export reports on demand.", subcommands: [ExportSettlementsCommand.self])
}

/// `recon export settlements --from D1 --to D2 [--merchant M] [--format csv|json] [--out FILE]` (SPEC §6).
struct ExportSettlementsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settlements", abstract: "One row per settlement group with its reconciliation status.")

    enum Format: String, ExpressibleByArgument { case csv, json }

    @OptionGroup var common: CommonOptions
    @Option(help: "First settlement date (inclusive), YYYY-MM-DD.") var from: CivilDate
    @Option(help: "Last settlement date (inclusive), YYYY-MM-DD.") var to: CivilDate
    @Option(help: "Only this merchant.") var merchant: String?
    @Option(help: "Only this job's source and reconciliation (a job file); default: every source.") var job: String?
    @Option(help: "csv or json.") var format: Format = .csv
    @Option(help: "Write to this file instead of stdout.") var out: String?

    func validate() throws {
        guard from <= to else { throw ValidationError("--from must not be after --to") }
    }

    func run() throws {
        try runReportingErrors {
            let jobFile = try job.map { try JobFile.load(path: $0) }
            let output = try ExportOutput(path: out)
            var stream = SettlementExport.Stream(format: format == .csv ? .csv : .json)
            do {
                try output.write(stream.header())
                try SettlementExporter(database: common.database).forEachRow(
                    from: from, to: to, merchant: merchant, source: jobFile?.source
                ) { row in try output.write(stream.row(row)) }
                try output.write(stream.footer())
                try output.finish()
            } catch {
                output.discard()
                throw error
            }
            return .success
        }
    }
}

/// Where an export goes: stdout, or a file written beside its final name and
/// renamed into place when complete, so a reader never sees half an export.
/// Written in pieces of about 1 MiB as the rows arrive.
final class ExportOutput {
    private let path: String?
    private let partial: String?
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    init(path: String?) throws {
        self.path = path
        guard let path else {
            partial = nil
            handle = FileHandle.standardOutput
            return
        }
        let partial = path + ".partial"
        guard FileManager.default.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o640]),
            let handle = FileHandle(forWritingAtPath: partial)
        else { throw OutputWriteError(path: path, what: "the export", reason: "cannot create \(partial)") }
        self.partial = partial
        self.handle = handle
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func finish() throws {
        try flush()
        guard let path, let partial else { return }
        do {
            try handle.close()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: partial, toPath: path)
        } catch {
            throw OutputWriteError(path: path, what: "the export", reason: error.localizedDescription)
        }
    }

    func discard() {
        guard let partial else { return }
        try? handle.close()
        try? FileManager.default.removeItem(atPath: partial)
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw OutputWriteError(path: path ?? "stdout", what: "the export", reason: error.localizedDescription)
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
