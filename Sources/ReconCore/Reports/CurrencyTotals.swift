/// Money totals of one currency for `summary.json` and `report.html`, minor
/// units of `currency`. Currencies are never added together.
public struct CurrencyTotals: Sendable, Equatable {
    public var currency: Currency
    /// Sum of the signed amounts of the transactions this run settled.
    public var settledNet: Int64
    /// Sum of the nets of the settlement groups matched to bank lines.
    public var matchedAmount: Int64
    /// Sum of the nets of groups still open: pending or mismatched.
    public var openAmount: Int64
    /// Sum of the differences (bank − expected, signed) that tonight's
    /// reference matches accepted within the tolerance (SPEC §5.7): what the
    /// ledger books as a rounding or fee write-off.
    public var toleratedDifference: Int64 = 0

    public init(currency: Currency, settledNet: Int64 = 0, matchedAmount: Int64 = 0, openAmount: Int64 = 0) {
        self.currency = currency
        self.settledNet = settledNet
        self.matchedAmount = matchedAmount
        self.openAmount = openAmount
    }
}
