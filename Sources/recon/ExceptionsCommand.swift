import ArgumentParser
import Foundation
import ReconCore
import ReconEngine

/// `recon exceptions [list|ack|resolve|reopen]` (SPEC §7, §9).
struct ExceptionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exceptions", abstract: "List and work the job's exceptions (open mismatches), biggest first.",
        subcommands: [ExceptionsListCommand.self, ExceptionsAckCommand.self, ExceptionsResolveCommand.self,
            ExceptionsReopenCommand.self],
        defaultSubcommand: ExceptionsListCommand.self)
}

extension ExceptionFilter {
    fileprivate static func validatedStates(_ text: String) throws -> Set<ExceptionState> {
        guard let states = ExceptionFilter.states(text) else {
            throw ValidationError("--state takes open, acknowledged, resolved, cleared (comma-separated) or all")
        }
        return states
    }
}

extension ListFormat: ExpressibleByArgument {}

struct ExceptionsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Open and acknowledged exceptions (or --state), largest amount at stake first.")

    @Argument(help: "Job file (YAML).") var jobFile: String
    @OptionGroup var common: CommonOptions
    @Option(help: "States, comma-separated (open, acknowledged, resolved, cleared), or all.") var state = "open,acknowledged"
    @Option(help: "Only this mismatch kind (e.g. MISSING_IN_BANK).") var kind: String?
    @Option(help: "Only this merchant.") var merchant: String?
    @Option(help: "Only exceptions first seen at least this many days ago.") var minAge: Int?
    @Option(help: "Only exceptions with at least this much at stake, in their own currency.") var minAmount: String?
    @Option(help: "table, csv or json (default: table on a terminal, csv otherwise).") var format: ListFormat?

    func validate() throws {
        _ = try ExceptionFilter.validatedStates(state)
        if let kind, MismatchKind(rawValue: kind) == nil {
            throw ValidationError("--kind must be one of \(MismatchKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let minAge, minAge < 0 { throw ValidationError("--min-age must be 0 or more days") }
        if let minAmount, !ExceptionFilter.isValidAmount(minAmount) {
            throw ValidationError("--min-amount must be a decimal amount like 100 or 12.50")
        }
    }

    func run() throws {
        try runReportingErrors {
            let job = try JobFile.load(path: jobFile)
            let filter = ExceptionFilter(
                states: try ExceptionFilter.validatedStates(state), kind: kind.flatMap(MismatchKind.init(rawValue:)),
                merchantID: merchant, minimumAgeDays: minAge, minimumAmount: minAmount)
            let today = try RunDate.resolve(nil, timeZone: job.timeZoneIdentifier).adding(days: 1)!
            let store = ExceptionStore(connection: try common.database.connectReady(), job: job.name)
            let rows = try store.list(filter, today: today)
            switch format ?? .standard {
            case .csv: FileHandle.standardOutput.write(Data(ExceptionListing.csvBytes(rows)))
            case .json: print(ExceptionListing.json(rows), terminator: "")
            case .table: print(ExceptionListing.table(rows, width: Terminal.width), terminator: "")
            }
            return .success
        }
    }
}

/// The options of every command that changes an exception.
struct ExceptionChangeOptions: ParsableArguments {
    @Argument(help: "Job file (YAML).") var jobFile: String
    @Argument(help: "The exception id (EX-…).") var id: String
    @Option(help: "Who makes the change, for the audit log (default: your login name).") var by: String?

    func validate() throws {
        guard ExceptionID(typed: id) != nil else {
            throw ValidationError("'\(id)' is not an exception id (EX- and 10 characters of 0-9, A-Z)")
        }
        if let by, by.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--by must name someone") }
    }

    /// Applies the change and prints what it did; an unknown id or a
    /// change that does not apply exits 64, a concurrent change 75 (SPEC §9).
    func apply(_ change: ExceptionChange, common: CommonOptions) throws {
        try runReportingErrors {
            let job = try JobFile.load(path: jobFile)
            let store = ExceptionStore(connection: try common.database.connectReady(), job: job.name)
            let person = by ?? Terminal.loginName
            do {
                let applied = try store.apply(change, to: ExceptionID(typed: id)!, by: person)
                print(ExceptionChangeText.render(applied, by: person))
                return .success
            } catch let error as ExceptionNotFound {
                return Terminal.refuse(error, status: .usage)
            } catch let error as ExceptionChangeRefused {
                return Terminal.refuse(error, status: .usage)
            } catch let error as ExceptionChangedConcurrently {
                return Terminal.refuse(error, status: .locked)
            }
        }
    }
}

struct ExceptionsAckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack", abstract: "Take an exception on (or hand it over): it stays listed, with its owner.")

    @OptionGroup var change: ExceptionChangeOptions
    @OptionGroup var common: CommonOptions
    @Option(help: "Who owns it from now on.") var owner: String
    @Option(help: "A note for the audit log and the list.") var note: String?

    func validate() throws {
        if owner.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--owner must name someone") }
    }

    func run() throws { try change.apply(.acknowledge(owner: owner, note: note), common: common) }
}

extension ResolutionReason: ExpressibleByArgument {}

struct ExceptionsResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve", abstract: "Close an exception with a reason and a note; it is no longer reported.")

    @OptionGroup var change: ExceptionChangeOptions
    @OptionGroup var common: CommonOptions
    @Option(help: "write_off, explained, fixed_upstream or manual_match.") var reason: ResolutionReason
    @Option(help: "Why: what was found or done.") var note: String

    func validate() throws {
        if note.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--note must say why") }
    }

    func run() throws { try change.apply(.resolve(reason: reason, note: note), common: common) }
}

struct ExceptionsReopenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reopen", abstract: "Open a resolved or cleared exception again.")

    @OptionGroup var change: ExceptionChangeOptions
    @OptionGroup var common: CommonOptions
    @Option(help: "Why it needs work again.") var note: String

    func validate() throws {
        if note.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--note must say why") }
    }

    func run() throws { try change.apply(.reopen(note: note), common: common) }
}

/// What a change did, one line.
enum ExceptionChangeText {
    static func render(_ applied: ExceptionStore.Applied, by person: String) -> String {
        let before = applied.before, after = applied.after
        var text = "\(after.exceptionID) \(after.kind.rawValue): \(before.state.rawValue) → \(after.state.rawValue)"
        if let owner = after.owner, owner != before.owner || after.state == .acknowledged { text += ", owner \(owner)" }
        if let reason = after.resolution { text += ", reason \(reason.rawValue)" }
        return text + " (by \(person))"
    }
}
