import ArgumentParser
import Foundation
import ReconCore
import ReconEngine

/// The options `recon match` and `recon unmatch` share (SPEC §7, §9).
struct ManualMatchOptions: ParsableArguments {
    @Argument(help: "Job file (YAML).") var jobFile: String
    @Option(help: "The settlement group's reference (settlement_ref).") var group: String
    @Option(help: "The group's merchant, where the reference alone names several groups.") var merchant: String?
    @Option(help: "The group's currency, where the reference alone names several groups.") var currency: String?
    @Option(help: "Why: what was found or agreed (kept in the audit log).") var note: String
    @Option(help: "Who makes the change, for the audit log (default: your login name).") var by: String?
    @Option(help: "How long to wait for a running night of the job (e.g. 30s, 5m; default 60s), then exit 75.")
    var waitLock: LockWaitArgument?

    func validate() throws {
        if note.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--note must say why") }
        if let by, by.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--by must name someone") }
        if group.isEmpty { throw ValidationError("--group must name a settlement_ref") }
        if let currency, Currency(code: currency) == nil { throw ValidationError("--currency must be an ISO 4217 code") }
    }

    var selector: ManualMatcher.GroupSelector {
        ManualMatcher.GroupSelector(settlementRef: group, merchantID: merchant, currency: currency)
    }

    /// A person at a terminal waits a little for the night to finish
    /// (their change is then applied after it), not all night.
    var lockWait: LockWait { waitLock?.wait ?? .upTo(milliseconds: 60_000) }

    func run(_ common: CommonOptions, _ change: (ManualMatcher, JobFile, String) throws -> ManualMatcher.Changed) throws {
        try runReportingErrors {
            let job = try JobFile.load(path: jobFile)
            let matcher = ManualMatcher(connection: try common.database.connectReady(), job: job)
            let person = by ?? Terminal.loginName
            do {
                let changed = try change(matcher, job, person)
                print(ManualMatchText.render(changed, by: person))
                return .success
            } catch let error as ManualMatchRefused {
                return Terminal.refuse(error, status: .usage)
            }
        }
    }
}

struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Match a settlement group with bank lines by hand; the automatic rules leave them alone until unmatched.")

    @OptionGroup var options: ManualMatchOptions
    @Option(parsing: .upToNextOption, help: "The bank lines (bank_txn_id), one or more.") var line: [String]
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if line.isEmpty || line.contains(where: \.isEmpty) { throw ValidationError("--line needs one or more bank_txn_ids") }
    }

    func run() throws {
        try options.run(common) { matcher, job, person in
            let today = try RunDate.resolve(nil, timeZone: job.timeZoneIdentifier).adding(days: 1)!
            return try matcher.match(
                options.selector, bankTxnIDs: line, note: options.note, by: person, today: today, lockWait: options.lockWait)
        }
    }
}

struct UnmatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unmatch",
        abstract: "Undo a manual match: the next reconcile treats the group and its lines as open again.")

    @OptionGroup var options: ManualMatchOptions
    @OptionGroup var common: CommonOptions

    func run() throws {
        try options.run(common) { matcher, _, person in
            try matcher.unmatch(options.selector, note: options.note, by: person, lockWait: options.lockWait)
        }
    }
}

/// What a match or unmatch changed, a few lines.
enum ManualMatchText {
    static func render(_ changed: ManualMatcher.Changed, by person: String, action: String? = nil) -> String {
        var lines = ["\(changed.group), net \(changed.net): bank lines \(changed.lines.joined(separator: ", ")) (by \(person))"]
        lines += changed.exceptions.map { "  \($0)" }
        return lines.joined(separator: "\n")
    }
}
