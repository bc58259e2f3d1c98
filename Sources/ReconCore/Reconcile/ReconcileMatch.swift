/// Bank lines tied to one settlement group by one night's run. The engine
/// stores every match so its lines are claimed and not offered again.
///
/// A group can have several matches in one run: the lines that settle it, plus
/// one match per line that is a `DUPLICATE_BANK_LINE` or a stray
/// `CURRENCY_MISMATCH` next to lines in the right currency. Each such line is
/// claimed by the group, so it is reported once and never turns into an
/// `UNEXPECTED_BANK_LINE` later.
public struct ReconcileMatch: Sendable, Equatable {
    public var groupKey: SettlementGroup.Key
    /// Ordered by booking date, then id.
    public var bankLineIDs: [Int64]
    public var rule: MatchRule
    /// Nil for a clean match; else the mismatch reported for it.
    public var mismatchKind: MismatchKind?
    /// True for the matches of a many-to-one line (SPEC §5.6): the line is
    /// claimed by each of its groups, one match per group.
    public var sharesLine: Bool
    /// Bank amount − expected amount accepted by the tolerance (SPEC §5.7),
    /// on the match of the group (or, many-to-one, on the first group's).
    public var toleratedDifference: Int64

    public init(
        groupKey: SettlementGroup.Key, bankLineIDs: [Int64], rule: MatchRule, mismatchKind: MismatchKind?,
        sharesLine: Bool = false, toleratedDifference: Int64 = 0
    ) {
        self.groupKey = groupKey
        self.bankLineIDs = bankLineIDs
        self.rule = rule
        self.mismatchKind = mismatchKind
        self.sharesLine = sharesLine
        self.toleratedDifference = toleratedDifference
    }

    public var isClean: Bool { mismatchKind == nil }
}
