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

/// ``Mismatch/reportOrder`` as a small value, so that sorting a million rows
/// moves and compares only the fields that order them, never whole rows.
struct MismatchReportKey: Comparable {
    var kindRank: Int
    var settlementRef: String?
    var merchantID: String?
    var currency: String?
    var bankAccount: String?
    var bookingDay: Int
    var bankLineID: Int64
    var bankTxnID: String?
    var detail: String
    /// Position of the row in the unsorted array.
    var position: Int

    init(_ row: Mismatch, position: Int) {
        kindRank = row.kind.rank
        settlementRef = row.settlementRef
        merchantID = row.merchantID
        currency = row.currency
        bankAccount = row.bankAccount
        bookingDay = row.bookingDate?.daysSinceEpoch ?? Int.min
        bankLineID = row.bankLineID ?? Int64.min
        bankTxnID = row.bankTxnID
        detail = row.detail
        self.position = position
    }

    /// The same order as ``Mismatch/reportOrder``; position breaks full ties
    /// so the sort is stable.
    static func < (lhs: MismatchReportKey, rhs: MismatchReportKey) -> Bool {
        if lhs.kindRank != rhs.kindRank { return lhs.kindRank < rhs.kindRank }
        if lhs.settlementRef != rhs.settlementRef { return Self.ascending(lhs.settlementRef, rhs.settlementRef) }
        if lhs.merchantID != rhs.merchantID { return Self.ascending(lhs.merchantID, rhs.merchantID) }
        if lhs.currency != rhs.currency { return Self.ascending(lhs.currency, rhs.currency) }
        if lhs.bankAccount != rhs.bankAccount { return Self.ascending(lhs.bankAccount, rhs.bankAccount) }
        if lhs.bookingDay != rhs.bookingDay { return lhs.bookingDay < rhs.bookingDay }
        if lhs.bankLineID != rhs.bankLineID { return lhs.bankLineID < rhs.bankLineID }
        if lhs.bankTxnID != rhs.bankTxnID { return Self.ascending(lhs.bankTxnID, rhs.bankTxnID) }
        if lhs.detail != rhs.detail { return lhs.detail < rhs.detail }
        return lhs.position < rhs.position
    }

    /// For two different values; an absent one sorts first.
    private static func ascending(_ lhs: String?, _ rhs: String?) -> Bool {
        guard let left = lhs else { return true }
        guard let right = rhs else { return false }
        return left < right
    }
}
