/// What a night does to each exception (SPEC §9, automatic transitions),
/// decided without I/O so every case is tested on its own. The store applies
/// the decisions in one transaction.
public enum ExceptionSyncRule {
    public enum Found: Sendable, Equatable {
        /// A new problem: a new exception, `open`.
        case create
        /// Nothing to write.
        case keep
        /// Still listed (open or acknowledged); its facts moved on.
        case refresh
        /// Open again with this note (who: recon).
        case reopen(note: String)
    }

    /// The mismatch was reported tonight; `stored` is its exception, if any.
    public static func found(
        _ facts: ExceptionFacts, currency: String?, stored: (state: ExceptionState, facts: ExceptionFacts)?,
        runDate: CivilDate
    ) -> Found {
        guard let stored else { return .create }
        switch stored.state {
        case .open, .acknowledged:
            return facts == stored.facts ? .keep : .refresh
        case .resolved:
            // Found again as it was resolved: the person's decision stands.
            let changes = facts.changes(from: stored.facts, currency: currency)
            guard !changes.isEmpty else { return .keep }
            return .reopen(note: "open again on \(runDate): its items changed since it was resolved: " + changes.joined(separator: "; "))
        case .cleared:
            return .reopen(note: "open again on \(runDate): reported again after recon had cleared it")
        }
    }

    /// The mismatch was not reported tonight: the note for clearing it, or
    /// nil when it stays as it is (a person's resolution is never replaced).
    public static func absent(state: ExceptionState, runDate: CivilDate) -> String? {
        state.isListed ? "cleared by recon on \(runDate): no longer found (the condition went away)" : nil
    }
}
