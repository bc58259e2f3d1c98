/// The `summary.json` counts of SPEC §6 for groups and bank lines.
///
/// A group is *matched* when the lines that settle it match cleanly (a
/// duplicate line next to it does not change that), *mismatched* when those
/// lines differ (amount, currency, date) or it is `MISSING_IN_BANK`, else
/// *pending*. A line is *matched* in a clean match, *pending* while unclaimed
/// inside the window, and *mismatched* otherwise (claimed by a mismatched
/// match, duplicate, unexpected, ambiguous).
public struct ReconcileCounts: Sendable, Equatable {
    public var groupsMatched = 0
    public var groupsPending = 0
    public var groupsMismatched = 0
    public var bankLinesMatched = 0
    public var bankLinesPending = 0
    public var bankLinesMismatched = 0

    public init() {}
}
