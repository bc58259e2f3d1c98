/// One row of `recon export settlements` (SPEC §6): a settlement group with
/// where reconciliation left it.
public struct SettlementExportRow: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        case matched
        case pending
        case mismatched
    }

    public var group: SettlementGroup
    public var status: Status
    /// Booking date of the matched bank line (the earliest, for a split payout).
    public var bookingDate: CivilDate?
    /// The matched bank line's id; for a split payout, the ids joined by `;`
    /// by the caller if it wants them all.
    public var bankTxnID: String?

    public init(group: SettlementGroup, status: Status, bookingDate: CivilDate? = nil, bankTxnID: String? = nil) {
        self.group = group
        self.status = status
        self.bookingDate = bookingDate
        self.bankTxnID = bankTxnID
    }
}
