import ArgumentParser
import ReconCore

/// Typed arguments: swift-argument-parser refuses a value these cannot be
/// built from with a usage error (exit 64) before any file is read (SPEC §7:
/// `--date 2026-02-30` never loads the job or the keyring).
extension CivilDate: ExpressibleByArgument {
    /// Exactly `YYYY-MM-DD`, and a day that exists.
    public init?(argument: String) { self.init(iso: argument) }

    public static var defaultCompletionKind: CompletionKind { .default }
}

/// A bank statement format, or `auto` (decided by content).
struct StatementFormatArgument: ExpressibleByArgument {
    /// Nil for `auto`.
    let format: StatementFormat?

    init?(argument: String) {
        if argument == "auto" {
            format = nil
        } else if let format = StatementFormat(rawValue: argument) {
            self.format = format
        } else {
            return nil
        }
    }

    static var allValueStrings: [String] { ["auto"] + StatementFormat.allCases.map(\.rawValue) }
    var defaultValueDescription: String { format?.rawValue ?? "auto" }
}
