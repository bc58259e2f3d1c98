extension Mismatch {
    /// The order of report rows: by kind (SPEC §5.4 order), then the group's
    /// reference and merchant, then the bank side. Every field a row is built
    /// from takes part, so equal rows are the only ties. Fields are compared
    /// one by one rather than as tuples: building a tuple of strings retains
    /// each of them, and at a million rows that was most of the sort's time.
    public static func reportOrder(_ lhs: Mismatch, _ rhs: Mismatch) -> Bool {
        if lhs.kind != rhs.kind { return lhs.kind < rhs.kind }
        if let order = ascending(lhs.settlementRef, rhs.settlementRef) { return order }
        if let order = ascending(lhs.merchantID, rhs.merchantID) { return order }
        if let order = ascending(lhs.currency, rhs.currency) { return order }
        if let order = ascending(lhs.bankAccount, rhs.bankAccount) { return order }
        let leftDay = lhs.bookingDate?.daysSinceEpoch ?? Int.min
        let rightDay = rhs.bookingDate?.daysSinceEpoch ?? Int.min
        if leftDay != rightDay { return leftDay < rightDay }
        let leftLine = lhs.bankLineID ?? Int64.min
        let rightLine = rhs.bankLineID ?? Int64.min
        if leftLine != rightLine { return leftLine < rightLine }
        if let order = ascending(lhs.bankTxnID, rhs.bankTxnID) { return order }
        return lhs.detail < rhs.detail
    }

    /// Nil when equal; an absent value sorts first.
    private static func ascending(_ lhs: String?, _ rhs: String?) -> Bool? {
        switch (lhs, rhs) {
        case (nil, nil): return nil
        case (nil, _): return true
        case (_, nil): return false
        case let (left?, right?): return left == right ? nil : left < right
        }
    }
}
