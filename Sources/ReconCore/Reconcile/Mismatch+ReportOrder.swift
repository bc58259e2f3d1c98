extension Mismatch {
    /// The order of report rows: by kind (SPEC §5.4 order), then the group's
    /// reference and merchant, then the bank side. Every field a row is built
    /// from takes part, so equal rows are the only ties.
    public static func reportOrder(_ lhs: Mismatch, _ rhs: Mismatch) -> Bool {
        if lhs.kind != rhs.kind { return lhs.kind < rhs.kind }
        let left = (lhs.settlementRef ?? "", lhs.merchantID ?? "", lhs.currency ?? "", lhs.bankAccount ?? "")
        let right = (rhs.settlementRef ?? "", rhs.merchantID ?? "", rhs.currency ?? "", rhs.bankAccount ?? "")
        if left != right { return left < right }
        let leftLine = (lhs.bookingDate?.daysSinceEpoch ?? Int.min, lhs.bankLineID ?? Int64.min, lhs.bankTxnID ?? "")
        let rightLine = (rhs.bookingDate?.daysSinceEpoch ?? Int.min, rhs.bankLineID ?? Int64.min, rhs.bankTxnID ?? "")
        if leftLine != rightLine { return leftLine < rightLine }
        return lhs.detail < rhs.detail
    }
}
