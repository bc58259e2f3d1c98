/// What one night's reconciliation decided, as plain values for the engine to
/// store and report. Every array is in a stable order that does not depend on
/// the order of the input.
public struct ReconcileResult: Sendable, Equatable {
    /// Ordered by group key, then first bank line id.
    public var matches: [ReconcileMatch] = []
    /// Report rows (SPEC §6), in ``Mismatch/reportOrder``.
    public var mismatches: [Mismatch] = []
    /// Unmatched, still inside the window; offered again next night.
    public var pendingGroupKeys: [SettlementGroup.Key] = []
    public var pendingBankLineIDs: [Int64] = []
    /// Unmatched after the window: reported, and still offered next night so a
    /// late line or transaction can close them.
    public var missingGroupKeys: [SettlementGroup.Key] = []
    public var unexpectedBankLineIDs: [Int64] = []
    /// Lines that fit several groups by amount and date (or by reference):
    /// reported, not claimed.
    public var ambiguousBankLineIDs: [Int64] = []
    /// Groups whose own lines matched but differ (amount, currency, date):
    /// reported, and their status is `mismatched`. Sorted.
    public var mismatchedGroupKeys: [SettlementGroup.Key] = []
    public var counts = ReconcileCounts()
    /// Per currency code, the sum of tonight's tolerated differences (bank −
    /// expected, signed) of reference matches accepted by the tolerance.
    public var toleratedDifferenceByCurrency: [String: Int64] = [:]

    public init() {}
}
