/// An unmatched item still inside the matching window (SPEC §6
/// `report.html`): what it is, and the run date on which, still unmatched,
/// it becomes a mismatch (`date + window + 1`, SPEC §5.4).
public struct PendingItem: Sendable, Equatable {
    public enum Side: String, Sendable {
        /// A settlement group: expected, not yet in the bank.
        case group
        /// A bank line: in the bank, not yet explained.
        case bankLine = "bank_line"
    }

    public var side: Side
    /// The settlement_ref of a group; the bank_txn_id (or reference) of a line.
    public var name: String
    public var merchantID: String?
    public var currency: Currency
    /// The group's net or the line's amount, minor units.
    public var amount: Int64
    /// Settlement date of a group, booking date of a line.
    public var date: CivilDate
    public var becomesMismatchOn: CivilDate

    public init(
        side: Side, name: String, merchantID: String? = nil, currency: Currency, amount: Int64, date: CivilDate,
        windowDays: Int
    ) {
        self.side = side
        self.name = name
        self.merchantID = merchantID
        self.currency = currency
        self.amount = amount
        self.date = date
        becomesMismatchOn = date.adding(days: windowDays + 1) ?? date
    }

    /// Soonest due first, then the larger amount, then by name.
    public static func dueFirst(_ lhs: PendingItem, _ rhs: PendingItem) -> Bool {
        if lhs.becomesMismatchOn != rhs.becomesMismatchOn { return lhs.becomesMismatchOn < rhs.becomesMismatchOn }
        let (left, right) = (Mismatch.magnitude(lhs.amount), Mismatch.magnitude(rhs.amount))
        if left != right { return left > right }
        return lhs.name < rhs.name
    }
}
