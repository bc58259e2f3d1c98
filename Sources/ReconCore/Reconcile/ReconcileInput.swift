/// Everything one night's reconciliation decides on, as plain values: the
/// engine loads it from the store, and nothing else is consulted.
///
/// Carry-forward lives in what the engine passes in:
/// - `groups`: every group not closed by a clean match on an earlier night,
///   including a group that was matched but received a new transaction since
///   (reopened): it comes with its new net, and the lines it had claimed are
///   passed again in `bankLines`, released.
/// - `bankLines`: every line not claimed by an earlier night (plus released ones).
/// - `firstSeenByIdentity`: `Mismatch.identity` → `first_seen` of every
///   mismatch reported before, so a problem keeps the date it was first seen.
public struct ReconcileInput: Sendable {
    public var runDate: CivilDate
    /// ± days around `settlement_date` a booking may fall (inclusive).
    public var windowDays: Int
    public var groups: [SettlementGroup]
    public var bankLines: [OpenBankLine]
    public var statementGaps: [StatementGap]
    public var firstSeenByIdentity: [String: CivilDate]
    /// Currency code → the largest |bank − expected| a reference match
    /// accepts, minor units (SPEC §5.7). Absent: exact.
    public var amountTolerance: [String: Int64]

    public init(
        runDate: CivilDate, windowDays: Int, groups: [SettlementGroup], bankLines: [OpenBankLine],
        statementGaps: [StatementGap] = [], firstSeenByIdentity: [String: CivilDate] = [:],
        amountTolerance: [String: Int64] = [:]
    ) {
        self.amountTolerance = amountTolerance
        self.runDate = runDate
        self.windowDays = windowDays
        self.groups = groups
        self.bankLines = bankLines
        self.statementGaps = statementGaps
        self.firstSeenByIdentity = firstSeenByIdentity
    }
}
